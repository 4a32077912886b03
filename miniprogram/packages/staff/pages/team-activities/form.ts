import type { ActivityItem, KeyDay } from '../../../../services/volunteer';

/** The activity form: one date with start and end times (`nextDay`: it ends after midnight). */
export interface ActivityForm {
  title: string;
  date: string;
  start: string;
  end: string;
  nextDay: boolean;
  location: string;
  slots: string;
  hours: string;
  keyDayIndex: number;
  description: string;
}

export interface ActivityFields {
  title: string;
  startsAt: string;
  endsAt: string;
  location: string;
  slots: number;
  hours: number;
  keyDay: KeyDay | null;
  description: string;
}

/** Date `YYYY-MM-DD` + time `HH:mm` (Beijing time) → ISO with +08:00. */
export function toIsoTime(date: string, time: string): string {
  return `${date}T${time}:00+08:00`;
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The form as fields, or the first problem in words the leader can act on. */
export function readForm(f: ActivityForm, keyDays: readonly KeyDay[]): { fields?: ActivityFields; error?: string } {
  const slots = Number(f.slots);
  const hours = Number(f.hours);
  if (f.title.trim().length < 2) return { error: '请填写活动名称' };
  if (f.location.trim().length < 2) return { error: '请填写活动地点' };
  if (!(slots >= 1 && slots <= 500 && Number.isInteger(slots))) return { error: '招募人数应为1到500的整数' };
  if (!(hours > 0)) return { error: '请填写计划服务时长，如 2' };
  if (!f.nextDay && f.end <= f.start) return { error: '结束时间应晚于开始时间' };
  return {
    fields: {
      title: f.title.trim(),
      startsAt: toIsoTime(f.date, f.start),
      endsAt: toIsoTime(f.nextDay ? nextDate(f.date) : f.date, f.end),
      location: f.location.trim(),
      slots,
      hours,
      keyDay: f.keyDayIndex > 0 ? keyDays[f.keyDayIndex - 1] : null,
      description: f.description.trim(),
    },
  };
}

/** The form filled with an activity's current values (times as written, Asia/Shanghai). */
export function formOf(a: ActivityItem & { description?: string }, keyDays: readonly KeyDay[]): ActivityForm {
  return {
    title: a.title,
    date: a.startsAt.slice(0, 10),
    start: a.startsAt.slice(11, 16),
    end: a.endsAt.slice(11, 16),
    nextDay: a.endsAt.slice(0, 10) !== a.startsAt.slice(0, 10),
    location: a.location,
    slots: String(a.slots),
    hours: String(a.hours),
    keyDayIndex: a.keyDay ? keyDays.indexOf(a.keyDay) + 1 : 0,
    description: a.description ?? '',
  };
}

/** Only the fields that differ from the activity as it is (an empty object: nothing changed). */
export function changedFields(next: ActivityFields, a: ActivityItem & { description?: string }): Partial<ActivityFields> {
  const out: Partial<ActivityFields> = {};
  if (next.title !== a.title) out.title = next.title;
  // The form shows minutes (both times written in +08:00): changed when the date or minute differs.
  if (next.startsAt.slice(0, 16) !== a.startsAt.slice(0, 16)) out.startsAt = next.startsAt;
  if (next.endsAt.slice(0, 16) !== a.endsAt.slice(0, 16)) out.endsAt = next.endsAt;
  if (next.location !== a.location) out.location = next.location;
  if (next.slots !== a.slots) out.slots = next.slots;
  if (next.hours !== a.hours) out.hours = next.hours;
  if (next.keyDay !== a.keyDay) out.keyDay = next.keyDay;
  if (next.description !== (a.description ?? '')) out.description = next.description;
  return out;
}

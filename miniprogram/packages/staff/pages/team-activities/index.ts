import { elderMode } from '../../../../behaviors/elder-mode';
import { loadInto } from '../../../../utils/load-state';
import type { ViewStatus } from '../../../../components/state-view/type';
import { messageOf } from '../../../../services/transport';
import { createActivity, KEY_DAYS, listActivities, shortTime, type KeyDay } from '../../../../services/volunteer';

function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Date `YYYY-MM-DD` + time `HH:mm` (Beijing time) → ISO with +08:00. */
export function toIsoTime(date: string, time: string): string {
  return `${date}T${time}:00+08:00`;
}

// Team leader / staff: the team's activities (from 30 days ago) and the form to publish one.
Component({
  behaviors: [elderMode],
  data: {
    teamId: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    items: [] as { id: string; title: string; when: string; seats: string }[],
    keyDays: ['不关联主题日'].concat(KEY_DAYS),
    form: { title: '', date: today(), start: '09:00', end: '11:00', location: '', slots: '20', hours: '2', keyDayIndex: 0, description: '' },
    formError: '',
    showForm: false,
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ teamId: query.teamId || '' });
      this.load();
    },

    load() {
      const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
      return loadInto(this, () => listActivities({ teamId: this.data.teamId, from, limit: 100 }), (page) => ({
        items: page.items.map((a) => ({ id: a.id, title: a.title, when: shortTime(a.startsAt), seats: `已报名 ${a.signedCount}/${a.slots}` })),
        status: page.items.length ? 'ready' : 'empty',
      }));
    },

    onRetry() {
      this.load();
    },

    onToggleForm() {
      this.setData({ showForm: !this.data.showForm, formError: '' });
    },

    onField(e: WechatMiniprogram.Input) {
      this.setData({ [`form.${e.currentTarget.dataset.field}`]: e.detail.value, formError: '' });
    },

    onPick(e: WechatMiniprogram.PickerChange) {
      const field = e.currentTarget.dataset.field as string;
      this.setData({ [`form.${field}`]: field === 'keyDayIndex' ? Number(e.detail.value) : e.detail.value });
    },

    async onCreate() {
      const f = this.data.form;
      const slots = Number(f.slots);
      const hours = Number(f.hours);
      if (f.title.trim().length < 2) return this.setData({ formError: '请填写活动名称' });
      if (f.location.trim().length < 2) return this.setData({ formError: '请填写活动地点' });
      if (!(slots >= 1 && slots <= 500 && Number.isInteger(slots))) return this.setData({ formError: '招募人数应为1到500的整数' });
      if (!(hours > 0)) return this.setData({ formError: '请填写计划服务时长，如 2' });
      if (f.end <= f.start) return this.setData({ formError: '结束时间应晚于开始时间' });
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        await createActivity({
          teamId: this.data.teamId,
          title: f.title.trim(),
          startsAt: toIsoTime(f.date, f.start),
          endsAt: toIsoTime(f.date, f.end),
          location: f.location.trim(),
          slots,
          hours,
          keyDay: f.keyDayIndex > 0 ? (KEY_DAYS[f.keyDayIndex - 1] as KeyDay) : undefined,
          description: f.description.trim() || undefined,
        });
        wx.showToast({ title: '活动已发布', icon: 'success' });
        this.setData({ showForm: false, 'form.title': '', 'form.description': '' });
        await this.load();
      } catch (err) {
        this.setData({ formError: messageOf(err) });
      }
      this.setData({ busy: false });
    },

    onCode(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/staff/pages/signin-code/index?activityId=${e.currentTarget.dataset.id}` });
    },
  },
});

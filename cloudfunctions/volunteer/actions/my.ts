import type { MyHoursResult, MyRecordsParams, MyRecordsResult, RecordChange } from '../../../typings/volunteer';
import { userAction } from '../../_shared/handler';
import { pageWindow, toPage } from '../../_shared/paging';
import { maskName } from '../../_shared/privacy';
import { toIso } from '../../_shared/time';
import { pageParams, z } from '../../_shared/validate';
import { params } from '../../_shared/contract';
import { requireVolunteer } from '../access';
import { yearField } from '../fields';
import { RECORDS, RECORD_CHANGES, VOLUNTEERS, nextStarAt, roundHours, starOf, type HourRecordDoc, type RecordChangeDoc, type VolunteerDoc } from '../model';
import { recordItem } from '../views';

/** Enough for any one person's lifetime of records on one screen. */
const MAX_RECORDS = 1000;

/**
 * A registered volunteer's totals: approved hours (the atomic counter), pending hours, star level
 * and every record, newest first. Only approved hours count. Reads: 2.
 */
export const myHours = userAction(z.object({}), async (_input, ctx): Promise<MyHoursResult> => {
  const { openid } = ctx;
  const { db } = ctx;
  const [v, records] = await Promise.all([
    requireVolunteer(db, openid),
    db.collection<HourRecordDoc>(RECORDS).where({ openid }).orderBy('startsAt', 'desc').limit(MAX_RECORDS).get(),
  ]);
  const approvedHours = roundHours(v.approvedHours);
  const pendingHours = roundHours(records.data.filter((r) => r.status === 'pending').reduce((s, r) => s + r.hours, 0));
  return { approvedHours, pendingHours, star: starOf(approvedHours), nextStarAt: nextStarAt(approvedHours), records: records.data.map(recordItem) };
});

const recordsInput = params<MyRecordsParams>()(z.object({ year: yearField.optional(), ...pageParams }));

/** The caller's records with every change made to each (who, when, before/after). Reads: 3–4. */
export const myRecords = userAction(recordsInput, async (input, ctx): Promise<MyRecordsResult> => {
  const { openid } = ctx;
  const { db } = ctx;
  const w = pageWindow(input);
  const where: Record<string, unknown> = { openid };
  if (input.year) where.year = input.year;
  const res = await db.collection<HourRecordDoc>(RECORDS).where(where).orderBy('startsAt', 'desc').orderBy('_id', 'asc').skip(w.skip).limit(w.fetch).get();
  const page = toPage(w, res.data);
  if (!page.items.length) return { items: [], nextCursor: null };
  const changes = (
    await db
      .collection<RecordChangeDoc>(RECORD_CHANGES)
      .where({ recordId: db.command.in(page.items.map((r) => r._id)) })
      .orderBy('at', 'asc')
      .limit(1000)
      .get()
  ).data;
  const actors = Array.from(new Set(changes.map((c) => c.actor).filter((a) => a !== openid)));
  const people = actors.length ? (await db.collection<VolunteerDoc>(VOLUNTEERS).where({ _id: db.command.in(actors) }).limit(100).get()).data : [];
  const names = new Map(people.map((p) => [p._id, maskName(p.realName)]));
  const byRecord = new Map<string, RecordChange[]>();
  for (const c of changes) {
    const by = c.action === 'onsite' ? '现场签到码' : c.actor === openid ? '本人' : (names.get(c.actor) ?? '工作人员');
    const list = byRecord.get(c.recordId) ?? [];
    list.push({ at: toIso(c.at), by, action: c.action, before: c.before, after: c.after, reason: c.reason });
    byRecord.set(c.recordId, list);
  }
  return { items: page.items.map((r) => ({ ...recordItem(r), changes: byRecord.get(r._id) ?? [] })), nextCursor: page.nextCursor };
});

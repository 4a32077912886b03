import type { KeyDayReportParams, KeyDayReportResult, KeyDayRow } from '../../../typings/cases';
import type { KeyDay } from '../../../typings/volunteer';
import type { Database } from '../../_shared/cloud';
import { COLLECTIONS } from '../../_shared/collections';
import { params } from '../../_shared/contract';
import { staffAction } from '../../_shared/handler';
import { loadPoint, pointChain } from '../../_shared/org';
import { id, integer, z } from '../../_shared/validate';
import { KEY_DAYS, round1, yearRange } from '../model';
import { readAll } from '../sources';
import { loadBranchName } from '../../_shared/reference';

type Unit = { pointId: string } | { branchId: string } | Record<string, never>;

async function keyDayRow(db: Database, keyDay: KeyDay, unit: Unit, year: number): Promise<KeyDayRow> {
  const _ = db.command;
  const { start, end } = yearRange(year);
  const inYear = { keyDay, startsAt: _.and(_.gte(start), _.lt(end)), ...unit };
  const [courses, activities, records] = await Promise.all([
    readAll<{ _id: string; status: string; checkinCount: number; startsAt: Date; endsAt: Date }>(db, COLLECTIONS.courses, inYear, { _id: true, status: true, checkinCount: true, startsAt: true, endsAt: true }),
    readAll<{ _id: string; status: string; signedCount: number }>(db, COLLECTIONS.volunteerActivities, inYear, { _id: true, status: true, signedCount: true }),
    readAll<{ _id: string; hours: number }>(db, COLLECTIONS.hourRecords, { ...unit, status: 'approved', year, keyDay }, { _id: true, hours: true }),
  ]);
  const held = courses.filter((c) => c.status !== 'cancelled');
  const active = activities.filter((a) => a.status !== 'cancelled');
  return {
    keyDay,
    courses: {
      count: held.length,
      attendances: held.reduce((s, c) => s + (c.checkinCount ?? 0), 0),
      hours: round1(held.reduce((s, c) => s + (c.endsAt.getTime() - c.startsAt.getTime()) / 3600_000, 0)),
    },
    volunteer: { count: active.length, participants: active.reduce((s, a) => s + a.signedCount, 0), hours: round1(records.reduce((s, r) => s + r.hours, 0)) },
  };
}

/**
 * Science-day activities of a unit and year: courses (held, their check-ins, teaching hours) and
 * volunteer activities (their signups, approved hours), per key day.
 */
export const keyDayReport = staffAction({
  input: params<KeyDayReportParams>()(z.object({ year: integer('年份', 2000, 2100), pointId: id('教学点').optional(), branchId: id('分校').optional() })),
  who: 'staff of the point or branch; head_admin for the city',
  denied: '只能查看本单位的主题日活动统计',
  scope: async (p, { db }) => {
    if (p.pointId) return { chain: pointChain(await loadPoint(db, p.pointId)) };
    if (p.branchId) {
      await loadBranchName(db, p.branchId);
      return { chain: { branchId: p.branchId } };
    }
    return { chain: {} };
  },
  run: async (p, { db }): Promise<KeyDayReportResult> => {
    const unit: Unit = p.pointId ? { pointId: p.pointId } : p.branchId ? { branchId: p.branchId } : {};
    const rows = await Promise.all(KEY_DAYS.map((kd) => keyDayRow(db, kd, unit, p.year)));
    return { year: p.year, level: p.pointId ? 'point' : p.branchId ? 'branch' : 'city', unitId: p.pointId ?? p.branchId ?? null, rows };
  },
});

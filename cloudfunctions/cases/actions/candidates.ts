import type { CaseCandidate, CaseCandidatesParams, CaseCandidatesResult } from '../../../typings/cases';
import type { KeyDay } from '../../../typings/volunteer';
import type { Database } from '../../_shared/cloud';
import { COLLECTIONS } from '../../_shared/collections';
import { params } from '../../_shared/contract';
import { staffAction } from '../../_shared/handler';
import { toIso } from '../../_shared/time';
import { id, integer, z } from '../../_shared/validate';
import { CASES, KEY_DAYS, yearRange } from '../model';
import { figuresOf, readAll, type ActivitySource } from '../sources';
import { loadBranchName } from '../../_shared/reference';

/** A branch holds a few science-day activities a year; the page shows the newest this many. */
const MAX_CANDIDATES = 100;

interface Row {
  _id: string;
  title: string;
  pointId: string | null;
  startsAt: Date;
  endsAt: Date;
  status: string;
  signedCount: number;
  checkinCount?: number;
}

const FIELDS = { _id: true, title: true, pointId: true, startsAt: true, endsAt: true, status: true, signedCount: true, checkinCount: true };

/** One key day's ended, not cancelled courses or activities of the branch in the year (index branchId_keyDay_startsAt). */
async function ended(db: Database, collection: string, branchId: string, keyDay: KeyDay, year: number, now: Date): Promise<Row[]> {
  const _ = db.command;
  const { start, end } = yearRange(year);
  const rows = await readAll<Row>(db, collection, { branchId, keyDay, startsAt: _.and(_.gte(start), _.lt(end)) }, FIELDS);
  return rows.filter((r) => r.status !== 'cancelled' && r.endsAt.getTime() <= now.getTime());
}

/**
 * What a branch may submit as an outstanding case: its ended science-day courses and volunteer
 * activities of the year, each with the figures the case would be given now and the case already
 * submitted for it.
 */
export const caseCandidates = staffAction({
  input: params<CaseCandidatesParams>()(z.object({ year: integer('年份', 2000, 2100), branchId: id('分校') })),
  who: 'branch_admin of the branch, head_admin',
  denied: '只能查看本分校的主题日活动',
  scope: async (p, { db }) => {
    await loadBranchName(db, p.branchId);
    return { chain: { branchId: p.branchId }, roles: ['branch_admin', 'head_admin'] as const };
  },
  run: async (p, { db, now }): Promise<CaseCandidatesResult> => {
    const perDay = await Promise.all(
      KEY_DAYS.map(async (keyDay) => {
        const [courses, activities] = await Promise.all([ended(db, COLLECTIONS.courses, p.branchId, keyDay, p.year, now), ended(db, COLLECTIONS.volunteerActivities, p.branchId, keyDay, p.year, now)]);
        const toSource = (kind: ActivitySource['kind'], r: Row): ActivitySource => ({
          kind,
          id: r._id,
          title: r.title,
          branchId: p.branchId,
          pointId: r.pointId,
          startsAt: r.startsAt,
          endsAt: r.endsAt,
          keyDay,
          cancelled: false,
          signedCount: r.signedCount ?? 0,
          checkinCount: r.checkinCount ?? 0,
        });
        return [...courses.map((r) => toSource('course', r)), ...activities.map((r) => toSource('volunteer', r))];
      }),
    );
    const sources = perDay
      .flat()
      .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime() || (a.id < b.id ? -1 : 1))
      .slice(0, MAX_CANDIDATES);
    const submitted = await readAll<{ _id: string; activityId: string; activityKind: string }>(db, CASES, { year: p.year, branchId: p.branchId }, { _id: true, activityId: true, activityKind: true });
    const caseOf = new Map(submitted.map((c) => [`${c.activityKind}:${c.activityId}`, c._id]));
    const items: CaseCandidate[] = await Promise.all(
      sources.map(async (s) => ({
        activityKind: s.kind,
        activityId: s.id,
        title: s.title,
        keyDay: s.keyDay as KeyDay,
        startsAt: toIso(s.startsAt),
        endsAt: toIso(s.endsAt),
        figures: await figuresOf(db, s),
        caseId: caseOf.get(`${s.kind}:${s.id}`) ?? null,
      })),
    );
    return { year: p.year, branchId: p.branchId, items };
  },
});

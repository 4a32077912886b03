import type { BreakdownResult, BreakdownRow, StatsScope, TrendResult } from '../../typings/stats';
import type { Database } from '../_shared/cloud';
import { invalidArgument, notFound } from '../_shared/errors';
import { findPoint, POINTS_COLLECTION, type PointDoc } from '../_shared/org';
import { BRANCHES_COLLECTION, type BranchDoc } from '../_shared/reference';
import { STAT_COUNTERS, yearDocId, type StatDoc } from '../_shared/stat-counters';
import { CITY_UNIT, counterDocs, notYetStarted, num, type UnitRef } from './figures';

export const STATS_DENIED = '您只能查看本单位及下属单位的统计';

export interface ResolvedUnit {
  unit: UnitRef;
  /** The chain whose staff may see the unit (city: the head school only). */
  chain: { branchId?: string; pointId?: string };
  name: string;
}

/** The unit a request names, and the chain whose staff may see it. Reads: 0–1. */
export async function resolveUnit(db: Database, scope: StatsScope, unitId: string | undefined): Promise<ResolvedUnit> {
  if (scope === 'city') return { unit: { scope, unitId: CITY_UNIT, branchId: null }, chain: {}, name: '全市' };
  if (!unitId) throw invalidArgument(scope === 'branch' ? '请选择分校' : '请选择教学点');
  if (scope === 'branch') {
    const res = await db.collection<BranchDoc>(BRANCHES_COLLECTION).where({ _id: unitId }).limit(1).get();
    const branch = res.data[0];
    if (!branch) throw notFound('没有找到这个分校');
    return { unit: { scope, unitId, branchId: unitId }, chain: { branchId: unitId }, name: branch.name };
  }
  const point = await findPoint(db, unitId);
  if (!point) throw notFound('没有找到这个教学点');
  return { unit: { scope, unitId, branchId: point.branchId }, chain: { branchId: point.branchId, pointId: point._id }, name: point.name };
}

/**
 * One row per branch (city) or per point (a branch): learners now and the year's figures, from the
 * units' counter documents (two indexed reads) and the unit names.
 */
export async function breakdownOf(db: Database, scope: 'city' | 'branch', unitId: string | undefined, year: number): Promise<BreakdownResult> {
  const childType = scope === 'city' ? 'branch' : 'point';
  const branchFilter = scope === 'city' ? {} : { branchId: unitId };
  const counters = db.collection<StatDoc>(STAT_COUNTERS);
  const [learnerDocs, yearDocs, units] = await Promise.all([
    counters.where({ kind: 'learners', unitType: childType, ...branchFilter }).limit(1000).get(),
    counters.where({ kind: 'year', year, unitType: childType, ...branchFilter }).limit(1000).get(),
    scope === 'city'
      ? db.collection<BranchDoc>(BRANCHES_COLLECTION).orderBy('order', 'asc').limit(100).get()
      : db.collection<PointDoc>(POINTS_COLLECTION).where({ branchId: unitId }).orderBy('name', 'asc').limit(1000).get(),
  ]);
  const byId = (docs: StatDoc[]) => new Map(docs.map((d) => [d.unitId, d]));
  const learners = byId(learnerDocs.data);
  const years = byId(yearDocs.data);
  const rows: BreakdownRow[] = units.data.map((u) => {
    const y = years.get(u._id);
    return {
      unitId: u._id,
      unitName: u.name,
      learners: num(learners.get(u._id), 'total'),
      coursesHeld: num(y, 'checkedCourses'),
      attendances: num(y, 'attendances'),
      approvedHours: num(y, 'approvedTenths') / 10,
      quizAttempts: num(y, 'quizAttempts'),
    };
  });
  return { rows };
}

/** Five years up to `year`, for the line chart. Reads: 2. */
export async function trendOf(db: Database, unit: UnitRef, year: number, now: Date): Promise<TrendResult> {
  const years = [4, 3, 2, 1, 0].map((d) => year - d);
  const [docs, early] = await Promise.all([counterDocs(db, unit.unitId, years), notYetStarted(db, unit, year, now)]);
  return {
    years: years.map((y) => {
      const doc = docs.get(yearDocId(unit.unitId, y));
      const late = y === year ? early : { courses: 0, attendances: 0 };
      return {
        year: y,
        coursesHeld: num(doc, 'checkedCourses') - late.courses,
        attendances: num(doc, 'attendances') - late.attendances,
        approvedHours: num(doc, 'approvedTenths') / 10,
        quizAttempts: num(doc, 'quizAttempts'),
      };
    }),
  };
}

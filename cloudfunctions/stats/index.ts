import type { BreakdownParams, BreakdownResult, BreakdownRow, OverviewParams, StatsApi, TrendParams, TrendResult } from '../../typings/stats';
import type { Database } from '../_shared/cloud';
import { params } from '../_shared/contract';
import { invalidArgument, notFound } from '../_shared/errors';
import { createFunction, staffAction } from '../_shared/handler';
import { findPoint, POINTS_COLLECTION, type PointDoc } from '../_shared/org';
import { BRANCHES_COLLECTION, type BranchDoc } from '../_shared/reference';
import { STAT_COUNTERS, yearDocId, type StatDoc } from '../_shared/stat-counters';
import { id, z } from '../_shared/validate';
import { CITY_UNIT, counterDocs, notYetStarted, num, overviewOf, type UnitRef } from './figures';

const year = () => z.number({ error: '年份应为数字' }).int('年份应为整数').min(2000, '年份不正确').max(2100, '年份不正确');
const scopeField = z.enum(['city', 'branch', 'point'], { error: '统计范围应为全市、分校或教学点' });
const DENIED = '您只能查看本单位及下属单位的统计';

/** The unit a request names, and the chain whose staff may see it (city: the head school only). */
async function resolveUnit(db: Database, scope: UnitRef['scope'], unitId: string | undefined) {
  if (scope === 'city') return { unit: { scope, unitId: CITY_UNIT, branchId: null } as UnitRef, chain: {}, name: '全市' };
  if (!unitId) throw invalidArgument(scope === 'branch' ? '请选择分校' : '请选择教学点');
  if (scope === 'branch') {
    const res = await db.collection<BranchDoc>(BRANCHES_COLLECTION).where({ _id: unitId }).limit(1).get();
    const branch = res.data[0];
    if (!branch) throw notFound('没有找到这个分校');
    return { unit: { scope, unitId, branchId: unitId } as UnitRef, chain: { branchId: unitId }, name: branch.name };
  }
  const point = await findPoint(db, unitId);
  if (!point) throw notFound('没有找到这个教学点');
  return { unit: { scope, unitId, branchId: point.branchId } as UnitRef, chain: { branchId: point.branchId, pointId: point._id }, name: point.name };
}

const overview = staffAction({
  input: params<OverviewParams>()(z.object({ scope: scopeField, unitId: id('单位').optional(), year: year() })),
  who: 'head_admin (city, any branch or point), branch_admin (its branch and points), point_admin (its point)',
  denied: DENIED,
  scope: async (p, { db }) => resolveUnit(db, p.scope, p.unitId),
  run: async (p, { db, now, target }) => overviewOf(db, target.unit, p.year, now),
});

/**
 * One row per branch (city) or per point (a branch): learners now and the year's figures, from the
 * units' counter documents (two indexed reads) and the unit names.
 */
const breakdown = staffAction({
  input: params<BreakdownParams>()(z.object({ scope: z.enum(['city', 'branch'], { error: '分项统计的范围应为全市或分校' }), unitId: id('单位').optional(), year: year() })),
  who: 'head_admin (city: each branch; a branch: each point), branch_admin (its branch: each point)',
  denied: DENIED,
  scope: async (p, { db }) => resolveUnit(db, p.scope, p.unitId),
  run: async (p, { db }): Promise<BreakdownResult> => {
    const childType = p.scope === 'city' ? 'branch' : 'point';
    const branchFilter = p.scope === 'city' ? {} : { branchId: p.unitId };
    const counters = db.collection<StatDoc>(STAT_COUNTERS);
    const [learnerDocs, yearDocs, units] = await Promise.all([
      counters.where({ kind: 'learners', unitType: childType, ...branchFilter }).limit(1000).get(),
      counters.where({ kind: 'year', year: p.year, unitType: childType, ...branchFilter }).limit(1000).get(),
      p.scope === 'city'
        ? db.collection<BranchDoc>(BRANCHES_COLLECTION).orderBy('order', 'asc').limit(100).get()
        : db.collection<PointDoc>(POINTS_COLLECTION).where({ branchId: p.unitId }).orderBy('name', 'asc').limit(1000).get(),
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
  },
});

/** Five years up to `year`, for the line chart. Reads: roles + unit + 1. */
const trend = staffAction({
  input: params<TrendParams>()(z.object({ scope: scopeField, unitId: id('单位').optional(), year: year() })),
  who: 'as overview',
  denied: DENIED,
  scope: async (p, { db }) => resolveUnit(db, p.scope, p.unitId),
  run: async (p, { db, now, target }): Promise<TrendResult> => {
    const years = [4, 3, 2, 1, 0].map((d) => p.year - d);
    const [docs, early] = await Promise.all([counterDocs(db, target.unit.unitId, years), notYetStarted(db, target.unit, p.year, now)]);
    return {
      years: years.map((y) => {
        const doc = docs.get(yearDocId(target.unit.unitId, y));
        const late = y === p.year ? early : { courses: 0, attendances: 0 };
        return {
          year: y,
          coursesHeld: num(doc, 'checkedCourses') - late.courses,
          attendances: num(doc, 'attendances') - late.attendances,
          approvedHours: num(doc, 'approvedTenths') / 10,
          quizAttempts: num(doc, 'quizAttempts'),
        };
      }),
    };
  },
});

/** Figures for the three levels, from the maintained counters (`_shared/stat-counters.ts`). */
export const main = createFunction<StatsApi>('stats', { overview, breakdown, trend });

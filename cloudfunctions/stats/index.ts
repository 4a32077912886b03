import type { BreakdownParams, BreakdownResult, NationalParams, OverviewParams, RecountParams, StatsApi, TrendParams, TrendResult } from '../../typings/stats';
import { params } from '../_shared/contract';
import { createFunction, staffAction } from '../_shared/handler';
import { id, z } from '../_shared/validate';
import { overviewOf } from './figures';
import { nationalOf } from './national';
import { recount } from './recount';
import { breakdownOf, resolveUnit, STATS_DENIED, trendOf } from './views';

const year = () => z.number({ error: '年份应为数字' }).int('年份应为整数').min(2000, '年份不正确').max(2100, '年份不正确');
const scopeField = z.enum(['city', 'branch', 'point'], { error: '统计范围应为全市、分校或教学点' });
const DENIED = STATS_DENIED;

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
  run: async (p, { db }): Promise<BreakdownResult> => breakdownOf(db, p.scope, p.unitId, p.year),
});

/** 全国科普统计: the year's science-popularisation staff, activities and key days of a unit (`typings/stats.ts` NationalFigures). */
const national = staffAction({
  input: params<NationalParams>()(z.object({ scope: scopeField, unitId: id('单位').optional(), year: year() })),
  who: 'as overview',
  denied: DENIED,
  scope: async (p, { db }) => resolveUnit(db, p.scope, p.unitId),
  run: async (p, { db, now, target }) => nationalOf(db, target.unit, p.year, now),
});

/** Five years up to `year`, for the line chart. Reads: roles + unit + 1. */
const trend = staffAction({
  input: params<TrendParams>()(z.object({ scope: scopeField, unitId: id('单位').optional(), year: year() })),
  who: 'as overview',
  denied: DENIED,
  scope: async (p, { db }) => resolveUnit(db, p.scope, p.unitId),
  run: async (p, { db, now, target }): Promise<TrendResult> => trendOf(db, target.unit, p.year, now),
});

/** head_admin: rebuilds one point's or branch's counters of a year from the records (cursor-driven: call until done). */
const recountAction = staffAction({
  input: params<RecountParams>()(
    z.object({ scope: z.enum(['point', 'branch'], { error: '重新核算的范围应为分校或教学点' }), unitId: id('单位'), year: year(), restart: z.boolean({ error: '请选择是否重新开始' }).optional() }),
  ),
  who: 'head_admin',
  denied: '只有总校管理员可以重新核算统计数字',
  scope: async (p, { db }) => ({ ...(await resolveUnit(db, p.scope, p.unitId)), chain: {} }),
  run: async (p, { db, now, caller, target }) => recount(db, target, p, caller.openid, now),
});

/** Figures for the three levels, from the maintained counters (`_shared/stat-counters.ts`). */
export const main = createFunction<StatsApi>('stats', { overview, breakdown, trend, recount: recountAction, national });

import type { BreakdownParams, NationalParams, OverviewParams, TrendParams } from '../../typings/stats';
import { call } from './transport';

export type { BreakdownRow, NationalFigures, Overview, StatsScope, TrendResult } from '../../typings/stats';

export const statsOverview = (p: OverviewParams) => call('stats', 'overview', p);
export const statsBreakdown = (p: BreakdownParams) => call('stats', 'breakdown', p);
export const statsTrend = (p: TrendParams) => call('stats', 'trend', p);
export const statsNational = (p: NationalParams) => call('stats', 'national', p);

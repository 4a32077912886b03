import type { LatLng } from '../../services/org';

/** How the finder is searching right now. */
export type FinderMode = 'all' | 'branch' | 'keyword' | 'near';

export interface FinderQuery {
  mode: FinderMode;
  branchId?: string;
  keyword?: string;
  near?: LatLng;
}

export const PAGE_SIZE = 20;

/** The listPoints params of a query (one page). */
export function toListParams(q: FinderQuery, cursor?: string): Record<string, unknown> {
  const params: Record<string, unknown> = { limit: PAGE_SIZE };
  if (q.branchId) params.branchId = q.branchId;
  if (q.mode === 'keyword' && q.keyword) params.keyword = q.keyword;
  if (q.mode === 'near' && q.near) params.near = q.near;
  if (cursor) params.cursor = cursor;
  return params;
}

export function describe(q: FinderQuery, branchName: string): string {
  const where = branchName ? `${branchName}` : '全市';
  if (q.mode === 'near') return `${where}离您最近的教学点`;
  if (q.mode === 'keyword') return `${where}名称或地址含「${q.keyword}」的教学点`;
  return `${where}的教学点`;
}

export function distanceText(km: number | undefined): string {
  if (km === undefined) return '';
  return km < 1 ? `${Math.round(km * 1000)} 米` : `${km.toFixed(1)} 公里`;
}

import type {
  AuditItem,
  BranchItem,
  BranchPointItem,
  BranchStatsItem,
  BranchStatsResult,
  CreatePointParams,
  CreatePointResult,
  GrantRoleParams,
  LatLng,
  LeaderTitle,
  ListAuditParams,
  ListAuditResult,
  ListBranchesResult,
  ListBranchPointsParams,
  ListBranchPointsResult,
  ListPointsParams,
  ListPointsResult,
  ListRolesResult,
  PointDetail,
  PointItem,
  PointStatusResult,
  RoleItem,
  UpdatePointParams,
  UpdatePointResult,
} from '../../typings/org';
import { callFunction } from './transport';

export type {
  AuditItem,
  BranchItem,
  BranchPointItem,
  BranchStatsItem,
  BranchStatsResult,
  CreatePointParams,
  LatLng,
  LeaderTitle,
  ListBranchesResult,
  ListPointsResult,
  PointDetail,
  PointItem,
  RoleItem,
  UpdatePointParams,
};

export const LEADER_TITLES: LeaderTitle[] = ['社区党委副书记', '教科文卫委员'];

/** All 41 branch schools (分校); anyone may call. */
export function listBranches(): Promise<ListBranchesResult> {
  return callFunction<ListBranchesResult>('org', { action: 'listBranches' });
}

/** Active teaching points: by district, by keyword, or nearest first (with `near`). */
export function listPoints(params: ListPointsParams = {}): Promise<ListPointsResult> {
  return callFunction<ListPointsResult>('org', { action: 'listPoints', ...params });
}

export function getPoint(pointId: string): Promise<PointDetail> {
  return callFunction<PointDetail>('org', { action: 'getPoint', pointId });
}

// ----- staff -----

export function createPoint(params: CreatePointParams): Promise<CreatePointResult> {
  return callFunction<CreatePointResult>('org', { action: 'createPoint', ...params });
}

export function updatePoint(params: UpdatePointParams): Promise<UpdatePointResult> {
  return callFunction<UpdatePointResult>('org', { action: 'updatePoint', ...params });
}

export function deactivatePoint(pointId: string, reason: string): Promise<PointStatusResult> {
  return callFunction<PointStatusResult>('org', { action: 'deactivatePoint', pointId, reason });
}

export function reactivatePoint(pointId: string): Promise<PointStatusResult> {
  return callFunction<PointStatusResult>('org', { action: 'reactivatePoint', pointId });
}

export function listBranchPoints(params: ListBranchPointsParams): Promise<ListBranchPointsResult> {
  return callFunction<ListBranchPointsResult>('org', { action: 'listBranchPoints', ...params });
}

export function grantRole(params: GrantRoleParams): Promise<{ granted: true }> {
  return callFunction<{ granted: true }>('org', { action: 'grantRole', ...params });
}

export function revokeRole(params: GrantRoleParams): Promise<{ revoked: true }> {
  return callFunction<{ revoked: true }>('org', { action: 'revokeRole', ...params });
}

export function listRoles(unitId: string): Promise<ListRolesResult> {
  return callFunction<ListRolesResult>('org', { action: 'listRoles', unitId });
}

export function branchStats(): Promise<BranchStatsResult> {
  return callFunction<BranchStatsResult>('org', { action: 'branchStats' });
}

export function listAudit(params: ListAuditParams): Promise<ListAuditResult> {
  return callFunction<ListAuditResult>('org', { action: 'listAudit', ...params });
}

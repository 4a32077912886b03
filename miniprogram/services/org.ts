import type {
  AuditItem,
  BranchItem,
  BranchPointItem,
  BranchStatsItem,
  BranchStatsResult,
  CreatePointParams,
  CreatePointResult,
  GrantRoleParams,
  RevokeRoleParams,
  GrantRoleResult,
  LatLng,
  LeaderTitle,
  ListAuditParams,
  ListAuditResult,
  ListBranchPointsParams,
  ListBranchPointsResult,
  ListBranchesResult,
  ListPointsParams,
  ListPointsResult,
  ListRolesResult,
  PointDetail,
  PointItem,
  PointStatusResult,
  RevokeRoleResult,
  RoleItem,
  UpdatePointParams,
  UpdatePointResult,
} from '../../typings/org';
import { call } from './transport';

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
  return call('org', 'listBranches');
}

/** Active teaching points: by district, by keyword, or nearest first (with `near`). */
export function listPoints(params: ListPointsParams = {}): Promise<ListPointsResult> {
  return call('org', 'listPoints', params);
}

export function getPoint(pointId: string): Promise<PointDetail> {
  return call('org', 'getPoint', { pointId });
}

// ----- staff -----

export function createPoint(params: CreatePointParams): Promise<CreatePointResult> {
  return call('org', 'createPoint', params);
}

export function updatePoint(params: UpdatePointParams): Promise<UpdatePointResult> {
  return call('org', 'updatePoint', params);
}

export function deactivatePoint(pointId: string, reason: string): Promise<PointStatusResult> {
  return call('org', 'deactivatePoint', { pointId, reason });
}

export function reactivatePoint(pointId: string): Promise<PointStatusResult> {
  return call('org', 'reactivatePoint', { pointId });
}

export function listBranchPoints(params: ListBranchPointsParams): Promise<ListBranchPointsResult> {
  return call('org', 'listBranchPoints', params);
}

export function grantRole(params: GrantRoleParams): Promise<GrantRoleResult> {
  return call('org', 'grantRole', params);
}

export function revokeRole(params: RevokeRoleParams): Promise<RevokeRoleResult> {
  return call('org', 'revokeRole', params);
}

export function listRoles(unitId: string): Promise<ListRolesResult> {
  return call('org', 'listRoles', { unitId });
}

export function branchStats(): Promise<BranchStatsResult> {
  return call('org', 'branchStats');
}

export function listAudit(params: ListAuditParams): Promise<ListAuditResult> {
  return call('org', 'listAudit', params);
}

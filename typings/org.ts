import type { NoParams } from './api';
import type { IsoTime, Page, PageParams } from './envelope';
import type { Role } from './roles';

export interface BranchItem {
  id: string;
  /** Administrative division code, as in the reference data (e.g. 500103, WSJK). */
  code: string;
  name: string;
  district: string;
  /** Active teaching points of the branch. */
  pointCount: number;
}

export interface ListBranchesResult {
  items: BranchItem[];
}

export interface LatLng {
  latitude: number;
  longitude: number;
}

/** A teaching point's leader: the community party deputy secretary, or the committee member for education/culture/health. */
export type LeaderTitle = '社区党委副书记' | '教科文卫委员';

// ---------------------------------------------------------------------------------------------
// Public (anyone)
// ---------------------------------------------------------------------------------------------

export interface ListPointsParams extends PageParams {
  branchId?: string;
  keyword?: string;
  near?: LatLng;
}

export interface PointItem {
  id: string;
  branchId: string;
  name: string;
  address: string;
  isDemo: boolean;
  /** Only with `near`: straight-line distance in km (2 decimals). */
  distanceKm?: number;
}

export type ListPointsResult = Page<PointItem>;

export interface GetPointParams {
  pointId: string;
}

export interface PointDetail {
  id: string;
  branchId: string;
  branchName: string;
  name: string;
  address: string;
  location?: LatLng;
  isDemo: boolean;
  leaderName: string;
  leaderTitle: LeaderTitle;
  /** Additive: the point's public contact number, when its staff published one. */
  contactPhone?: string;
  /** False once the branch has deactivated the point: it takes no new learners. */
  active: boolean;
  learnerCount: number;
}

// ---------------------------------------------------------------------------------------------
// Staff
// ---------------------------------------------------------------------------------------------

export interface CreatePointParams {
  branchId: string;
  name: string;
  address: string;
  leaderName: string;
  leaderTitle: LeaderTitle;
  location?: LatLng;
}

export interface CreatePointResult {
  pointId: string;
}

/** Only the fields given change; `location: null` removes the map location. */
export interface UpdatePointParams {
  pointId: string;
  name?: string;
  address?: string;
  leaderName?: string;
  leaderTitle?: LeaderTitle;
  location?: LatLng | null;
  /** Additive: a public contact number residents may call (mobile or landline); `null` removes it. */
  contactPhone?: string | null;
}

export interface UpdatePointResult {
  pointId: string;
  /** Names of the fields that changed (empty: nothing to change). */
  changed: string[];
}

export interface DeactivatePointParams {
  pointId: string;
  reason: string;
}

export interface ReactivatePointParams {
  pointId: string;
}

export interface PointStatusResult {
  pointId: string;
  active: boolean;
}

/** 示范教学点: named by the head school. */
export interface SetDemoPointParams {
  pointId: string;
  isDemo: boolean;
}

export interface SetDemoPointResult {
  pointId: string;
  isDemo: boolean;
}

export interface ListBranchPointsParams extends PageParams {
  branchId: string;
  /** Include deactivated points (default true: staff see the whole history). */
  includeInactive?: boolean;
}

export interface BranchPointItem {
  id: string;
  branchId: string;
  name: string;
  address: string;
  location?: LatLng;
  leaderName: string;
  leaderTitle: LeaderTitle;
  isDemo: boolean;
  active: boolean;
  learnerCount: number;
  /** Courses of the point that are not cancelled. */
  courseCount: number;
}

export type ListBranchPointsResult = Page<BranchPointItem>;

export interface GrantRoleParams {
  /** The person; or, instead, `code`. */
  openid?: string;
  /** The person's 身份码 (user.staffCode: 6 digits, valid 10 minutes, once) instead of `openid`. */
  code?: string;
  /** Grantable through this action: `branch_admin` (scope: a branch id) and `point_admin` (scope: a point id). */
  role: Role;
  scopeId: string;
}

export interface GrantRoleResult {
  granted: true;
}

export interface RevokeRoleParams {
  openid: string;
  role: Role;
  scopeId: string;
}

export interface RevokeRoleResult {
  revoked: true;
}

export interface ListRolesParams {
  /** A branch id (`br_…`) or a point id (`pt_…`). */
  unitId: string;
}

export interface RoleItem {
  openid: string;
  role: Role;
  scopeId: string;
  scopeName: string;
  /** The holder's enrolled name, when the holder is also a learner. */
  holderName: string | null;
  grantedBy: string;
  grantedAt: IsoTime;
}

export interface ListRolesResult {
  items: RoleItem[];
}

export interface BranchStatsItem {
  id: string;
  code: string;
  name: string;
  district: string;
  /** Active points. */
  pointCount: number;
  inactivePointCount: number;
  demoPointCount: number;
  /** Learners enrolled at the branch's points (active or not). */
  learnerCount: number;
}

export interface BranchStatsResult {
  items: BranchStatsItem[];
  totals: { pointCount: number; inactivePointCount: number; demoPointCount: number; learnerCount: number };
}

export interface ListAuditParams extends PageParams {
  /** A branch or point id; head admins may omit it for the whole city. */
  unitId?: string;
}

export interface AuditItem {
  id: string;
  at: IsoTime;
  actor: string;
  /** e.g. `role.grant`, `point.update`. */
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export type ListAuditResult = Page<AuditItem>;

// ---------------------------------------------------------------------------------------------
// The function's API map (typings/api.ts)
// ---------------------------------------------------------------------------------------------

export interface OrgApi {
  listBranches: { params: NoParams; result: ListBranchesResult };
  listPoints: { params: ListPointsParams; result: ListPointsResult };
  getPoint: { params: GetPointParams; result: PointDetail };
  createPoint: { params: CreatePointParams; result: CreatePointResult };
  updatePoint: { params: UpdatePointParams; result: UpdatePointResult };
  deactivatePoint: { params: DeactivatePointParams; result: PointStatusResult };
  reactivatePoint: { params: ReactivatePointParams; result: PointStatusResult };
  setDemoPoint: { params: SetDemoPointParams; result: SetDemoPointResult };
  listBranchPoints: { params: ListBranchPointsParams; result: ListBranchPointsResult };
  grantRole: { params: GrantRoleParams; result: GrantRoleResult };
  revokeRole: { params: RevokeRoleParams; result: RevokeRoleResult };
  listRoles: { params: ListRolesParams; result: ListRolesResult };
  branchStats: { params: NoParams; result: BranchStatsResult };
  listAudit: { params: ListAuditParams; result: ListAuditResult };
}

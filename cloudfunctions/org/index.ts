import type { OrgApi } from '../../typings/org';
import { createFunction } from '../_shared/handler';
import { branchStats } from './actions/branch-stats';
import { createPoint } from './actions/create-point';
import { getPoint } from './actions/get-point';
import { listAudit } from './actions/list-audit';
import { listBranchPoints } from './actions/list-branch-points';
import { listBranches } from './actions/list-branches';
import { listPoints } from './actions/list-points';
import { deactivatePoint, reactivatePoint, setDemoPoint } from './actions/point-status';
import { grantRole, listRoles, revokeRole } from './actions/roles';
import { updatePoint } from './actions/update-point';

/** The organisation: 总校 → 41 分校 → 教学点, and the staff roles scoped to them. */
export const main = createFunction<OrgApi>('org', {
  // anyone
  listBranches,
  listPoints,
  getPoint,
  // staff
  createPoint,
  updatePoint,
  deactivatePoint,
  reactivatePoint,
  setDemoPoint,
  listBranchPoints,
  grantRole,
  revokeRole,
  listRoles,
  branchStats,
  listAudit,
});

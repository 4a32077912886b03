import type { Role, RoleGrant } from '../../typings/roles';
import type { Database } from './cloud';
import { permissionDenied } from './errors';
import { COLLECTIONS } from './collections';

/**
 * The one answer to "may caller X do Y on unit Z" for every function.
 *
 * A record sits somewhere in the organisation (总校 → 分校 → 教学点 → 志愿服务队); its `UnitChain`
 * names every unit above it. Staff of any unit on that chain manage the record: a head admin
 * everything, a branch admin its branch and the points and teams under it, a point admin its point
 * and its teams, a team leader its team.
 */
export interface UnitChain {
  branchId?: string;
  pointId?: string;
  teamId?: string;
}

export interface Caller {
  openid: string;
  grants: RoleGrant[];
}

export const ROLES_COLLECTION = COLLECTIONS.roles;

export interface RoleDoc {
  _id: string;
  openid: string;
  role: Role;
  scopeId: string;
  grantedBy: string;
  grantedAt: Date;
}

/** Role documents have deterministic ids, so a grant is idempotent and never duplicated. */
export function roleDocId(openid: string, role: Role, scopeId: string): string {
  return `${role}:${scopeId}:${openid}`;
}

/** Head-school admins bootstrapped from the function's environment (comma-separated OPENIDs). */
export function bootstrapHeadAdmins(): Set<string> {
  return new Set(
    (process.env.HEAD_ADMIN_OPENIDS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/** One read: the caller's grants (served by the `roles.openid` index). */
export async function loadCaller(db: Database, openid: string): Promise<Caller> {
  const res = await db.collection<RoleDoc>(ROLES_COLLECTION).where({ openid }).limit(100).get();
  const grants: RoleGrant[] = res.data.map((d) => (d.role === 'head_admin' ? { role: d.role } : { role: d.role, scopeId: d.scopeId }));
  if (bootstrapHeadAdmins().has(openid) && !grants.some((g) => g.role === 'head_admin')) grants.unshift({ role: 'head_admin' });
  return { openid, grants };
}

export function isHeadAdmin(caller: Caller): boolean {
  return caller.grants.some((g) => g.role === 'head_admin');
}

/** Whether the caller is staff of a unit on the chain (or a head admin). */
export function canManage(caller: Caller, chain: UnitChain): boolean {
  return caller.grants.some((g) => {
    switch (g.role) {
      case 'head_admin':
        return true;
      case 'branch_admin':
        return chain.branchId !== undefined && g.scopeId === chain.branchId;
      case 'point_admin':
        return chain.pointId !== undefined && g.scopeId === chain.pointId;
      case 'team_leader':
        return chain.teamId !== undefined && g.scopeId === chain.teamId;
    }
  });
}

export function requireManage(caller: Caller, chain: UnitChain, message?: string): void {
  if (!canManage(caller, chain)) throw permissionDenied(message);
}

/** Whether the caller holds any staff role at all (staff console entry). */
export function isStaff(caller: Caller): boolean {
  return caller.grants.length > 0;
}

/**
 * Roles are granted only downward: a head admin grants branch admins and point admins; a branch
 * admin grants point admins of its own points; staff of a team's unit (not the team's own
 * leaders) appoint its team leaders. Head admins come only from HEAD_ADMIN_OPENIDS (or a role
 * document written by the operator), never through a grant.
 * `target` is the chain of the unit the role applies to (for point_admin: `{ branchId, pointId }`).
 */
export function canGrant(caller: Caller, role: Role, target: UnitChain): boolean {
  switch (role) {
    case 'head_admin':
      return false;
    case 'branch_admin':
      return isHeadAdmin(caller);
    case 'point_admin':
      return isHeadAdmin(caller) || caller.grants.some((g) => g.role === 'branch_admin' && target.branchId !== undefined && g.scopeId === target.branchId);
    case 'team_leader':
      return canManage(caller, { branchId: target.branchId, pointId: target.pointId });
  }
}

/** scopeId stored on head_admin role documents (the whole city). */
export const HEAD_SCOPE = 'city';

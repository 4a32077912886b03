/** Staff roles, each held with a scope: the unit it applies to. */
export type Role = 'head_admin' | 'branch_admin' | 'point_admin' | 'team_leader';

export interface RoleGrant {
  role: Role;
  /** The branch, point or team id; absent for head_admin (the whole city). */
  scopeId?: string;
}

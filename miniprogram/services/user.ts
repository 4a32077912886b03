import type { Role, RoleGrant } from '../../typings/roles';
import { callFunction } from './transport';

export type { Role, RoleGrant };

// typings/user.ts does not exist yet: a local declaration of the parts of user.me the
// mini-program reads (CONTRACT.md, user.me). Switch to `import type` once it lands.
export interface MeResult {
  openid: string;
  roles: RoleGrant[];
  learner: null | { pointId: string; pointName: string; name: string };
  volunteer: null | { realName: string; approvedHours: number };
}

/** The caller's identity, roles, enrollment and volunteer record; needs an OPENID. */
export function me(): Promise<MeResult> {
  return callFunction<MeResult>('user', { action: 'me' });
}

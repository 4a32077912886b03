import type { GrantRoleParams, GrantRoleResult, ListRolesParams, ListRolesResult, RevokeRoleParams, RevokeRoleResult, RoleItem } from '../../../typings/org';
import type { Role } from '../../../typings/roles';
import { canManage, roleDocId, ROLES_COLLECTION, type Caller, type RoleDoc } from '../../_shared/authz';
import { writeAudit } from '../../_shared/audit';
import { isDuplicateKeyError, type Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { failedPrecondition, notFound, permissionDenied, resourceExhausted } from '../../_shared/errors';
import { recordFailure, tooManyFailures } from '../../_shared/rate-limit';
import { consumeStaffCode, peekStaffCode } from '../../_shared/staff-codes';
import { staffAction, type ScopeTarget, type UserContext } from '../../_shared/handler';
import { learnerChain, LEARNERS_COLLECTION, type LearnerDoc } from '../../_shared/org';
import { maskName } from '../../_shared/privacy';
import { toIso } from '../../_shared/time';
import { z } from '../../_shared/validate';
import { openidField, roleField, unitIdField } from '../schemas';
import { loadUnit, unitScope, type Unit } from '../units';

const roleInput = z.object({ openid: openidField(), role: roleField(), scopeId: unitIdField() });

const grantInput = z
  .object({
    openid: openidField().optional(),
    code: z.string({ error: '身份码应为 6 位数字' }).regex(/^\d{6}$/, '身份码应为 6 位数字').optional(),
    role: roleField(),
    scopeId: unitIdField(),
  })
  .refine((p) => (p.openid === undefined) !== (p.code === undefined), { message: '请填写对方“我的”页上的 6 位身份码' });

/** Wrong 身份码 a staff member may try per 10 minutes (6 digits must not be guessable by trying). */
const MAX_CODE_FAILURES = 10;
const CODE_FAILURE_WINDOW_SECONDS = 10 * 60;

const GRANT_DENIED: Record<Role, string> = {
  head_admin: '总校管理员由系统配置开通，不能在这里授予',
  branch_admin: '分校管理员只能由总校管理员任命',
  point_admin: '教学点负责人只能由所属分校或总校的管理员任命',
  team_leader: '志愿服务队队长请在志愿服务队管理中指定',
};

/**
 * The scope of a grant or revoke: the role is grantable here, the scope exists and fits the role,
 * and the caller may grant it there (authz.canGrant: a branch admin is named by the head school,
 * a point admin by the point's branch or the head school). Reads: 1 (the scope).
 */
async function grantScope(p: { role: Role; scopeId: string }, { db, caller }: UserContext & { caller: Caller }): Promise<ScopeTarget & { unit: Unit }> {
  const { role } = p;
  if (!caller.grants.length || role === 'head_admin' || role === 'team_leader') throw permissionDenied(GRANT_DENIED[role]);
  const unit = await loadUnit(db, p.scopeId);
  const expected = role === 'branch_admin' ? 'branch' : 'point';
  if (unit.kind !== expected) {
    throw failedPrecondition(role === 'branch_admin' ? '分校管理员的范围应为一个分校，请选择分校' : '教学点负责人的范围应为一个教学点，请选择教学点');
  }
  const chain = role === 'branch_admin' ? {} : { branchId: unit.chain.branchId };
  return { chain, roles: ['head_admin', 'branch_admin'], denied: GRANT_DENIED[role], unit };
}

const GRANT_WHO = 'head_admin grants branch_admin and point_admin; branch_admin grants point_admin of its points';

/** The audit entry of a grant (the role held after it) or a revoke (the role held before it). */
function auditRoleChange(db: Database, caller: Caller, change: 'grant' | 'revoke', p: { openid: string; role: Role }, unit: Unit): Promise<void> {
  const held = { role: p.role, scopeId: unit.id };
  return writeAudit(db, {
    actor: caller.openid,
    action: `role.${change}`,
    targetType: 'person',
    targetId: p.openid,
    scope: unit.chain,
    ...(change === 'grant' ? { after: held } : { before: held }),
  });
}

/** The person a 身份码 stands for; the code is spent. Wrong codes count against the staff member. */
async function openidFromCode(db: Database, staffOpenid: string, code: string, now: Date): Promise<string> {
  const key = `staffCodeTry:${staffOpenid}`;
  if (await tooManyFailures(db, key, MAX_CODE_FAILURES, CODE_FAILURE_WINDOW_SECONDS, now)) {
    throw resourceExhausted('身份码输错次数太多，请十分钟后再试');
  }
  try {
    const openid = await peekStaffCode(db, code, now);
    await consumeStaffCode(db, code, now);
    return openid;
  } catch (error) {
    await recordFailure(db, key, CODE_FAILURE_WINDOW_SECONDS, now);
    throw error;
  }
}

/** head_admin grants branch_admin (and point_admin); branch_admin grants point_admin of its points. Idempotent. */
export const grantRole = staffAction({
  input: params<GrantRoleParams>()(grantInput),
  who: GRANT_WHO,
  scopeFirst: true,
  scope: grantScope,
  run: async (p, ctx): Promise<GrantRoleResult> => {
    const { db, now, caller } = ctx;
    const { unit } = ctx.target;
    if (!unit.active) throw failedPrecondition('这个教学点已停用，不能任命负责人');
    const openid = p.code === undefined ? (p.openid as string) : await openidFromCode(db, caller.openid, p.code, now);
    const doc: RoleDoc = { _id: roleDocId(openid, p.role, unit.id), openid, role: p.role, scopeId: unit.id, grantedBy: caller.openid, grantedAt: now };
    try {
      await db.collection(ROLES_COLLECTION).add({ data: { ...doc } });
    } catch (error) {
      if (isDuplicateKeyError(error)) return { granted: true }; // already held: nothing changed
      throw error;
    }
    await auditRoleChange(db, caller, 'grant', { openid, role: p.role }, unit);
    return { granted: true };
  },
});

/** Whoever may grant a role may revoke it. */
export const revokeRole = staffAction({
  input: params<RevokeRoleParams>()(roleInput),
  who: GRANT_WHO,
  scopeFirst: true,
  scope: grantScope,
  run: async (p, ctx): Promise<RevokeRoleResult> => {
    const { db, caller } = ctx;
    const { unit } = ctx.target;
    const res = await db.collection(ROLES_COLLECTION).where({ _id: roleDocId(p.openid, p.role, unit.id) }).remove();
    if (!res.stats.removed) throw notFound('这个人没有该职务，请刷新名单后再试');
    await auditRoleChange(db, caller, 'revoke', p, unit);
    return { revoked: true };
  },
});

/** Staff of the unit or above: the roles held at that unit. Reads: 4. */
export const listRoles = staffAction({
  input: params<ListRolesParams>()(z.object({ unitId: unitIdField() })),
  who: 'staff of the unit or above',
  scopeFirst: true,
  scope: (p, { db }) => unitScope(db, p.unitId),
  run: async (_p, { db, caller, target }): Promise<ListRolesResult> => {
    const { unit } = target;
    const roles = await db.collection<RoleDoc>(ROLES_COLLECTION).where({ scopeId: unit.id }).orderBy('grantedAt', 'asc').limit(100).get();
    const openids = [...new Set(roles.data.map((r) => r.openid))];
    const names = new Map<string, string>();
    if (openids.length) {
      const learners = await db
        .collection<Pick<LearnerDoc, '_id' | 'name' | 'pointId' | 'branchId'>>(LEARNERS_COLLECTION)
        .where({ _id: db.command.in(openids) })
        .field({ _id: true, name: true, pointId: true, branchId: true })
        .limit(100)
        .get();
      for (const l of learners.data) names.set(l._id, canManage(caller, learnerChain(l)) ? l.name : maskName(l.name));
    }
    const items: RoleItem[] = roles.data.map((r) => ({
      openid: r.openid,
      role: r.role,
      scopeId: r.scopeId,
      scopeName: unit.name,
      holderName: names.get(r.openid) ?? null,
      grantedBy: r.grantedBy,
      grantedAt: toIso(new Date(r.grantedAt)),
    }));
    return { items };
  },
});

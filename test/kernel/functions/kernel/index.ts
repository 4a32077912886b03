import type { NoParams } from '../../../../typings/api';
import { HEAD_SCOPE, ROLES_COLLECTION, roleDocId } from '../../../../cloudfunctions/_shared/authz';
import { COLLECTIONS_FOR_TESTS } from './names';
import { createFunction, publicAction, staffAction, userAction } from '../../../../cloudfunctions/_shared/handler';
import { id, z } from '../../../../cloudfunctions/_shared/validate';

/** A function of the kernel's own: one action per builder, to test the builders through main(event). */
export interface KernelApi {
  hello: { params: NoParams; result: { anonymous: boolean } };
  whoAmI: { params: NoParams; result: { openid: string } };
  branchOnly: { params: { branchId: string }; result: { branchId: string; by: string } };
  reviewPoint: { params: { branchId: string; pointId: string }; result: { reviewed: true } };
  grantForTest: { params: { role: 'branch_admin' | 'point_admin'; scopeId: string; openid: string }; result: { granted: true } };
  explode: { params: { secret: string }; result: never };
}

export const main = createFunction<KernelApi>('kernel', {
  hello: publicAction(z.object({}), async (_p, ctx) => ({ anonymous: !ctx.openid })),
  whoAmI: userAction(z.object({}), async (_p, ctx) => ({ openid: ctx.openid })),
  branchOnly: staffAction({
    input: z.object({ branchId: id('分校') }),
    who: 'branch_admin of branchId, head_admin',
    scope: async (p) => ({ chain: { branchId: p.branchId } }),
    run: async (p, ctx) => ({ branchId: ctx.target.chain.branchId ?? p.branchId, by: ctx.caller.openid }),
  }),
  reviewPoint: staffAction({
    input: z.object({ branchId: id('分校'), pointId: id('教学点') }),
    who: 'branch_admin of the point’s branch, head_admin; never the point’s own staff',
    denied: '只有所属分校或总校可以审核',
    scope: async (p) => ({ chain: { branchId: p.branchId, pointId: p.pointId }, roles: ['branch_admin', 'head_admin'] as const }),
    run: async () => ({ reviewed: true as const }),
  }),
  grantForTest: publicAction(z.object({ role: z.enum(['branch_admin', 'point_admin']), scopeId: id('范围'), openid: id('用户') }), async (p, { db }) => {
    await db.collection(ROLES_COLLECTION).add({ data: { _id: roleDocId(p.openid, p.role, p.scopeId), openid: p.openid, role: p.role, scopeId: p.scopeId, grantedBy: HEAD_SCOPE, grantedAt: new Date() } });
    return { granted: true as const };
  }),
  explode: publicAction(z.object({ secret: z.string() }), async (p, { db }) => {
    // A database error whose message quotes the caller's value, as CloudBase's do.
    await db.collection(COLLECTIONS_FOR_TESTS.missing).where({ name: p.secret }).get();
    throw new Error(`failed for ${p.secret}`);
  }),
});

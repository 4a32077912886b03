import { loadCaller, requireManage, type Caller } from '../_shared/authz';
import type { Database } from '../_shared/cloud';
import { notFound } from '../_shared/errors';
import { requireOpenid, type ActionContext } from '../_shared/handler';
import { loadPoint, pointChain, type PointDoc } from '../_shared/org';
import { BRANCHES_COLLECTION, type BranchDoc } from '../_shared/reference';

/** The authenticated caller with their grants (UNAUTHENTICATED when anonymous). */
export async function staffCaller(ctx: ActionContext): Promise<Caller> {
  return loadCaller(ctx.db, requireOpenid(ctx));
}

export async function findBranch(db: Database, branchId: string): Promise<BranchDoc | null> {
  const res = await db.collection<BranchDoc>(BRANCHES_COLLECTION).where({ _id: branchId }).limit(1).get();
  return res.data[0] ?? null;
}

export async function loadBranch(db: Database, branchId: string): Promise<BranchDoc> {
  const branch = await findBranch(db, branchId);
  if (!branch) throw notFound('没有找到这个分校，请返回重新选择');
  return branch;
}

/** A point the caller manages (head admin, its branch's admin, or its own admin). */
export async function managedPoint(db: Database, caller: Caller, pointId: string, message?: string): Promise<PointDoc> {
  const point = await loadPoint(db, pointId);
  requireManage(caller, pointChain(point), message);
  return point;
}

export const BRANCH_STAFF_ONLY = '只有总校或本分校的管理员可以进行此操作';
export const POINT_STAFF_ONLY = '只有本教学点、所属分校或总校的管理员可以进行此操作';

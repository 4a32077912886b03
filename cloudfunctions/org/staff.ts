import type { Database } from '../_shared/cloud';
import { notFound } from '../_shared/errors';
import { BRANCHES_COLLECTION, type BranchDoc } from '../_shared/reference';

export async function findBranch(db: Database, branchId: string): Promise<BranchDoc | null> {
  const res = await db.collection<BranchDoc>(BRANCHES_COLLECTION).where({ _id: branchId }).limit(1).get();
  return res.data[0] ?? null;
}

export async function loadBranch(db: Database, branchId: string): Promise<BranchDoc> {
  const branch = await findBranch(db, branchId);
  if (!branch) throw notFound('没有找到这个分校，请返回重新选择');
  return branch;
}

export const BRANCH_STAFF_ONLY = '只有总校或本分校的管理员可以进行此操作';
export const POINT_STAFF_ONLY = '只有本教学点、所属分校或总校的管理员可以进行此操作';

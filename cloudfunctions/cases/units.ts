import { isMissingDocumentError, type Database } from '../_shared/cloud';
import { notFound } from '../_shared/errors';
import { BRANCHES_COLLECTION, type BranchDoc } from '../_shared/reference';

export async function loadBranchName(db: Database, branchId: string): Promise<string> {
  try {
    return (await db.collection<BranchDoc>(BRANCHES_COLLECTION).doc(branchId).get()).data.name;
  } catch (error) {
    if (isMissingDocumentError(error)) throw notFound('没有找到这个分校，请返回重新选择');
    throw error;
  }
}

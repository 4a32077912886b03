import reference from '../../database/reference/chongqing-branches.json';
import { isDuplicateKeyError, isMissingDocumentError, type Database } from './cloud';
import { COLLECTIONS } from './collections';
import { notFound } from './errors';

export const BRANCHES_COLLECTION = COLLECTIONS.branches;
export const HEAD_SCHOOL_NAME: string = reference.headSchool.name;

export interface BranchDoc {
  _id: string;
  code: string;
  district: string;
  name: string;
  /** Position in the reference list, for a stable display order. */
  order: number;
  pointCount: number;
  createdAt: Date;
}

export function branchIdOf(code: string): string {
  return `br_${code}`;
}

/** A branch's name, or NOT_FOUND (the branch a request names does not exist). One read. */
export async function loadBranchName(db: Database, branchId: string): Promise<string> {
  try {
    return (await db.collection<BranchDoc>(BRANCHES_COLLECTION).doc(branchId).get()).data.name;
  } catch (error) {
    if (isMissingDocumentError(error)) throw notFound('没有找到这个分校，请返回重新选择');
    throw error;
  }
}

export const REFERENCE_BRANCH_COUNT = reference.branches.length;

/**
 * Creates the head school's 41 branches (分校) where missing. Idempotent: ids are derived from the
 * division code, so a second run, or two concurrent runs, create nothing twice.
 */
export async function ensureReferenceData(db: Database): Promise<number> {
  const existing = await db.collection(BRANCHES_COLLECTION).count();
  if (existing.total >= reference.branches.length) return 0;
  let created = 0;
  for (const [order, b] of reference.branches.entries()) {
    const doc: Omit<BranchDoc, 'createdAt'> = {
      _id: branchIdOf(b.code),
      code: b.code,
      district: b.district,
      name: `${b.district}分校`,
      order,
      pointCount: 0,
    };
    try {
      await db.collection(BRANCHES_COLLECTION).add({ data: { ...doc, createdAt: db.serverDate() } });
      created++;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  return created;
}

import type { CaseQuotaResult } from '../../typings/cases';
import { isDuplicateKeyError, isMissingDocumentError, type Database } from '../_shared/cloud';
import { DEFAULT_CASE_QUOTA, QUOTAS, quotaId, type QuotaDoc } from './model';

/** The branch's quota document for the year, created with the default quota on first use. */
export async function ensureQuota(db: Database, year: number, branchId: string): Promise<QuotaDoc> {
  const _id = quotaId(year, branchId);
  try {
    return (await db.collection<QuotaDoc>(QUOTAS).doc(_id).get()).data;
  } catch (error) {
    if (!isMissingDocumentError(error)) throw error;
  }
  const doc: QuotaDoc = { _id, year, branchId, quota: DEFAULT_CASE_QUOTA, used: 0, remaining: DEFAULT_CASE_QUOTA };
  try {
    await db.collection(QUOTAS).add({ data: { ...doc } });
    return doc;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return (await db.collection<QuotaDoc>(QUOTAS).doc(_id).get()).data;
  }
}

/** Takes one place atomically: answers false when none is left. */
export async function takePlace(db: Database, q: Pick<QuotaDoc, '_id'>): Promise<boolean> {
  const _ = db.command;
  const res = await db
    .collection(QUOTAS)
    .where({ _id: q._id, remaining: _.gt(0) })
    .update({ data: { remaining: _.inc(-1), used: _.inc(1) } });
  return res.stats.updated > 0;
}

export async function givePlaceBack(db: Database, q: Pick<QuotaDoc, '_id'>): Promise<void> {
  const _ = db.command;
  await db
    .collection(QUOTAS)
    .doc(q._id)
    .update({ data: { remaining: _.inc(1), used: _.inc(-1) } });
}

export function toQuota(q: QuotaDoc): CaseQuotaResult {
  return { year: q.year, branchId: q.branchId, quota: q.quota, used: q.used, remaining: q.remaining };
}

import { type Database } from './cloud';
import { COLLECTIONS } from './collections';
import { failedPrecondition } from './errors';

/**
 * 身份码 (user.staffCode → org.grantRole `code`): `_id` = the 6 digits, the person's OPENID, an
 * expiry, and `used` flipped once by a conditional update so a code grants one role only.
 */
export const STAFF_CODES_COLLECTION = COLLECTIONS.staffCodes;

interface StaffCodeDoc {
  _id: string;
  openid: string;
  expiresAt: Date;
  used: boolean;
  createdAt: Date;
}

export const STAFF_CODE_REFUSED = '身份码不对、已用过或已过期，请让对方在“我的”页重新生成身份码';

/** Writes 1 (2 when an expired code with the same digits is cleared first). Throws a duplicate-key error when the digits are in use. */
export async function issueStaffCode(db: Database, code: string, openid: string, now: Date, validSeconds: number): Promise<{ expiresAt: Date }> {
  const _ = db.command;
  // Expired or used codes free their digits.
  await db.collection(STAFF_CODES_COLLECTION).where(_.or([{ _id: code, expiresAt: _.lte(now) }, { _id: code, used: true }])).remove();
  const expiresAt = new Date(now.getTime() + validSeconds * 1000);
  const doc: StaffCodeDoc = { _id: code, openid, expiresAt, used: false, createdAt: now };
  await db.collection(STAFF_CODES_COLLECTION).add({ data: { ...doc } });
  return { expiresAt };
}

/** Reads 1: the OPENID a valid, unused code stands for; FAILED_PRECONDITION otherwise. */
export async function peekStaffCode(db: Database, code: string, now: Date): Promise<string> {
  const res = await db.collection<StaffCodeDoc>(STAFF_CODES_COLLECTION).where({ _id: code }).limit(1).get();
  const doc = res.data[0];
  if (!doc || doc.used || new Date(doc.expiresAt).getTime() <= now.getTime()) throw failedPrecondition(STAFF_CODE_REFUSED);
  return doc.openid;
}

/** Writes 1: marks the code used; only one of concurrent uses succeeds. */
export async function consumeStaffCode(db: Database, code: string, now: Date): Promise<void> {
  const _ = db.command;
  const res = await db.collection(STAFF_CODES_COLLECTION).where({ _id: code, used: false, expiresAt: _.gt(now) }).update({ data: { used: true } });
  if (!res.stats.updated) throw failedPrecondition(STAFF_CODE_REFUSED);
}

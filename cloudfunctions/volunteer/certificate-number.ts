/**
 * Certificate numbers: `KP` + year + a 6-digit sequence from the atomic counter
 * `counters/volunteerCertificate:<year>` (_shared/sequence.ts); a volunteer keeps one number per year
 * (`volunteerCertificates/<year>:<openid>`, a deterministic id). Gaps are possible (a racing second
 * request of the same person), duplicates are not.
 */
import { isDuplicateKeyError, type Database } from '../_shared/cloud';
import { nextSequence } from '../_shared/sequence';
import { findDoc } from './access';
import { CERTIFICATES, type CertificateDoc } from './model';

export function formatNumber(year: number, seq: number): string {
  return `KP${year}${String(seq).padStart(6, '0')}`;
}

/** The volunteer's certificate of `year`, numbered on first issue. Reads: 1 (+2 per counter attempt). */
export async function certificateFor(db: Database, openid: string, year: number, now: Date): Promise<CertificateDoc> {
  const _id = `${year}:${openid}`;
  const existing = await findDoc<CertificateDoc>(db, CERTIFICATES, _id);
  if (existing) return existing;
  const seq = await nextSequence(db, `volunteerCertificate:${year}`);
  const doc: CertificateDoc = { _id, number: formatNumber(year, seq), openid, year, firstIssuedAt: now };
  try {
    await db.collection(CERTIFICATES).add({ data: { ...doc } });
    return doc;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const raced = await findDoc<CertificateDoc>(db, CERTIFICATES, _id);
    if (!raced) throw error;
    return raced;
  }
}

/**
 * Certificate numbers: `KP` + year + a 6-digit sequence from an atomic counter document
 * (`counters/volunteerCertificate:<year>`). A number is taken with a compare-and-set on the counter's
 * `seq`, so two callers never get the same one; a volunteer keeps one number per year
 * (`volunteerCertificates/<year>:<openid>`, a deterministic id). Gaps are possible (a racing second
 * request of the same person), duplicates are not.
 */
import { isDuplicateKeyError, type Database } from '../_shared/cloud';
import { INTERNAL_MESSAGE, AppError } from '../_shared/errors';
import { findDoc } from './access';
import { CERTIFICATES, COUNTERS, type CertificateDoc } from './model';

const MAX_ATTEMPTS = 500;

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function nextSequence(db: Database, counterId: string): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const counter = await findDoc<{ _id: string; seq: number }>(db, COUNTERS, counterId);
    if (!counter) {
      try {
        await db.collection(COUNTERS).add({ data: { _id: counterId, seq: 1 } });
        return 1;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        continue;
      }
    }
    const res = await db.collection(COUNTERS).where({ _id: counterId, seq: counter.seq }).update({ data: { seq: counter.seq + 1 } });
    if (res.stats.updated === 1) return counter.seq + 1;
    // Lost the race: back off a little (jittered) so contenders spread out.
    await pause(Math.floor(Math.random() * Math.min(20, 1 + attempt)));
  }
  throw new AppError('INTERNAL', INTERNAL_MESSAGE);
}

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

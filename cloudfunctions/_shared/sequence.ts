/**
 * Numbers handed out in order (certificate, letter and title numbers): an atomic counter document
 * `counters/<counterId>` whose `seq` is taken with a compare-and-set, so two callers never get the
 * same number. Never inside a transaction (many people write the counter at once). Gaps are possible
 * (a caller that fails after taking one), duplicates are not.
 */
import { isDuplicateKeyError, type Database } from './cloud';
import { COLLECTIONS } from './collections';
import { findById } from './db';
import { AppError, INTERNAL_MESSAGE } from './errors';

const MAX_ATTEMPTS = 500;

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The next number of `counterId` (1 for a new counter). Reads: 1 per attempt. */
export async function nextSequence(db: Database, counterId: string): Promise<number> {
  const counters = COLLECTIONS.counters;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const counter = await findById<{ _id: string; seq: number }>(db, counters, counterId);
    if (!counter) {
      try {
        await db.collection(counters).add({ data: { _id: counterId, seq: 1 } });
        return 1;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        continue;
      }
    }
    const res = await db.collection(counters).where({ _id: counterId, seq: counter.seq }).update({ data: { seq: counter.seq + 1 } });
    if (res.stats.updated === 1) return counter.seq + 1;
    // Lost the race: back off a little (jittered) so contenders spread out.
    await pause(Math.floor(Math.random() * Math.min(20, 1 + attempt)));
  }
  throw new AppError('INTERNAL', INTERNAL_MESSAGE);
}

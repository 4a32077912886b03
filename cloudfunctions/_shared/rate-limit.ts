import { isDuplicateKeyError, type Database } from './cloud';
import { COLLECTIONS } from './collections';

/**
 * Counts failures (e.g. wrong check-in codes) per key in fixed time windows. One document per key
 * and window with a deterministic id; increments are atomic, so concurrent failures all count.
 */
export const RATE_LIMIT_COLLECTION = COLLECTIONS.rateLimits;

function windowDocId(key: string, windowSeconds: number, now: Date): string {
  return `${key}:${Math.floor(now.getTime() / (windowSeconds * 1000))}`;
}

/** One read: whether `key` has reached `max` failures in the current window. */
export async function tooManyFailures(db: Database, key: string, max: number, windowSeconds: number, now: Date): Promise<boolean> {
  const res = await db.collection(RATE_LIMIT_COLLECTION).where({ _id: windowDocId(key, windowSeconds, now) }).limit(1).get();
  const count = res.data[0]?.count;
  return typeof count === 'number' && count >= max;
}

/** One write (two on the first failure of a window racing another). */
export async function recordFailure(db: Database, key: string, windowSeconds: number, now: Date): Promise<void> {
  const _id = windowDocId(key, windowSeconds, now);
  const expiresAt = new Date(now.getTime() + windowSeconds * 1000);
  try {
    await db.collection(RATE_LIMIT_COLLECTION).add({ data: { _id, count: 1, expiresAt } });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await db.collection(RATE_LIMIT_COLLECTION).doc(_id).update({ data: { count: db.command.inc(1) } });
  }
}

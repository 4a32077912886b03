import type { Database } from '../_shared/cloud';
import { QUESTIONS, type QuestionDoc } from './model';
import { randomUnit } from './random';

/** The most question ids a quiz keeps to draw from (a random slice of a larger bank). */
export const MAX_POOL = 1000;

/**
 * Ids of active questions (of a topic) for a new quiz: walks the (status[, topic], rand) index
 * from a random point and wraps around, so a bank larger than MAX_POOL gives a random subset.
 */
export async function drawPool(db: Database, topic: string | null): Promise<string[]> {
  const _ = db.command;
  const base: Record<string, unknown> = { status: 'active' };
  if (topic) base.topic = topic;
  const start = randomUnit();
  const read = (range: object, limit: number) =>
    db
      .collection<Pick<QuestionDoc, '_id'>>(QUESTIONS)
      .where({ ...base, rand: range })
      .orderBy('rand', 'asc')
      .field({ _id: true })
      .limit(limit)
      .get();
  const first = await read(_.gte(start), MAX_POOL);
  const ids = first.data.map((d) => d._id);
  if (ids.length < MAX_POOL) {
    const rest = await read(_.lt(start), MAX_POOL - ids.length);
    ids.push(...rest.data.map((d) => d._id));
  }
  return ids;
}

const MARK_BATCH = 500;

/**
 * Marks a quiz's pool as in contest until `endsAt` (`contestUntil` only ever moves later), so
 * practice mode cannot be used to look up the answers a running or coming quiz draws from.
 * Written before the quiz itself: a crash in between only hides questions from practice longer.
 * Writes: 1 per 500 questions.
 */
export async function markContest(db: Database, pool: string[], endsAt: Date): Promise<void> {
  const _ = db.command;
  for (let i = 0; i < pool.length; i += MARK_BATCH) {
    await db
      .collection(QUESTIONS)
      .where({ _id: _.in(pool.slice(i, i + MARK_BATCH)) })
      .update({ data: { contestUntil: _.max(endsAt) } });
  }
}

/** Whether practice may use the question now (not in the pool of a quiz that has not ended). */
export function practicable(q: Pick<QuestionDoc, 'contestUntil'>, now: Date): boolean {
  return !q.contestUntil || q.contestUntil.getTime() <= now.getTime();
}

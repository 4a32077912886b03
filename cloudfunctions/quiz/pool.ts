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

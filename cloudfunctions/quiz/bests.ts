import { isDuplicateKeyError, type Database } from '../_shared/cloud';
import { bestId } from './common';
import { BESTS, type AttemptDoc, type BestDoc } from './model';
import { sortKeyOf } from './sort-key';

/**
 * Records a submitted attempt as the person's best when it is better (higher score, then shorter
 * duration, then earlier submission: a smaller sortKey). One insert for a first result; later, one
 * update guarded by `sortKey > new` so that concurrent submits can only ever improve the record.
 * Idempotent: applying the same attempt twice changes nothing.
 */
export async function recordBest(db: Database, attempt: AttemptDoc, score: number, durationMs: number, submittedAt: Date): Promise<boolean> {
  const sortKey = sortKeyOf(score, durationMs, submittedAt);
  const best: BestDoc = {
    _id: bestId(attempt.quizId, attempt.openid),
    quizId: attempt.quizId,
    openid: attempt.openid,
    attemptId: attempt._id,
    score,
    durationMs,
    submittedAt,
    sortKey,
    flagged: attempt.result?.flagged === true,
    ...attempt.person,
  };
  try {
    await db.collection(BESTS).add({ data: { ...best } });
    return true;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const { _id, quizId: _q, openid: _o, ...fields } = best;
  const res = await db
    .collection(BESTS)
    .where({ _id, sortKey: db.command.gt(sortKey) })
    .update({ data: fields });
  return res.stats.updated > 0;
}

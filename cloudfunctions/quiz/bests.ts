import { isDuplicateKeyError, type Database } from '../_shared/cloud';
import { bestId, findById } from './common';
import { BESTS, type AttemptDoc, type BestDoc } from './model';
import { bucketOf, bucketWidthMs, newRankMove, settleRankMove } from './ranks';
import { sortKeyOf } from './sort-key';

/** A best record with any rank-counter move an interrupted call left applied first. */
export async function settledBest(db: Database, best: BestDoc | null): Promise<BestDoc | null> {
  if (!best?.rankMove) return best;
  await settleRankMove(db, best, best.rankMove);
  const { rankMove: _done, ...rest } = best;
  return rest;
}

const MAX_ROUNDS = 20;

/**
 * Records a submitted attempt as the person's best when it is better (higher score, then shorter
 * duration, then earlier submission: a smaller sortKey). One insert for a first result; later, a
 * compare-and-set on the sortKey it replaces, so that of concurrent submits each replacement knows
 * exactly which record it replaced and the board's rank counters move from that one (ranks.ts).
 * Idempotent: applying the same attempt twice changes nothing. Reads: 0 on a first result, 1 after.
 */
export async function recordBest(db: Database, attempt: AttemptDoc, score: number, durationMs: number, submittedAt: Date): Promise<boolean> {
  const sortKey = sortKeyOf(score, durationMs, submittedAt);
  const widthMs = bucketWidthMs(attempt.deadline.getTime() - attempt.startedAt.getTime());
  const to = bucketOf(score, durationMs, widthMs);
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
  const first = newRankMove(null, to, widthMs);
  try {
    await db.collection(BESTS).add({ data: { ...best, rankMove: first } });
    await settleRankMove(db, best, first);
    return true;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const _ = db.command;
  const { _id, quizId: _q, openid: _o, ...fields } = best;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const current = await settledBest(db, await findById<BestDoc>(db, BESTS, _id));
    if (!current) return false;
    if (current.sortKey <= sortKey) return false;
    const moved = current.branchId !== best.branchId || current.pointId !== best.pointId;
    const move = newRankMove(bucketOf(current.score, current.durationMs, widthMs), to, widthMs, moved ? { branchId: current.branchId, pointId: current.pointId } : undefined);
    const res = await db
      .collection(BESTS)
      .where({ _id, sortKey: current.sortKey, rankMove: _.exists(false) })
      .update({ data: { ...fields, rankMove: _.set(move) } });
    if (res.stats.updated > 0) {
      await settleRankMove(db, best, move);
      return true;
    }
  }
  return false;
}

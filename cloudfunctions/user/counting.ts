import { randomBytes } from 'node:crypto';
import type { Database } from '../_shared/cloud';
import { LEARNERS_COLLECTION, POINTS_COLLECTION, type CountMove, type CountSide, type LearnerDoc } from '../_shared/org';
import { moveLearner } from '../_shared/stat-counters';

/**
 * The points' learnerCount is written by everyone enrolling there at once, so it never goes into
 * a transaction (a rush of enrollments would conflict and fail). It moves by atomic `_.inc`,
 * tied to the person's own learner document, which is the unit of idempotency:
 *
 * 1. the enrollment change (insert, transfer) is one conditional write of the learner document
 *    that also records the counter move it owes, `countMove: { id, from, to }`;
 * 2. `settleCountMove` claims that move by a conditional update removing it (`countMove.id` must
 *    still match): of any number of concurrent settlers exactly one wins, and only the winner
 *    applies the increments (+1 on `to`, −1 on `from`).
 *
 * A crash between 1 and 2 leaves the move on the document; the person's next enroll or withdraw
 * settles it before doing anything else (so it is repaired, never applied twice). A crash
 * between the claim and the increments (two consecutive requests) loses that one move: the
 * counter can be short, never double-counted. Nothing else writes learnerCount.
 */
export function newCountMove(from: string | null, to: string | null, stats?: { from: CountSide | null; to: CountSide | null }): CountMove {
  return { id: randomBytes(9).toString('base64url'), from, to, ...(stats ? { stats } : {}) };
}

/** The statistics' side of a learner document (point, branch, gender, birth year, occupation). */
export function countSide(l: Pick<LearnerDoc, 'pointId' | 'branchId' | 'gender' | 'birthYear' | 'occupation'>): CountSide {
  return { pointId: l.pointId, branchId: l.branchId, gender: l.gender, birthYear: l.birthYear, occupation: l.occupation };
}

/** The statistics' counters of a move (a profile change at the same point moves only these). */
export async function settleStats(db: Database, stats: NonNullable<CountMove['stats']>): Promise<void> {
  const side = (s: CountSide | null) => (s ? { chain: { branchId: s.branchId, pointId: s.pointId }, profile: s } : null);
  await moveLearner(db, side(stats.from), side(stats.to));
}

/** Applies the move once, whoever calls. Reads: 0; writes: 1 claim + 1–2 increments. */
export async function settleCountMove(db: Database, openid: string, move: CountMove): Promise<boolean> {
  const _ = db.command;
  const claimed = await db
    .collection(LEARNERS_COLLECTION)
    .where({ _id: openid, 'countMove.id': move.id })
    .update({ data: { countMove: _.remove() } });
  if (claimed.stats.updated === 0) return false;
  const points = db.collection(POINTS_COLLECTION);
  const samePoint = move.from !== null && move.from === move.to;
  await Promise.all([
    move.to && !samePoint ? points.doc(move.to).update({ data: { learnerCount: _.inc(1), enrolledTotal: _.inc(1) } }) : null,
    move.from && !samePoint ? points.doc(move.from).update({ data: { learnerCount: _.inc(-1), ...(move.to ? {} : { withdrawnTotal: _.inc(1) }) } }) : null,
    move.stats ? settleStats(db, move.stats) : null,
  ]);
  return true;
}

/** The learner with any move left by an interrupted call applied first. */
export async function settled(db: Database, learner: LearnerDoc | null): Promise<LearnerDoc | null> {
  if (!learner?.countMove) return learner;
  await settleCountMove(db, learner._id, learner.countMove);
  const { countMove: _done, ...rest } = learner;
  return rest;
}

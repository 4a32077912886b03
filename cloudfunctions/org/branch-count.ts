import { randomBytes } from 'node:crypto';
import type { Database } from '../_shared/cloud';
import { POINTS_COLLECTION } from '../_shared/org';
import { BRANCHES_COLLECTION } from '../_shared/reference';

/**
 * A branch's `pointCount` is shared by every point of the branch (an onboarding import creates
 * dozens at once), so it never goes into a transaction with the point. The point's own document
 * is the unit of idempotency: the state change (insert, activate, deactivate) records the move it
 * owes, `branchCountMove: { id, delta }`, in the same write; `settleBranchCount` claims it by a
 * conditional update removing it, and only the winner increments the branch. A crash in between
 * leaves the move on the point, settled by the next status change or edit of that point: the
 * count is repaired, never applied twice.
 */
export interface BranchCountMove {
  id: string;
  delta: 1 | -1;
}

export function newBranchCountMove(delta: 1 | -1): BranchCountMove {
  return { id: randomBytes(9).toString('base64url'), delta };
}

/** Applies the move once, whoever calls. Writes: 1 claim + 1 increment (when claimed). */
export async function settleBranchCount(db: Database, point: { _id: string; branchId: string; branchCountMove?: BranchCountMove }): Promise<boolean> {
  const move = point.branchCountMove;
  if (!move) return false;
  const _ = db.command;
  const claimed = await db
    .collection(POINTS_COLLECTION)
    .where({ _id: point._id, 'branchCountMove.id': move.id })
    .update({ data: { branchCountMove: _.remove() } });
  if (claimed.stats.updated === 0) return false;
  await db.collection(BRANCHES_COLLECTION).doc(point.branchId).update({ data: { pointCount: _.inc(move.delta) } });
  return true;
}

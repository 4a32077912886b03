import { isDuplicateKeyError, type Database } from '../_shared/cloud';
import { findLearner } from '../_shared/org';
import { RESOURCES, USAGE, type UsageDoc } from './model';

export type Counter = 'views' | 'completions' | 'shares';

/**
 * Counters move only by `_.inc` on the resource and on its per-point usage document, never in a
 * transaction (many people write them at once). A usage document is created by the first count at
 * a point; two first counts racing meet at its deterministic id and the loser increments instead.
 */
export async function bumpResource(db: Database, resourceId: string, counter: Counter): Promise<void> {
  await db
    .collection(RESOURCES)
    .doc(resourceId)
    .update({ data: { [counter]: db.command.inc(1) } });
}

export async function bumpUsage(db: Database, resourceId: string, point: { pointId: string; branchId: string }, counter: Counter): Promise<void> {
  const _ = db.command;
  const usageId = `${resourceId}:${point.pointId}`;
  const inc = () => db.collection(USAGE).doc(usageId).update({ data: { [counter]: _.inc(1) } });
  if ((await inc()).stats.updated > 0) return;
  const doc: UsageDoc = { _id: usageId, resourceId, pointId: point.pointId, branchId: point.branchId, views: 0, completions: 0, shares: 0 };
  try {
    await db.collection(USAGE).add({ data: { ...doc, [counter]: 1 } });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await inc();
  }
}

/** The viewer's enrolled point, if the viewer is a learner. */
export async function viewerPoint(db: Database, openid: string | undefined): Promise<{ pointId: string; branchId: string } | null> {
  if (!openid) return null;
  const learner = await findLearner(db, openid);
  return learner ? { pointId: learner.pointId, branchId: learner.branchId } : null;
}

export async function count(db: Database, resourceId: string, openid: string | undefined, counter: Counter): Promise<void> {
  const point = await viewerPoint(db, openid);
  await Promise.all([bumpResource(db, resourceId, counter), point ? bumpUsage(db, resourceId, point, counter) : Promise.resolve()]);
}

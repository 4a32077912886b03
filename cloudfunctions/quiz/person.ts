import type { Database } from '../_shared/cloud';
import { findPoint, type LearnerDoc } from '../_shared/org';
import { maskName } from '../_shared/privacy';
import { branchName } from './common';
import { TtlCache } from './instance-cache';
import { GUEST_NAME, type Person } from './model';

/** Point names, kept per instance for a minute (a renamed point shows on new attempts soon after). */
const pointNames = new TtlCache<string>(60_000, 2000);

/**
 * How the quiz taker appears on leaderboards, captured when the attempt starts: the masked name
 * and the units of the enrollment at that time. A WeChat user who has not enrolled may take city
 * quizzes; they rank city-wide as 微信用户 with no unit (and appear on no branch/point board).
 */
export async function personOf(db: Database, learner: LearnerDoc | null, now: Date): Promise<Person> {
  if (!learner) return { displayName: GUEST_NAME, branchId: null, branchName: '', pointId: null, pointName: '' };
  let pointName = pointNames.get(learner.pointId, now);
  if (pointName === undefined) {
    pointName = (await findPoint(db, learner.pointId))?.name ?? '';
    pointNames.set(learner.pointId, pointName, now);
  }
  return {
    displayName: maskName(learner.name),
    branchId: learner.branchId,
    branchName: branchName(learner.branchId),
    pointId: learner.pointId,
    pointName,
  };
}

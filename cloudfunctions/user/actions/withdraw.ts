import type { WithdrawParams, WithdrawResult } from '../../../typings/user';
import { releaseLearnerSeats } from '../../course/release';
import { params } from '../../_shared/contract';
import { permissionDenied } from '../../_shared/errors';
import { userAction } from '../../_shared/handler';
import { findLearner, LEARNERS_COLLECTION, POINTS_COLLECTION } from '../../_shared/org';
import { countSide, settled, settleStats } from '../counting';
import { z } from '../../_shared/validate';
import { eraseNameCopies } from '../name-copies';

/**
 * PIPL: a learner withdraws. The enrollment document, which holds the personal data this domain
 * keeps (name, gender, birth year, occupation, phone, transfer history), is deleted; the point
 * keeps only anonymous counters (learnerCount down, withdrawnTotal up). Before that:
 * - the learner's upcoming course seats and waitlist places are given back through the course
 *   function's normal cancel path (the next people on the waitlist are promoted and told);
 * - copies of the name kept by other functions go: the 科普中国信息员 record is deleted, quiz
 *   results stay (scores count in unit statistics) under an anonymous name.
 * Resumable: the clean-up runs first and every step is idempotent; the enrollment is deleted last.
 * If an invocation dies part-way, calling again finishes the clean-up. A caller without an
 * enrollment who still has leftovers (a withdrawal interrupted after the enrollment went) gets them
 * cleaned too; one with nothing left is told there is nothing to withdraw.
 * Not touched: past course signups (attendance counts; they hold only the OPENID); the volunteer
 * registration and its records, which the person deletes on their own under that consent
 * (`volunteer.unregister`).
 * Reads: 1 + the seat release's; writes: the seat release's + 4 + 2 (remove, the point's −1).
 */
export const withdraw = userAction(
  params<WithdrawParams>()(z.object({ confirm: z.literal(true, { error: '请确认要注销学籍并删除个人信息' }) })),
  async (_input, ctx): Promise<WithdrawResult> => {
    const { openid } = ctx;
    const { db, now } = ctx;
    const learner = await findLearner(db, openid);
    const [released, erased] = await Promise.all([releaseLearnerSeats(db, openid, now), eraseNameCopies(db, openid)]);
    if (!learner) {
      if (released + erased === 0) throw permissionDenied('您还没有报名入学，无需注销');
      return { withdrawn: true };
    }
    // The conditional remove is the claim of the counter move: of concurrent taps one removes the
    // document and only that one decrements the point (never inside a transaction: counting.ts).
    let current = await settled(db, learner);
    while (current) {
      const removed = await db
        .collection(LEARNERS_COLLECTION)
        .where({ _id: openid, pointId: current.pointId, gender: current.gender, birthYear: current.birthYear, occupation: current.occupation, countMove: db.command.exists(false) })
        .remove();
      if (removed.stats.removed > 0) {
        await Promise.all([
          db.collection(POINTS_COLLECTION).doc(current.pointId).update({ data: { learnerCount: db.command.inc(-1), withdrawnTotal: db.command.inc(1) } }),
          settleStats(db, { from: countSide(current), to: null }),
        ]);
        break;
      }
      current = await settled(db, await findLearner(db, openid));
    }
    return { withdrawn: true };
  },
);

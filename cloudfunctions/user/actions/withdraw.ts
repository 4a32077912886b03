import type { WithdrawParams, WithdrawResult } from '../../../typings/user';
import { params } from '../../_shared/contract';
import { permissionDenied } from '../../_shared/errors';
import { action, requireOpenid } from '../../_shared/handler';
import { LEARNERS_COLLECTION, POINTS_COLLECTION, transact, txGet, type LearnerDoc } from '../../_shared/org';
import { z } from '../../_shared/validate';

/**
 * PIPL: a learner withdraws. The enrollment document, which holds all the personal data this
 * domain keeps (name, gender, birth year, occupation, phone, transfer history), is deleted; the
 * point keeps only anonymous counters (learnerCount down, withdrawnTotal up). Reads: 1; writes: 1 commit.
 */
export const withdraw = action(
  params<WithdrawParams>()(z.object({ confirm: z.literal(true, { error: '请确认要注销学籍并删除个人信息' }) })),
  async (_input, ctx): Promise<WithdrawResult> => {
    const openid = requireOpenid(ctx);
    const { db } = ctx;
    await transact(db, async (tx) => {
      const learner = await txGet<LearnerDoc>(tx, LEARNERS_COLLECTION, openid);
      if (!learner) throw permissionDenied('您还没有报名入学，无需注销');
      await tx.collection(LEARNERS_COLLECTION).doc(openid).remove();
      await tx.collection(POINTS_COLLECTION).doc(learner.pointId).update({ data: { learnerCount: db.command.inc(-1), withdrawnTotal: db.command.inc(1) } });
    });
    return { withdrawn: true };
  },
);

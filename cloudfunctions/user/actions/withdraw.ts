import type { WithdrawParams, WithdrawResult } from '../../../typings/user';
import type { Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { permissionDenied } from '../../_shared/errors';
import { action, requireOpenid } from '../../_shared/handler';
import { LEARNERS_COLLECTION, POINTS_COLLECTION, transact, txGet, type LearnerDoc } from '../../_shared/org';
import { z } from '../../_shared/validate';

/**
 * Copies of the learner's name that other functions took from the enrollment, all keyed by OPENID
 * (collection names as the volunteer and quiz functions define them):
 * - `scienceOfficers` (科普中国信息员, `_id` = OPENID): the full name, shown to staff;
 * - `quizBests`, `quizTitles`, `quizAttempts`: the masked name shown on leaderboards and 科学达人 lists.
 */
const OFFICERS_COLLECTION = 'scienceOfficers';
const QUIZ_BESTS_COLLECTION = 'quizBests';
const QUIZ_TITLES_COLLECTION = 'quizTitles';
const QUIZ_ATTEMPTS_COLLECTION = 'quizAttempts';
/** How a withdrawn person's past results appear (the quiz function's name for people without an enrollment). */
const ANONYMOUS_NAME = '微信用户';

function isMissingCollection(error: unknown): boolean {
  const e = error as { code?: unknown; errCode?: unknown; message?: unknown; errMsg?: unknown } | undefined;
  const text = [e?.code, e?.errCode, e?.message, e?.errMsg].map((v) => String(v ?? '')).join(' ');
  return /COLLECTION_NOT_EXIST|collection[^.]*not exist/i.test(text);
}

/** A write that has nothing to do in an environment where the collection was never created. */
async function unlessMissing(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!isMissingCollection(error)) throw error;
  }
}

/** Deletes or anonymises the copies of the name (each served by an index on `openid` or `_id`). */
async function eraseNameCopies(db: Database, openid: string): Promise<void> {
  await Promise.all([
    unlessMissing(db.collection(OFFICERS_COLLECTION).where({ _id: openid }).remove()),
    unlessMissing(db.collection(QUIZ_BESTS_COLLECTION).where({ openid }).update({ data: { displayName: ANONYMOUS_NAME } })),
    unlessMissing(db.collection(QUIZ_TITLES_COLLECTION).where({ openid }).update({ data: { displayName: ANONYMOUS_NAME } })),
    unlessMissing(db.collection(QUIZ_ATTEMPTS_COLLECTION).where({ openid }).update({ data: { 'person.displayName': ANONYMOUS_NAME } })),
  ]);
}

/**
 * PIPL: a learner withdraws. The enrollment document, which holds the personal data this domain
 * keeps (name, gender, birth year, occupation, phone, transfer history), is deleted; the point
 * keeps only anonymous counters (learnerCount down, withdrawnTotal up). Copies of the name kept by
 * other functions go too: the 科普中国信息员 record is deleted, quiz results stay (scores count in
 * unit statistics) under an anonymous name. Reads: 1; writes: 1 commit + 4.
 * Not touched: course signups hold no name (only the OPENID); the volunteer registration and its
 * records carry the name given there, under that registration's own consent.
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
    await eraseNameCopies(db, openid);
    return { withdrawn: true };
  },
);

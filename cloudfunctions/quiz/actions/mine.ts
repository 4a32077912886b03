import type { Page } from '../../../typings/envelope';
import type { AttemptSummary, GetAttemptParams, GetAttemptResult, MyAttemptsParams, MyBestParams, MyBestResult } from '../../../typings/quiz';
import { params } from '../../_shared/contract';
import { notFound } from '../../_shared/errors';
import { userAction } from '../../_shared/handler';
import { pageWindow, toPage } from '../../_shared/paging';
import { toIso, toIsoOrNull } from '../../_shared/time';
import { id, pageParams, z } from '../../_shared/validate';
import { isLive } from '../attempts';
import { answersShown, attemptIdField, bestId, findById, myBestOf, quizIdOfAttempt } from '../common';
import { ATTEMPTS, BESTS, QUIZZES, type AttemptDoc, type BestDoc, type QuizDoc, type StoredResult } from '../model';
import { resultPayload } from '../scoring';

const bestInput = params<MyBestParams>()(z.object({ quizId: id('竞答编号') }));

export const myBest = userAction(bestInput, async (input, ctx): Promise<MyBestResult> => {
  const { openid } = ctx;
  return { best: myBestOf(await findById<BestDoc>(ctx.db, BESTS, bestId(input.quizId, openid))) };
});

const attemptsInput = params<MyAttemptsParams>()(z.object({ quizId: id('竞答编号').optional(), ...pageParams }));

/** The caller's attempts, newest first (never their questions). */
export const myAttempts = userAction(attemptsInput, async (input, ctx): Promise<Page<AttemptSummary>> => {
  const { openid } = ctx;
  const w = pageWindow(input);
  const where: Record<string, unknown> = { openid };
  if (input.quizId) where.quizId = input.quizId;
  const res = await ctx.db
    .collection<AttemptDoc>(ATTEMPTS)
    .where(where)
    .orderBy('startedAt', 'desc')
    .field({ questions: false })
    .skip(w.skip)
    .limit(w.fetch)
    .get();
  const page = toPage(w, res.data);
  return {
    items: page.items.map((a) => ({
      attemptId: a._id,
      quizId: a.quizId,
      quizTitle: a.quizTitle,
      status: a.status === 'open' && !isLive(a, ctx.now) ? 'expired' : a.status,
      score: a.result ? a.result.score : null,
      startedAt: toIso(a.startedAt),
      submittedAt: toIsoOrNull(a.submittedAt),
    })),
    nextCursor: page.nextCursor,
  };
});

const getInput = params<GetAttemptParams>()(z.object({ attemptId: attemptIdField }));

/**
 * One of the caller's attempts; the result once it is submitted, its review following the quiz's
 * `reviewAnswers` as of now (answers appear once an after_close quiz has closed). Reads: 2.
 */
export const getAttempt = userAction(getInput, async (input, ctx): Promise<GetAttemptResult> => {
  const { openid } = ctx;
  const [a, quiz] = await Promise.all([
    findById<AttemptDoc>(ctx.db, ATTEMPTS, input.attemptId),
    findById<QuizDoc>(ctx.db, QUIZZES, quizIdOfAttempt(input.attemptId)),
  ]);
  if (!a || a.openid !== openid) throw notFound('没有找到这次答题记录');
  const submitted = a.status === 'submitted' && a.result && a.submittedAt;
  return {
    attemptId: a._id,
    quizId: a.quizId,
    quizTitle: a.quizTitle,
    status: a.status === 'open' && !isLive(a, ctx.now) ? 'expired' : a.status,
    startedAt: toIso(a.startedAt),
    deadline: toIso(a.deadline),
    result: submitted ? resultPayload(a as AttemptDoc & { result: StoredResult; submittedAt: Date }, answersShown(quiz, ctx.now)) : null,
  };
});

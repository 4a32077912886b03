import type { GetQuizParams, GetQuizResult, ListQuizzesParams, ListQuizzesResult } from '../../../typings/quiz';
import { params } from '../../_shared/contract';
import { publicAction } from '../../_shared/handler';
import { findLearner } from '../../_shared/org';
import { pageWindow, toPage } from '../../_shared/paging';
import { id, pageParams, z } from '../../_shared/validate';
import { attemptDay, isResumable, recentAttempts } from '../attempts';
import { bestId, bestsOf, findById, loadQuiz, quizItem } from '../common';
import { BESTS, QUIZZES, type BestDoc, type QuizDoc } from '../model';

const listInput = params<ListQuizzesParams>()(z.object({ ...pageParams }));

/** Every quiz, latest start first; with the caller's best of each (anyone; best needs an OPENID). */
export const list = publicAction(listInput, async (input, ctx): Promise<ListQuizzesResult> => {
  const w = pageWindow(input);
  const res = await ctx.db.collection<QuizDoc>(QUIZZES).orderBy('startsAt', 'desc').field({ pool: false }).skip(w.skip).limit(w.fetch).get();
  const page = toPage(w, res.data);
  const hasBranchQuiz = page.items.some((q) => q.scope === 'branch');
  const [bests, learner] = await Promise.all([
    bestsOf(
      ctx.db,
      page.items.map((q) => q._id),
      ctx.openid,
    ),
    // Whose branch quizzes the caller may take (start's rule), so the page never offers one it refuses.
    hasBranchQuiz && ctx.openid ? findLearner(ctx.db, ctx.openid) : Promise.resolve(null),
  ]);
  return {
    items: page.items.map((q) => ({
      ...quizItem(q, ctx.now, bests.get(q._id) ?? null),
      canTake: q.scope !== 'branch' || (!!learner && learner.branchId === q.branchId),
    })),
    nextCursor: page.nextCursor,
  };
});

const getInput = params<GetQuizParams>()(z.object({ quizId: id('竞答编号') }));

/** One quiz with the caller's best, today's attempts and an attempt `start` would resume. */
export const get = publicAction(getInput, async (input, ctx): Promise<GetQuizResult> => {
  const quiz = await loadQuiz(ctx.db, input.quizId);
  const openid = ctx.openid;
  if (!openid) return { ...quizItem(quiz, ctx.now, null), attemptsToday: 0, openAttemptId: null };
  const [best, recent] = await Promise.all([
    findById<BestDoc>(ctx.db, BESTS, bestId(quiz._id, openid)),
    recentAttempts(ctx.db, quiz._id, openid, quiz.attemptsPerDay),
  ]);
  const today = attemptDay(ctx.now);
  const open = recent.find((a) => isResumable(a, ctx.now));
  return {
    ...quizItem(quiz, ctx.now, best),
    attemptsToday: recent.filter((a) => a.day === today).length,
    openAttemptId: open ? open._id : null,
  };
});

import type { AttemptQuestion, StartParams, StartResult } from '../../../typings/quiz';
import { isDuplicateKeyError } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { failedPrecondition, permissionDenied, resourceExhausted } from '../../_shared/errors';
import { userAction } from '../../_shared/handler';
import { findLearner } from '../../_shared/org';
import { toIso } from '../../_shared/time';
import { id, z } from '../../_shared/validate';
import { attemptDay, attemptId, isLive, isResumable, recentAttempts } from '../attempts';
import { branchName, findById, loadQuiz, quizStatus } from '../common';
import { askQuestion, drawQuestions } from '../draw';
import { ATTEMPTS, type AttemptDoc } from '../model';
import { personOf } from '../person';

const input = params<StartParams>()(z.object({ quizId: id('竞答编号') }));

/** What the client may see of an attempt: never an answer, an explanation or the permutation. */
export function startPayload(a: AttemptDoc, now: Date, resumed: boolean): StartResult {
  const questions: AttemptQuestion[] = a.questions.map((q) => ({ id: q.id, type: q.type, stem: q.stem, options: [...q.options] }));
  return {
    attemptId: a._id,
    quizId: a.quizId,
    title: a.quizTitle,
    questions,
    startedAt: toIso(a.startedAt),
    deadline: toIso(a.deadline),
    serverNow: toIso(now),
    resumed,
  };
}

function formatShanghai(date: Date): string {
  const iso = toIso(date);
  return `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日 ${iso.slice(11, 16)}`;
}

/**
 * Starts (or resumes) the caller's attempt. The daily limit is the id space: attempt n of the day
 * has the id `${quizId}:${openid}:${day}:${n}`, n = 1..attemptsPerDay, claimed by an insert that
 * fails on a duplicate id, so concurrent starts can never create more than the limit; a start that
 * loses the race for n resumes the attempt the winner created.
 */
export const start = userAction(input, async (input, ctx): Promise<StartResult> => {
  const { openid } = ctx;
  const { db, now } = ctx;
  const [quiz, learner] = await Promise.all([loadQuiz(db, input.quizId), findLearner(db, openid)]);
  if (quiz.scope === 'branch') {
    if (!learner) throw permissionDenied(`这是${branchName(quiz.branchId)}的竞答，请先报名入学成为该分校学员`);
    if (learner.branchId !== quiz.branchId) throw permissionDenied(`这是${branchName(quiz.branchId)}的竞答，仅限本分校学员参加`);
  }

  const recent = await recentAttempts(db, quiz._id, openid, quiz.attemptsPerDay);
  const resumable = recent.find((a) => isResumable(a, now));
  if (resumable) {
    const full = await findById<AttemptDoc>(db, ATTEMPTS, resumable._id);
    if (full && isResumable(full, now)) return startPayload(full, now, true);
  }
  // Close attempts left open past their deadline (they can no longer be submitted).
  const stale = recent.filter((a) => a.status === 'open' && !isLive(a, now));
  await Promise.all(stale.map((a) => db.collection(ATTEMPTS).where({ _id: a._id, status: 'open' }).update({ data: { status: 'expired' } })));

  if (quiz.cancelled) throw failedPrecondition(`这场竞答已取消（${quiz.cancelReason ?? '主办方调整'}），可以查看排行榜，或到练习模式继续学习`);
  const status = quizStatus(quiz, now);
  if (status === 'upcoming') throw failedPrecondition(`竞答还没开始，${formatShanghai(quiz.startsAt)} 开始，到时再来吧`);
  if (status === 'closed') throw failedPrecondition('这场竞答已经结束，可以查看排行榜，或到练习模式继续学习');

  const day = attemptDay(now);
  const used = new Set(recent.filter((a) => a.day === day).map((a) => a.n));
  const exhausted = () =>
    resourceExhausted(`今天的 ${quiz.attemptsPerDay} 次答题机会已用完，明天再来吧；也可以到练习模式继续学习`);
  const nextFree = (from: number) => {
    let n = from;
    while (used.has(n)) n++;
    return n;
  };
  let n = nextFree(1);
  if (n > quiz.attemptsPerDay) throw exhausted();

  const [drawn, person] = await Promise.all([drawQuestions(db, quiz._id, quiz.pool, quiz.questionCount, now), personOf(db, learner, now)]);
  const doc: AttemptDoc = {
    _id: '',
    quizId: quiz._id,
    quizTitle: quiz.title,
    openid,
    day,
    n,
    status: 'open',
    startedAt: now,
    deadline: new Date(now.getTime() + quiz.timeLimitSec * 1000),
    questions: drawn.map(askQuestion),
    person,
    submittedAt: null,
    result: null,
  };
  for (;;) {
    doc._id = attemptId(quiz._id, openid, day, n);
    doc.n = n;
    try {
      await db.collection(ATTEMPTS).add({ data: { ...doc } });
      return startPayload(doc, now, false);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    // Another start of the same caller claimed n first: resume it if it is still open.
    const other = await findById<AttemptDoc>(db, ATTEMPTS, doc._id);
    if (other && isResumable(other, now)) return startPayload(other, now, true);
    used.add(n);
    n = nextFree(n + 1);
    if (n > quiz.attemptsPerDay) throw exhausted();
  }
});

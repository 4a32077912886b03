import type { SubmitParams, SubmitResult } from '../../../typings/quiz';
import { params } from '../../_shared/contract';
import { deadlineExceeded, notFound } from '../../_shared/errors';
import { userAction } from '../../_shared/handler';
import { noteQuizAttempt } from '../../_shared/stat-counters';
import { shanghaiYear } from '../../_shared/time';
import { integer, z } from '../../_shared/validate';
import { isLive } from '../attempts';
import { recordBest } from '../bests';
import { answersShown, attemptIdField, findById, quizIdOfAttempt } from '../common';
import { ATTEMPTS, QUIZZES, type AttemptDoc, type QuizDoc, type StoredResult } from '../model';
import { choicesFor, grade, resultPayload } from '../scoring';
import { recordQualifying, titleBar } from '../titles';

const input = params<SubmitParams>()(
  z.object({
    attemptId: attemptIdField,
    answers: z
      .array(
        z.object({
          questionId: z.string({ error: '答案缺少题目编号' }).min(1, '答案缺少题目编号').max(64, '题目编号格式不正确'),
          choice: z.array(integer('选项序号', 0, 5), { error: '请选择答案' }).max(6, '选择的选项太多'),
        }),
        { error: '请提交答案' },
      )
      .max(100, '答案数量不正确'),
  }),
);

type Submitted = AttemptDoc & { result: StoredResult; submittedAt: Date };

const LATE_MESSAGE = '答题时间已到，本次作答未能计入成绩。您可以在今天剩余的次数内重新开始，或到练习模式继续学习';

/**
 * Scores an attempt once. Time is the server's: after the deadline plus 10 s of grace the attempt
 * is closed and the submit refused. The score is stored by a conditional update on
 * `status: 'open'`, so of concurrent or repeated submits exactly one scores; the others answer
 * the stored result.
 */
export const submit = userAction(input, async (input, ctx): Promise<SubmitResult> => {
  const { openid } = ctx;
  const { db, now } = ctx;
  const [attempt, quiz] = await Promise.all([
    findById<AttemptDoc>(db, ATTEMPTS, input.attemptId),
    findById<QuizDoc>(db, QUIZZES, quizIdOfAttempt(input.attemptId)),
  ]);
  // Another person's attempt is answered exactly like a missing one.
  if (!attempt || attempt.openid !== openid) throw notFound('没有找到这次答题记录，请回到竞答列表重新进入');
  const shown = answersShown(quiz, now);

  const settled = async (doc: AttemptDoc): Promise<SubmitResult> => {
    if (doc.status === 'submitted' && doc.result && doc.submittedAt) {
      // Self-healing and idempotent: a best lost to a crash after scoring is recorded now.
      await recordBest(db, doc, doc.result.score, doc.result.durationMs, doc.submittedAt);
      return resultPayload(doc as Submitted, shown);
    }
    throw deadlineExceeded(LATE_MESSAGE);
  };
  if (attempt.status !== 'open') return settled(attempt);

  const _ = db.command;
  if (!isLive(attempt, now)) {
    await db.collection(ATTEMPTS).where({ _id: attempt._id, status: 'open' }).update({ data: { status: 'expired' } });
    const after = await findById<AttemptDoc>(db, ATTEMPTS, attempt._id);
    return settled(after ?? attempt);
  }

  const choices = choicesFor(attempt.questions, input.answers);
  const limitMs = attempt.deadline.getTime() - attempt.startedAt.getTime();
  const durationMs = Math.max(0, Math.min(now.getTime() - attempt.startedAt.getTime(), limitMs));
  const result = grade(attempt.questions, choices, durationMs);
  const claimed = await db
    .collection(ATTEMPTS)
    .where({ _id: attempt._id, status: 'open' })
    .update({ data: { status: 'submitted', submittedAt: now, result: _.set(result) } });
  if (claimed.stats.updated === 0) {
    const after = await findById<AttemptDoc>(db, ATTEMPTS, attempt._id);
    return settled(after ?? attempt);
  }

  const scored: Submitted = { ...attempt, status: 'submitted', submittedAt: now, result };
  await recordBest(db, scored, result.score, durationMs, now);
  await noteQuizAttempt(db, openid, attempt.person, now);
  if (attempt.person.pointId && result.score >= titleBar().minScore) {
    const earned = await recordQualifying(db, openid, attempt.quizId, attempt.person, shanghaiYear(now), now);
    if (earned) {
      result.titleEarned = true;
      await db.collection(ATTEMPTS).doc(attempt._id).update({ data: { 'result.titleEarned': true } });
    }
  }
  return resultPayload(scored, shown);
});

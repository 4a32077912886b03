import type { PracticeAnswerParams, PracticeAnswerResult, PracticeNextParams, PracticeNextResult } from '../../../typings/quiz';
import { isDuplicateKeyError, type Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { failedPrecondition } from '../../_shared/errors';
import { userAction } from '../../_shared/handler';
import { id, integer, z } from '../../_shared/validate';
import { findById, topicField } from '../common';
import { ATTEMPTS, PRACTICE, QUESTIONS, SUBMIT_GRACE_MS, type PracticeDoc, type QuestionDoc } from '../model';
import { practicable } from '../pool';
import { randomUnit } from '../random';

/**
 * Practice mode: untimed, unranked, one question at a time, the answer and explanation right after.
 * The server remembers the one question it served each person; practiceAnswer answers only that
 * question, once, and never while the person has a quiz attempt running. Practice never serves or
 * answers a question of the pool of a quiz that has not ended (`contestUntil`, pool.ts), so it
 * cannot be used to collect the answers a contest draws from.
 */
const nextInput = params<PracticeNextParams>()(z.object({ topic: topicField.optional() }));

async function randomQuestion(db: Database, topic: string | undefined, avoid: string | null, now: Date): Promise<QuestionDoc | null> {
  const _ = db.command;
  const base: Record<string, unknown> = { status: 'active', contestUntil: _.not(_.gt(now)) };
  if (topic) base.topic = topic;
  const r = randomUnit();
  const pick = (rows: QuestionDoc[]) => rows.find((q) => q._id !== avoid) ?? null;
  const after = await db.collection<QuestionDoc>(QUESTIONS).where({ ...base, rand: _.gte(r) }).orderBy('rand', 'asc').limit(2).get();
  const found = pick(after.data);
  if (found) return found;
  const before = await db.collection<QuestionDoc>(QUESTIONS).where({ ...base, rand: _.lt(r) }).orderBy('rand', 'asc').limit(2).get();
  return pick(before.data) ?? after.data[0] ?? before.data[0] ?? null;
}

export const practiceNext = userAction(nextInput, async (input, ctx): Promise<PracticeNextResult> => {
  const { openid } = ctx;
  const { db, now } = ctx;
  const state = await findById<PracticeDoc>(db, PRACTICE, openid);
  const q = await randomQuestion(db, input.topic, state?.questionId ?? state?.lastQuestionId ?? null, now);
  const answered = state?.answered ?? 0;
  const correct = state?.correct ?? 0;
  if (!q) return { question: null, answered, correct };
  if (state) {
    await db.collection(PRACTICE).doc(openid).update({ data: { questionId: q._id, servedAt: now } });
  } else {
    try {
      await db.collection(PRACTICE).add({ data: { _id: openid, questionId: q._id, servedAt: now, answered: 0, correct: 0 } });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await db.collection(PRACTICE).doc(openid).update({ data: { questionId: q._id, servedAt: now } });
    }
  }
  return { question: { id: q._id, type: q.type, stem: q.stem, options: q.options, topic: q.topic }, answered, correct };
});

const answerInput = params<PracticeAnswerParams>()(
  z.object({
    questionId: id('题目编号'),
    choice: z.array(integer('选项序号', 0, 5), { error: '请选择答案' }).min(1, '请先选择答案').max(6, '选择的选项太多'),
  }),
);

export const practiceAnswer = userAction(answerInput, async (input, ctx): Promise<PracticeAnswerResult> => {
  const { openid } = ctx;
  const { db, now } = ctx;
  const _ = db.command;
  const [state, running] = await Promise.all([
    findById<PracticeDoc>(db, PRACTICE, openid),
    db
      .collection(ATTEMPTS)
      .where({ openid, status: 'open', deadline: _.gt(new Date(now.getTime() - SUBMIT_GRACE_MS)) })
      .limit(1)
      .get(),
  ]);
  if (running.data.length > 0) throw failedPrecondition('您有一场竞答正在进行，请先交卷，再来练习');
  if (!state || state.questionId !== input.questionId) throw failedPrecondition('这道题已经答过或已过期，请点“下一题”继续练习');
  const q = await findById<QuestionDoc>(db, QUESTIONS, input.questionId);
  if (!q) throw failedPrecondition('这道题已从题库移除，请点“下一题”继续练习');
  if (!practicable(q, now)) throw failedPrecondition('这道题正用于竞答，竞答结束后才能练习，请点“下一题”继续');
  const choice = [...new Set(input.choice)].sort((a, b) => a - b);
  const correct = choice.length === q.answer.length && choice.every((c, i) => c === q.answer[i]);
  const res = await db
    .collection(PRACTICE)
    .where({ _id: openid, questionId: input.questionId })
    .update({ data: { questionId: null, lastQuestionId: input.questionId, answered: _.inc(1), correct: _.inc(correct ? 1 : 0) } });
  if (res.stats.updated === 0) throw failedPrecondition('这道题已经答过了，请点“下一题”继续练习');
  return {
    correct,
    answer: q.answer,
    explanation: q.explanation,
    answered: state.answered + 1,
    correctTotal: state.correct + (correct ? 1 : 0),
  };
});

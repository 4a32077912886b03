import reference from '../../database/reference/chongqing-branches.json';
import type { Database } from '../_shared/cloud';
import { invalidArgument, notFound } from '../_shared/errors';
import { toIso } from '../_shared/time';
import { z } from '../_shared/validate';
import type { MyBest, QuizItem, QuizStatus, ReviewAnswers } from '../../typings/quiz';
import { BESTS, QUIZZES, type BestDoc, type QuizDoc } from './model';

/** A document by `_id`, or null (a where-query: no rejection for a missing id). */
export async function findById<T extends { _id: string }>(db: Database, collection: string, id: string): Promise<T | null> {
  const res = await db.collection<T>(collection).where({ _id: id }).limit(1).get();
  return res.data[0] ?? null;
}

export async function loadQuiz(db: Database, quizId: string): Promise<QuizDoc> {
  const quiz = await findById<QuizDoc>(db, QUIZZES, quizId);
  if (!quiz) throw notFound('没有找到这场答题活动，请返回列表刷新后再试');
  return quiz;
}

export function quizStatus(quiz: Pick<QuizDoc, 'startsAt' | 'endsAt' | 'cancelled'>, now: Date): QuizStatus {
  if (quiz.cancelled) return 'closed';
  if (now.getTime() < quiz.startsAt.getTime()) return 'upcoming';
  if (now.getTime() >= quiz.endsAt.getTime()) return 'closed';
  return 'open';
}

export function reviewAnswersOf(quiz: Pick<QuizDoc, 'reviewAnswers'>): ReviewAnswers {
  return quiz.reviewAnswers ?? 'after_close';
}

/** Whether a review may show the correct answers and explanations now. */
export function answersShown(quiz: Pick<QuizDoc, 'reviewAnswers' | 'startsAt' | 'endsAt' | 'cancelled'> | null, now: Date): boolean {
  if (!quiz) return false;
  return reviewAnswersOf(quiz) === 'after_submit' || quizStatus(quiz, now) === 'closed';
}

/** The quiz part of an attempt id (`${quizId}:${openid}:${day}:${n}`), so both can be read at once. */
export function quizIdOfAttempt(attemptId: string): string {
  return attemptId.slice(0, attemptId.indexOf(':'));
}

const BRANCH_NAMES = new Map(reference.branches.map((b) => [`br_${b.code}`, `${b.district}分校`]));

/** Branch names come from the reference data (no read). */
export function branchName(branchId: string | null | undefined): string {
  return (branchId && BRANCH_NAMES.get(branchId)) || '';
}

export function isKnownBranch(branchId: string): boolean {
  return BRANCH_NAMES.has(branchId);
}

export function bestId(quizId: string, openid: string): string {
  return `${quizId}:${openid}`;
}

export function myBestOf(best: BestDoc | null | undefined): MyBest | null {
  return best ? { score: best.score, durationMs: best.durationMs, submittedAt: toIso(best.submittedAt) } : null;
}

export function quizItem(quiz: QuizDoc, now: Date, best: BestDoc | null): QuizItem {
  const item: QuizItem = {
    id: quiz._id,
    title: quiz.title,
    scope: quiz.scope,
    startsAt: toIso(quiz.startsAt),
    endsAt: toIso(quiz.endsAt),
    questionCount: quiz.questionCount,
    timeLimitSec: quiz.timeLimitSec,
    attemptsPerDay: quiz.attemptsPerDay,
    status: quizStatus(quiz, now),
    reviewAnswers: reviewAnswersOf(quiz),
    myBest: myBestOf(best),
  };
  if (quiz.branchId) {
    item.branchId = quiz.branchId;
    item.branchName = branchName(quiz.branchId);
  }
  if (quiz.topic) item.topic = quiz.topic;
  if (quiz.cancelled) item.cancelled = { reason: quiz.cancelReason ?? '', at: toIso(quiz.cancelledAt ?? quiz.startsAt) };
  return item;
}

/** The caller's best records of some quizzes: one read. */
export async function bestsOf(db: Database, quizIds: string[], openid: string | undefined): Promise<Map<string, BestDoc>> {
  if (!openid || quizIds.length === 0) return new Map();
  const res = await db
    .collection<BestDoc>(BESTS)
    .where({ _id: db.command.in(quizIds.map((q) => bestId(q, openid))) })
    .limit(quizIds.length)
    .get();
  return new Map(res.data.map((b) => [b.quizId, b]));
}

/** Attempt ids: `${quizId}:${openid}:${YYYYMMDD}:${n}`. */
export const attemptIdField = z
  .string({ error: '缺少答题记录编号' })
  .max(200, '答题记录编号格式不正确')
  .regex(/^[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:\d{8}:\d{1,3}$/, '答题记录编号格式不正确');

export const topicField = z.string({ error: '主题应为文字' }).trim().min(1, '主题不能为空').max(20, '主题不能超过20个字');

export const yearField = z.number({ error: '年份应为数字' }).int('年份应为整数').min(2020, '年份不正确').max(2100, '年份不正确');

export function requireBranchExists(branchId: string): void {
  if (!isKnownBranch(branchId)) throw invalidArgument('没有这个分校，请重新选择');
}

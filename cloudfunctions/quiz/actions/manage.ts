import type { CancelQuizParams, CancelQuizResult, UpdateQuizParams, UpdateQuizResult } from '../../../typings/quiz';
import { writeAudit } from '../../_shared/audit';
import { isHeadAdmin, loadCaller, requireManage, type Caller } from '../../_shared/authz';
import { params } from '../../_shared/contract';
import { failedPrecondition, invalidArgument, permissionDenied } from '../../_shared/errors';
import { customUserAction } from '../../_shared/handler';
import { toIso } from '../../_shared/time';
import { id, integer, isoTime, text, z } from '../../_shared/validate';
import { loadQuiz, quizItem, quizStatus, topicField } from '../common';
import { MAX_WINDOW_MS, QUIZ_LIMITS } from '../limits';
import { QUIZZES, type QuizDoc } from '../model';
import { drawPool, markContest } from '../pool';
import { auditDiff, changedFields, withEdits } from '../../_shared/edits';

/** Who may change a quiz: as for `create` (head admin: city quizzes and any branch's; branch admin: its own). */
export function requireQuizManager(caller: Caller, quiz: Pick<QuizDoc, 'scope' | 'branchId'>): void {
  if (quiz.scope === 'city' || !quiz.branchId) {
    if (!isHeadAdmin(caller)) throw permissionDenied('全市竞答只有总校管理员可以修改或取消');
    return;
  }
  requireManage(caller, { branchId: quiz.branchId }, '您只能修改或取消本分校的竞答');
}

const updateInput = params<UpdateQuizParams>()(
  z.object({
    quizId: id('竞答编号'),
    title: text('竞答名称', 50, 2).optional(),
    startsAt: isoTime('开始时间').optional(),
    endsAt: isoTime('结束时间').optional(),
    timeLimitSec: integer('答题限时（秒）', QUIZ_LIMITS.timeLimitSec.min, QUIZ_LIMITS.timeLimitSec.max).optional(),
    attemptsPerDay: integer('每天可答次数', QUIZ_LIMITS.attemptsPerDay.min, QUIZ_LIMITS.attemptsPerDay.max).optional(),
    questionCount: integer('每次题目数', QUIZ_LIMITS.questionCount.min, QUIZ_LIMITS.questionCount.max).optional(),
    topic: topicField.nullable().optional(),
  }),
);

type Editable = Pick<QuizDoc, 'title' | 'startsAt' | 'endsAt' | 'timeLimitSec' | 'attemptsPerDay' | 'questionCount' | 'topic'>;
const EDITABLE: (keyof Editable)[] = ['title', 'startsAt', 'endsAt', 'timeLimitSec', 'attemptsPerDay', 'questionCount', 'topic'];


/**
 * Staff change a quiz. While it is upcoming: title, window, time limit, attempts per day, question
 * count and topic (the pool is drawn again when the topic changes or the count outgrows it). Once
 * open: only the end time, extended or shortened to not before now. Never once ended or cancelled.
 * Every write is conditional on the state it was decided in (upcoming: the stored start still in the
 * future, so no attempt exists and the pool may change; open: not ended, not cancelled).
 * Reads: 2 (quiz, roles) + 1–2 for a new pool. Writes: 2 (quiz, audit); none when nothing changed.
 */
export const update = customUserAction("head_admin (city quizzes); branch_admin of the quiz's branch", updateInput, async (input, ctx): Promise<UpdateQuizResult> => {
  const { openid } = ctx;
  const { db, now } = ctx;
  const [quiz, caller] = await Promise.all([loadQuiz(db, input.quizId), loadCaller(db, openid)]);
  requireQuizManager(caller, quiz);
  if (quiz.cancelled) throw failedPrecondition('这场竞答已取消，不能再修改');
  const status = quizStatus(quiz, now);
  if (status === 'closed') throw failedPrecondition('这场竞答已经结束，不能再修改');

  const next: Editable = withEdits(quiz, input, EDITABLE);
  const changed = changedFields(quiz, next, EDITABLE);
  if (changed.length === 0) return { quiz: quizItem(quiz, now, null), changed: [] };

  if (status === 'open' && changed.some((k) => k !== 'endsAt')) {
    throw failedPrecondition('竞答已经开始，只能调整结束时间；名称、开始时间、题目、限时和次数都不能再改');
  }
  if (next.endsAt.getTime() <= next.startsAt.getTime()) throw invalidArgument('结束时间应晚于开始时间');
  if (next.endsAt.getTime() < now.getTime()) throw invalidArgument('结束时间不能早于现在，请重新选择');
  if (next.endsAt.getTime() - next.startsAt.getTime() > MAX_WINDOW_MS) throw invalidArgument('竞答时间最长一年，请缩短时间范围');

  const _ = db.command;
  const patch: Record<string, unknown> = { updatedBy: openid, updatedAt: now };
  for (const k of changed) patch[k] = next[k];
  let guard: Record<string, unknown>;
  if (status === 'upcoming') {
    const topicChanged = changed.includes('topic');
    if (topicChanged || next.questionCount > quiz.pool.length) {
      const pool = await drawPool(db, next.topic);
      if (pool.length < next.questionCount) {
        throw failedPrecondition(
          `题库中${next.topic ? `“${next.topic}”主题` : ''}只有 ${pool.length} 道可用题目，少于每次要出的 ${next.questionCount} 道，请先导入题目或减少题目数`,
        );
      }
      patch.pool = pool;
    }
    // Still upcoming when written: no attempt can exist, so the pool and the rules may change.
    guard = { _id: quiz._id, startsAt: _.gt(now), cancelled: _.neq(true) };
  } else {
    guard = { _id: quiz._id, endsAt: _.gt(now), cancelled: _.neq(true) };
  }
  // A new pool or a later end: practice stays off those questions until the quiz ends.
  if (patch.pool || next.endsAt.getTime() > quiz.endsAt.getTime()) await markContest(db, (patch.pool as string[] | undefined) ?? quiz.pool, next.endsAt);
  const res = await db.collection(QUIZZES).where(guard).update({ data: patch });
  if (res.stats.updated !== 1) {
    throw failedPrecondition(status === 'upcoming' ? '竞答刚刚已经开始或被取消，请刷新后再改' : '竞答刚刚已经结束或被取消，请刷新后再看');
  }
  await writeAudit(db, {
    actor: openid,
    action: 'quiz.update',
    targetType: 'quiz',
    targetId: quiz._id,
    scope: quiz.branchId ? { branchId: quiz.branchId } : {},
    ...auditDiff(quiz, next, changed),
  });
  return { quiz: quizItem({ ...quiz, ...next }, now, null), changed };
});

const cancelInput = params<CancelQuizParams>()(z.object({ quizId: id('竞答编号'), reason: text('取消原因', 100, 2) }));

/**
 * Staff cancel a quiz that has not ended. It then lists as closed with the reason, refuses new
 * starts (an attempt already running may still be submitted) and keeps its leaderboard. Cancelling
 * again answers the first cancellation. Reads: 2. Writes: 2 (quiz, conditional; audit).
 */
export const cancel = customUserAction("head_admin (city quizzes); branch_admin of the quiz's branch", cancelInput, async (input, ctx): Promise<CancelQuizResult> => {
  const { openid } = ctx;
  const { db, now } = ctx;
  const [quiz, caller] = await Promise.all([loadQuiz(db, input.quizId), loadCaller(db, openid)]);
  requireQuizManager(caller, quiz);
  const answer = (q: QuizDoc): CancelQuizResult => ({
    status: 'closed',
    cancelled: { reason: q.cancelReason ?? '', at: toIso(q.cancelledAt ?? now) },
  });
  if (quiz.cancelled) return answer(quiz);
  if (quiz.endsAt.getTime() <= now.getTime()) throw failedPrecondition('这场竞答已经结束，不需要取消');

  const _ = db.command;
  const res = await db
    .collection(QUIZZES)
    .where({ _id: quiz._id, cancelled: _.neq(true), endsAt: _.gt(now) })
    .update({ data: { cancelled: true, cancelReason: input.reason, cancelledAt: now, cancelledBy: openid } });
  if (res.stats.updated !== 1) {
    const latest = await loadQuiz(db, quiz._id);
    if (latest.cancelled) return answer(latest);
    throw failedPrecondition('这场竞答刚刚已经结束，不需要取消');
  }
  await writeAudit(db, {
    actor: openid,
    action: 'quiz.cancel',
    targetType: 'quiz',
    targetId: quiz._id,
    scope: quiz.branchId ? { branchId: quiz.branchId } : {},
    before: { status: quizStatus(quiz, now) },
    after: { status: 'closed', cancelled: true },
    reason: input.reason,
  });
  return { status: 'closed', cancelled: { reason: input.reason, at: toIso(now) } };
});

import type { CreateQuizParams, CreateQuizResult } from '../../../typings/quiz';
import { writeAudit } from '../../_shared/audit';
import { isHeadAdmin, loadCaller, requireManage } from '../../_shared/authz';
import { params } from '../../_shared/contract';
import { failedPrecondition, invalidArgument, permissionDenied } from '../../_shared/errors';
import { customUserAction } from '../../_shared/handler';
import { id, integer, isoTime, text, z } from '../../_shared/validate';
import { requireBranchExists, topicField } from '../common';
import { MAX_WINDOW_MS, QUIZ_LIMITS } from '../limits';
import { QUIZZES } from '../model';
import { drawPool, markContest } from '../pool';
import { randomId } from '../random';

const input = params<CreateQuizParams>()(
  z.object({
    title: text('竞答名称', 50, 2),
    scope: z.enum(['city', 'branch'], { error: '范围应为全市或分校' }),
    branchId: id('分校编号').optional(),
    startsAt: isoTime('开始时间'),
    endsAt: isoTime('结束时间'),
    questionCount: integer('每次题目数', QUIZ_LIMITS.questionCount.min, QUIZ_LIMITS.questionCount.max),
    timeLimitSec: integer('答题限时（秒）', QUIZ_LIMITS.timeLimitSec.min, QUIZ_LIMITS.timeLimitSec.max),
    attemptsPerDay: integer('每天可答次数', QUIZ_LIMITS.attemptsPerDay.min, QUIZ_LIMITS.attemptsPerDay.max),
    topic: topicField.optional(),
    reviewAnswers: z.enum(['after_submit', 'after_close'], { error: '公布答案的时间应为交卷后或竞答结束后' }).optional(),
  }),
);

/** head_admin: city quizzes (and any branch's); branch_admin: quizzes of its own branch. */
export const create = customUserAction('head_admin (city quizzes); branch_admin of the branch (its quizzes)', input, async (input, ctx): Promise<CreateQuizResult> => {
  const { openid } = ctx;
  const caller = await loadCaller(ctx.db, openid);
  let branchId: string | null = null;
  if (input.scope === 'city') {
    if (!isHeadAdmin(caller)) throw permissionDenied('只有总校管理员可以发布全市竞答');
  } else {
    if (!input.branchId) throw invalidArgument('分校竞答请选择分校');
    requireBranchExists(input.branchId);
    requireManage(caller, { branchId: input.branchId }, '您只能为本分校发布竞答');
    branchId = input.branchId;
  }
  if (input.endsAt.getTime() <= input.startsAt.getTime()) throw invalidArgument('结束时间应晚于开始时间');
  if (input.endsAt.getTime() <= ctx.now.getTime()) throw invalidArgument('结束时间已过，请选择以后的时间');
  if (input.endsAt.getTime() - input.startsAt.getTime() > MAX_WINDOW_MS) throw invalidArgument('竞答时间最长一年，请缩短时间范围');

  const topic = input.topic ?? null;
  const pool = await drawPool(ctx.db, topic);
  if (pool.length < input.questionCount) {
    throw failedPrecondition(
      `题库中${topic ? `“${topic}”主题` : ''}只有 ${pool.length} 道可用题目，少于每次要出的 ${input.questionCount} 道，请先导入题目或减少题目数`,
    );
  }
  const quizId = randomId('qz_');
  await markContest(ctx.db, pool, input.endsAt);
  await ctx.db.collection(QUIZZES).add({
    data: {
      _id: quizId,
      title: input.title,
      scope: input.scope,
      branchId,
      topic,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      questionCount: input.questionCount,
      timeLimitSec: input.timeLimitSec,
      attemptsPerDay: input.attemptsPerDay,
      pool,
      reviewAnswers: input.reviewAnswers ?? 'after_close',
      rankCounts: true,
      createdBy: openid,
      createdAt: ctx.db.serverDate(),
    },
  });
  await writeAudit(ctx.db, {
    actor: openid,
    action: 'quiz.create',
    targetType: 'quiz',
    targetId: quizId,
    scope: branchId ? { branchId } : {},
    after: { title: input.title, scope: input.scope, startsAt: input.startsAt, endsAt: input.endsAt, questionCount: input.questionCount },
  });
  return { quizId };
});

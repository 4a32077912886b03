import type { Page } from '../../../typings/envelope';
import type { BankSummary, ListQuestionsParams, QuestionItem, RetireQuestionParams, UpdateQuestionParams, UpdateQuestionResult } from '../../../typings/quiz';
import { writeAudit } from '../../_shared/audit';
import { loadCaller } from '../../_shared/authz';
import { isDuplicateKeyError } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { alreadyExists, failedPrecondition, invalidArgument, notFound, permissionDenied } from '../../_shared/errors';
import { customUserAction, type UserContext } from '../../_shared/handler';
import { pageWindow, toPage } from '../../_shared/paging';
import { toIso } from '../../_shared/time';
import { id, integer, pageParams, z } from '../../_shared/validate';
import { findById, topicField } from '../common';
import { forgetPools } from '../draw';
import { QUESTION_VERSIONS, QUESTIONS, type QuestionDoc } from '../model';
import { checkQuestion, LIMITS, stemKeyOf } from '../question-rules';
import { requireBankKeeper } from '../staff';

function questionItem(q: QuestionDoc): QuestionItem {
  return {
    id: q._id,
    type: q.type,
    stem: q.stem,
    options: q.options,
    answer: q.answer,
    explanation: q.explanation,
    topic: q.topic,
    status: q.status,
    version: q.version,
    updatedAt: toIso(q.updatedAt),
  };
}

const listInput = params<ListQuestionsParams>()(
  z.object({
    status: z.enum(['active', 'retired'], { error: '状态应为启用或停用' }).optional(),
    topic: topicField.optional(),
    ...pageParams,
  }),
);

/** Staff (head admin) browse the bank, newest first, answers included. */
export const listQuestions = customUserAction('head_admin', listInput, async (input, ctx): Promise<Page<QuestionItem>> => {
  const { openid } = ctx;
  await requireBankKeeper(ctx.db, openid);
  const w = pageWindow(input);
  const where: Record<string, unknown> = { status: input.status ?? 'active' };
  if (input.topic) where.topic = input.topic;
  const res = await ctx.db.collection<QuestionDoc>(QUESTIONS).where(where).orderBy('createdAt', 'desc').skip(w.skip).limit(w.fetch).get();
  const page = toPage(w, res.data);
  return { items: page.items.map(questionItem), nextCursor: page.nextCursor };
});

const updateInput = params<UpdateQuestionParams>()(
  z.object({
    questionId: id('题目编号'),
    version: integer('版本号', 1, 1_000_000),
    type: z.enum(['single', 'multiple', 'judge'], { error: '题型不正确' }),
    // Outer bounds only (well above LIMITS in question-rules.ts): checkQuestion gives the precise
    // reasons; these keep an oversized event from being trimmed, sorted and hashed at all.
    stem: z.string({ error: '请填写题干' }).max(LIMITS.stemMax * 4, `题干不能超过${LIMITS.stemMax}个字`),
    options: z
      .array(z.string({ error: '选项应为文字' }).max(LIMITS.optionMax * 4, `每个选项不能超过${LIMITS.optionMax}个字`), { error: '请填写选项' })
      .max(LIMITS.maxOptions * 4, `最多${LIMITS.maxOptions}个选项（A 到 F）`),
    answer: z.array(z.number({ error: '答案应为选项序号' }), { error: '请选择正确答案' }).max(LIMITS.maxOptions * 4, '答案中的选项太多'),
    explanation: z.string({ error: '解析应为文字' }).max(LIMITS.explanationMax * 4, `解析不能超过${LIMITS.explanationMax}个字`).optional(),
    topic: z.string({ error: '主题应为文字' }).max(LIMITS.topicMax * 4, `主题不能超过${LIMITS.topicMax}个字`).optional(),
  }),
);

/**
 * Saves an edit as a new version. The previous content is kept in questionVersions, and attempts
 * already carry the question as it was asked, so no past attempt changes.
 */
export const updateQuestion = customUserAction('head_admin', updateInput, async (input, ctx): Promise<UpdateQuestionResult> => {
  const { openid } = ctx;
  await requireBankKeeper(ctx.db, openid);
  const { questionId, version, ...content } = input;
  const checked = checkQuestion(content);
  if (!checked.ok) throw invalidArgument(checked.reason);
  forgetPools();
  const current = await findById<QuestionDoc>(ctx.db, QUESTIONS, questionId);
  if (!current) throw notFound('没有找到这道题，可能已被删除，请刷新列表');
  if (current.version !== version) throw failedPrecondition('这道题已被其他管理员修改，请刷新后在最新版本上编辑');
  if (current.status !== 'active') throw failedPrecondition('已停用的题目不能修改，请先恢复启用');

  const { _id: _omit, ...previous } = current;
  try {
    await ctx.db.collection(QUESTION_VERSIONS).add({ data: { ...previous, _id: `${questionId}:v${version}`, questionId, archivedAt: ctx.db.serverDate() } });
  } catch (error) {
    // A retried save already archived this version.
    if (!isDuplicateKeyError(error)) throw error;
  }
  const _ = ctx.db.command;
  const v = checked.value;
  let updated: number;
  try {
    const res = await ctx.db
      .collection(QUESTIONS)
      .where({ _id: questionId, version, status: 'active' })
      .update({
        data: {
          type: v.type,
          stem: v.stem,
          options: _.set(v.options),
          answer: _.set(v.answer),
          explanation: v.explanation,
          topic: v.topic,
          stemKey: stemKeyOf(v.stem),
          version: version + 1,
          updatedBy: openid,
          updatedAt: ctx.db.serverDate(),
        },
      });
    updated = res.stats.updated;
  } catch (error) {
    if (isDuplicateKeyError(error)) throw alreadyExists('题库中已有相同题干的题目，请修改题干后再保存');
    throw error;
  }
  if (updated !== 1) throw failedPrecondition('这道题已被其他管理员修改，请刷新后在最新版本上编辑');
  await writeAudit(ctx.db, {
    actor: openid,
    action: 'quiz.updateQuestion',
    targetType: 'question',
    targetId: questionId,
    scope: {},
    before: { version, stem: current.stem, options: current.options, answer: current.answer },
    after: { version: version + 1, stem: v.stem, options: v.options, answer: v.answer },
  });
  return { version: version + 1 };
});

const retireInput = params<RetireQuestionParams>()(z.object({ questionId: id('题目编号') }));

async function setStatus(questionId: string, from: 'active' | 'retired', to: 'active' | 'retired', ctx: UserContext) {
  const { openid } = ctx;
  await requireBankKeeper(ctx.db, openid);
  forgetPools();
  const res = await ctx.db
    .collection(QUESTIONS)
    .where({ _id: questionId, status: from })
    .update({ data: { status: to, updatedBy: openid, updatedAt: ctx.db.serverDate() } });
  if (res.stats.updated === 0) {
    const q = await findById<QuestionDoc>(ctx.db, QUESTIONS, questionId);
    if (!q) throw notFound('没有找到这道题，请刷新列表');
    return { status: q.status };
  }
  await writeAudit(ctx.db, { actor: openid, action: `quiz.${to === 'retired' ? 'retire' : 'restore'}Question`, targetType: 'question', targetId: questionId, scope: {}, before: { status: from }, after: { status: to } });
  return { status: to };
}

/** A retired question is drawn no more; attempts that asked it keep it. Idempotent. */
export const retireQuestion = customUserAction('head_admin', retireInput, async (input, ctx) => setStatus(input.questionId, 'active', 'retired', ctx));

export const restoreQuestion = customUserAction('head_admin', retireInput, async (input, ctx) => setStatus(input.questionId, 'retired', 'active', ctx));

/** Staff who create quizzes (head and branch admins) see how many questions each topic holds. */
export const bankSummary = customUserAction('head_admin, branch_admin', z.object({}), async (_input, ctx): Promise<BankSummary> => {
  const { openid } = ctx;
  const caller = await loadCaller(ctx.db, openid);
  if (!caller.grants.some((g) => g.role === 'head_admin' || g.role === 'branch_admin')) {
    throw permissionDenied('只有总校或分校管理员可以查看题库概况');
  }
  const $ = ctx.db.command.aggregate;
  const res = await ctx.db
    .collection(QUESTIONS)
    .aggregate()
    .match({ status: 'active' })
    .group({ _id: '$topic', count: $.sum(1) })
    .sort({ count: -1 })
    .limit(200)
    .end();
  const topics = res.list.map((r) => ({ topic: String(r._id), count: Number(r.count) }));
  return { active: topics.reduce((n, t) => n + t.count, 0), topics };
});

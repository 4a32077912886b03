import type {
  GetPlanParams,
  GetPlanResult,
  ListPlansParams,
  ListPlansResult,
  MissingPlansParams,
  MissingPlansResult,
  PlanProgressParams,
  PlanProgressResult,
  PlanTemplateView,
  PlanView,
  PublishTemplateParams,
  PublishTemplateResult,
  ReviewPlanParams,
  ReviewPlanResult,
  SavePlanParams,
  SavePlanResult,
  SlippingPlansParams,
  SlippingPlansResult,
  SubmitPlanParams,
  SubmitPlanResult,
} from '../../../typings/school';
import { writeAudit } from '../../_shared/audit';
import { isDuplicateKeyError, type Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { failedPrecondition, invalidArgument, permissionDenied } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { POINTS_COLLECTION, type PointDoc } from '../../_shared/org';
import { toIso } from '../../_shared/time';
import { bool, id, integer, isoTime, optionalText, text, z } from '../../_shared/validate';
import { currentYear, findById, HEAD_ONLY, isOwnPointStaff, levelOf, loadById, pointIdField, pointTarget, REVIEWERS, yearField } from '../access';
import { heldOf, heldOne } from '../figures';
import { DUE_SOON_MS, PLANS, planId, TEMPLATES, type PlanDoc, type TemplateDoc } from '../model';
import { tellUnit } from '../notices';
import { behindBy, progressOf } from '../progress';
import { branchChain, keyDays, planItems } from '../schemas';

const PLAN_MISSING = '没有找到这份教学计划，请返回刷新';

function planView(p: PlanDoc): PlanView {
  return {
    planId: p._id,
    pointId: p.pointId,
    pointName: p.pointName,
    branchId: p.branchId,
    year: p.year,
    term: p.term,
    status: p.status,
    items: p.items,
    groups: p.groups,
    keyDays: p.keyDays,
    note: p.note,
    submissions: p.submissions,
    reviewComment: p.reviewComment,
    itemComments: p.itemComments,
    history: p.history.map((h) => ({
      at: toIso(h.at),
      action: h.action,
      byRole: h.byRole,
      ...(h.comment ? { comment: h.comment } : {}),
      ...(h.itemComments?.length ? { itemComments: h.itemComments } : {}),
    })),
    updatedAt: toIso(p.updatedAt),
  };
}

function templateView(t: TemplateDoc): PlanTemplateView {
  return { year: t.year, dueAt: toIso(t.dueAt), items: t.items, keyDays: t.keyDays, note: t.note };
}

/** Plans are made for this year or the next; a year already over is closed. */
function checkPlanYear(year: number, now: Date): void {
  const current = currentYear(now);
  if (year < current) throw failedPrecondition(`${year}年已经过去，不能再制定或修改这一年的教学计划`);
  if (year > current + 1) throw invalidArgument(`只能制定${current}年或${current + 1}年的教学计划`);
}

async function loadPlanTarget(db: Database, planIdValue: string) {
  const plan = await loadById<PlanDoc>(db, PLANS, planIdValue, PLAN_MISSING);
  return { chain: { branchId: plan.branchId, pointId: plan.pointId }, plan };
}

const saveInput = params<SavePlanParams>()(
  z.object({
    pointId: pointIdField(),
    year: yearField(),
    items: planItems(),
    note: optionalText('说明', 500),
    term: z.enum(['full', 'spring', 'autumn'], { error: '学期应为全年、春季或秋季' }).optional(),
    groups: z
      .object({
        ageBands: z.array(z.enum(['under_50', '50_59', '60_69', '70_79', '80_plus'], { error: '年龄段不正确' })).max(5).optional(),
        genders: z.array(z.enum(['male', 'female'], { error: '性别应为男或女' })).max(2).optional(),
        occupations: z
          .array(z.enum(['retired', 'worker', 'farmer', 'civil_servant', 'teacher', 'medical', 'self_employed', 'student', 'other'], { error: '职业不正确' }))
          .max(9)
          .optional(),
      })
      .optional(),
    keyDays: keyDays().optional(),
  }),
);

/** contract: one plan per point and year, edited while draft or returned. */
export const savePlan = staffAction({
  input: saveInput,
  who: 'point_admin of pointId or staff above',
  denied: '只有本教学点或上级的管理员可以编制教学计划',
  scope: async (p, { db }) => pointTarget(db, p.pointId),
  run: async (p, ctx): Promise<SavePlanResult> => {
    const { db, now, caller } = ctx;
    const { point } = ctx.target;
    checkPlanYear(p.year, now);
    if (!point.active) throw failedPrecondition('这个教学点已停用，不能编制教学计划');
    const _id = planId(point._id, p.year);
    const monthly = Array(12).fill(0) as number[];
    for (const i of p.items) monthly[i.month - 1] += i.count;
    const fields = {
      items: p.items.map((i) => ({ month: i.month, topic: i.topic, count: i.count, ...(i.title ? { title: i.title } : {}) })),
      groups: p.groups ?? {},
      keyDays: p.keyDays ?? [],
      note: p.note ?? '',
      term: p.term ?? 'full',
      planned: monthly.reduce((a, b) => a + b, 0),
      monthly,
    };
    const level = levelOf(caller, ctx.target.chain);
    const entry = { at: now, action: 'save' as const, by: caller.openid, byRole: level };
    const _ = db.command;
    let existing = await findById<PlanDoc>(db, PLANS, _id);
    if (!existing) {
      try {
        await db.collection(PLANS).add({
          data: {
            _id,
            pointId: point._id,
            pointName: point.name,
            branchId: point.branchId,
            year: p.year,
            status: 'draft',
            ...fields,
            submissions: 0,
            reviewComment: null,
            itemComments: [],
            history: [entry],
            createdAt: now,
            updatedAt: now,
          },
        });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        existing = await findById<PlanDoc>(db, PLANS, _id);
      }
    }
    if (existing) {
      if (existing.status === 'submitted') throw failedPrecondition('教学计划已提交，正在等待分校审核，审核前不能修改');
      if (existing.status === 'approved') throw failedPrecondition('教学计划已通过审核，不能再修改');
      const res = await db
        .collection(PLANS)
        .where({ _id, status: _.in(['draft', 'returned']) })
        .update({ data: { ...fields, status: 'draft', history: _.push(entry), updatedAt: now } });
      if (res.stats.updated === 0) throw failedPrecondition('教学计划刚刚已被提交或审核，请刷新后查看');
    }
    await writeAudit(db, {
      actor: caller.openid,
      action: 'plan.save',
      targetType: 'plan',
      targetId: _id,
      scope: ctx.target.chain,
      after: { planned: fields.planned, items: fields.items.length },
    });
    return { planId: _id, status: 'draft' };
  },
});

export const submitPlan = staffAction({
  input: params<SubmitPlanParams>()(z.object({ planId: id('教学计划') })),
  who: "point_admin of the plan's point or staff above",
  denied: '只有本教学点或上级的管理员可以提交教学计划',
  scope: async (p, { db }) => loadPlanTarget(db, p.planId),
  run: async (_p, ctx): Promise<SubmitPlanResult> => {
    const { db, now, caller } = ctx;
    const { plan } = ctx.target;
    if (plan.status === 'submitted') throw failedPrecondition('教学计划已提交，正在等待分校审核');
    if (plan.status === 'approved') throw failedPrecondition('教学计划已通过审核，无需再次提交');
    checkPlanYear(plan.year, now);
    const _ = db.command;
    const entry = { at: now, action: 'submit' as const, by: caller.openid, byRole: levelOf(caller, ctx.target.chain) };
    const res = await db
      .collection(PLANS)
      .where({ _id: plan._id, status: plan.status })
      .update({ data: { status: 'submitted', submissions: _.inc(1), history: _.push(entry), updatedAt: now } });
    if (res.stats.updated === 0) throw failedPrecondition('教学计划刚刚已被提交或修改，请刷新后查看');
    const submissions = plan.submissions + 1;
    await writeAudit(db, {
      actor: caller.openid,
      action: submissions > 1 ? 'plan.resubmit' : 'plan.submit',
      targetType: 'plan',
      targetId: plan._id,
      scope: ctx.target.chain,
      before: { status: plan.status },
      after: { status: 'submitted', submissions },
    });
    await tellUnit(
      db,
      { scopeId: plan.branchId, role: 'branch_admin' },
      {
        id: `plan_submitted:${plan._id}:${submissions}`,
        kind: 'school_plan_submitted',
        page: `packages/staff/pages/plan-review/index?planId=${plan._id}`,
        subject: `${plan.year}年教学计划待审核`,
        place: plan.pointName,
        note: submissions > 1 ? '修改后再次提交' : '首次提交',
        at: now,
      },
    );
    return { status: 'submitted', submissions };
  },
});

export const reviewPlan = staffAction({
  input: params<ReviewPlanParams>()(
    z.object({
      planId: id('教学计划'),
      approve: bool('是否通过'),
      comment: optionalText('审核意见', 500),
      itemComments: z
        .array(z.object({ index: integer('课程序号', 0, 119), comment: text('逐项意见', 200) }), { error: '逐项意见不正确' })
        .max(120)
        .optional(),
    }),
  ),
  who: "branch_admin of the plan's branch, head_admin; never the point's own staff",
  denied: '教学计划由所属分校或总校审核',
  scope: async (p, { db }) => ({ ...(await loadPlanTarget(db, p.planId)), roles: REVIEWERS }),
  run: async (p, ctx): Promise<ReviewPlanResult> => {
    const { db, now, caller } = ctx;
    const { plan } = ctx.target;
    if (isOwnPointStaff(caller, plan.pointId)) throw permissionDenied('教学点的管理员不能审核本教学点的计划，请由分校或总校审核');
    if (plan.status !== 'submitted') throw failedPrecondition(plan.status === 'approved' ? '这份教学计划已经通过审核' : '这份教学计划还没有提交，不能审核');
    if (!p.approve && !p.comment) throw invalidArgument('退回时请填写修改意见，告诉教学点需要改什么');
    const itemComments = p.itemComments ?? [];
    if (itemComments.some((c) => c.index >= plan.items.length)) throw invalidArgument('逐项意见对应的课程不存在，请刷新后重试');
    const status = p.approve ? 'approved' : 'returned';
    const _ = db.command;
    const entry = {
      at: now,
      action: p.approve ? ('approve' as const) : ('return' as const),
      by: caller.openid,
      byRole: levelOf(caller, ctx.target.chain),
      ...(p.comment ? { comment: p.comment } : {}),
      ...(itemComments.length ? { itemComments } : {}),
    };
    const res = await db
      .collection(PLANS)
      .where({ _id: plan._id, status: 'submitted' })
      .update({
        data: {
          status,
          ...(p.approve ? {} : { reviewComment: p.comment ?? null, itemComments }),
          history: _.push(entry),
          updatedAt: now,
        },
      });
    if (res.stats.updated === 0) throw failedPrecondition('这份教学计划刚刚已被审核，请刷新后查看');
    await writeAudit(db, {
      actor: caller.openid,
      action: p.approve ? 'plan.approve' : 'plan.return',
      targetType: 'plan',
      targetId: plan._id,
      scope: ctx.target.chain,
      before: { status: 'submitted' },
      after: { status },
      ...(p.comment ? { reason: p.comment } : {}),
    });
    await tellUnit(
      db,
      { scopeId: plan.pointId, role: 'point_admin' },
      {
        id: `plan_reviewed:${plan._id}:${plan.submissions}`,
        kind: 'school_plan_reviewed',
        page: `packages/staff/pages/plan-edit/index?pointId=${plan.pointId}&year=${plan.year}`,
        subject: `${plan.year}年教学计划${p.approve ? '已通过' : '被退回'}`,
        place: plan.pointName,
        note: p.comment ?? (p.approve ? '请按计划开课' : '请按意见修改'),
        at: now,
      },
    );
    return { status };
  },
});

export const getPlan = staffAction({
  input: params<GetPlanParams>()(z.object({ pointId: pointIdField(), year: yearField() })),
  who: 'staff of the point or above',
  scope: async (p, { db }) => pointTarget(db, p.pointId),
  run: async (p, { db }): Promise<GetPlanResult> => {
    const [plan, template] = await Promise.all([findById<PlanDoc>(db, PLANS, planId(p.pointId, p.year)), findById<TemplateDoc>(db, TEMPLATES, `tpl_${p.year}`)]);
    return { plan: plan ? planView(plan) : null, template: template ? templateView(template) : null };
  },
});

export const listPlans = staffAction({
  input: params<ListPlansParams>()(
    z.object({ year: yearField(), branchId: id('分校').optional(), status: z.enum(['draft', 'submitted', 'returned', 'approved'], { error: '状态不正确' }).optional() }),
  ),
  who: 'branch_admin (its branch), head_admin',
  scope: async (p, { caller }) => ({ chain: branchChain(caller, p.branchId), roles: REVIEWERS }),
  run: async (p, { db, target }): Promise<ListPlansResult> => {
    const where: Record<string, unknown> = { year: p.year, ...(target.chain.branchId ? { branchId: target.chain.branchId } : {}), ...(p.status ? { status: p.status } : {}) };
    const res = await db.collection<PlanDoc>(PLANS).where(where).orderBy('updatedAt', 'asc').limit(1000).get();
    return {
      items: res.data.map((d) => ({ planId: d._id, pointId: d.pointId, pointName: d.pointName, status: d.status, planned: d.planned, submissions: d.submissions, updatedAt: toIso(d.updatedAt) })),
    };
  },
});

/** contract: planned from the plan (0 without one), held from the courses held. */
export const planProgress = staffAction({
  input: params<PlanProgressParams>()(z.object({ pointId: pointIdField(), year: yearField() })),
  who: 'staff of the point or above',
  scope: async (p, { db }) => pointTarget(db, p.pointId),
  run: async (p, { db, now }): Promise<PlanProgressResult> => {
    const [plan, held] = await Promise.all([findById<PlanDoc>(db, PLANS, planId(p.pointId, p.year)), heldOne(db, p.pointId, p.year, now)]);
    return progressOf(plan, held, p.year, now);
  },
});

export const publishTemplate = staffAction({
  input: params<PublishTemplateParams>()(
    z.object({ year: yearField(), dueAt: isoTime('截止时间'), items: planItems(), keyDays: keyDays().optional(), note: optionalText('说明', 500) }),
  ),
  who: 'head_admin',
  denied: '教学计划模板由总校发布',
  scope: async () => ({ chain: {}, roles: HEAD_ONLY }),
  run: async (p, { db, now, caller }): Promise<PublishTemplateResult> => {
    checkPlanYear(p.year, now);
    await db
      .collection(TEMPLATES)
      .doc(`tpl_${p.year}`)
      .set({ data: { year: p.year, dueAt: p.dueAt, items: p.items, keyDays: p.keyDays ?? [], note: p.note ?? '', publishedBy: caller.openid, updatedAt: now } });
    await writeAudit(db, { actor: caller.openid, action: 'plan.template', targetType: 'planTemplate', targetId: `tpl_${p.year}`, scope: {}, after: { dueAt: toIso(p.dueAt) } });
    return { year: p.year, dueAt: toIso(p.dueAt) };
  },
});

async function branchPoints(db: Database, branchId: string): Promise<PointDoc[]> {
  const res = await db.collection<PointDoc>(POINTS_COLLECTION).where({ branchId, active: true }).orderBy('name', 'asc').limit(1000).get();
  return res.data;
}

async function branchPlans(db: Database, branchId: string, year: number): Promise<PlanDoc[]> {
  return (await db.collection<PlanDoc>(PLANS).where({ branchId, year }).limit(1000).get()).data;
}

export const missingPlans = staffAction({
  input: params<MissingPlansParams>()(z.object({ year: yearField(), branchId: id('分校') })),
  who: 'branch_admin of branchId, head_admin',
  scope: async (p) => ({ chain: { branchId: p.branchId }, roles: REVIEWERS }),
  run: async (p, { db, now }): Promise<MissingPlansResult> => {
    const [points, plans, template] = await Promise.all([branchPoints(db, p.branchId), branchPlans(db, p.branchId, p.year), findById<TemplateDoc>(db, TEMPLATES, `tpl_${p.year}`)]);
    const byPoint = new Map(plans.map((x) => [x.pointId, x]));
    const items = points
      .map((pt) => ({ pointId: pt._id, pointName: pt.name, status: byPoint.get(pt._id)?.status ?? ('none' as const) }))
      .filter((x) => x.status !== 'submitted' && x.status !== 'approved');
    return { dueAt: template ? toIso(template.dueAt) : null, dueSoon: template ? template.dueAt.getTime() - now.getTime() <= DUE_SOON_MS : false, items };
  },
});

export const slippingPlans = staffAction({
  input: params<SlippingPlansParams>()(z.object({ year: yearField(), branchId: id('分校') })),
  who: 'branch_admin of branchId, head_admin',
  scope: async (p) => ({ chain: { branchId: p.branchId }, roles: REVIEWERS }),
  run: async (p, { db, now }): Promise<SlippingPlansResult> => {
    const plans = (await branchPlans(db, p.branchId, p.year)).filter((x) => x.status === 'approved' || x.status === 'submitted');
    const held = await heldOf(db, plans.map((x) => x.pointId), p.year, now);
    const items: SlippingPlansResult['items'] = [];
    for (const plan of plans) {
      const progress = progressOf(plan, held.get(plan.pointId)!, p.year, now);
      if (!progress.slipping) continue;
      const b = behindBy(progress, now, p.year);
      items.push({ pointId: plan.pointId, pointName: plan.pointName, planned: plan.planned, cumulativePlanned: b.cumulativePlanned, held: progress.held, behindBy: b.behind });
    }
    items.sort((a, b) => b.behindBy - a.behindBy || a.pointId.localeCompare(b.pointId));
    return { items };
  },
});

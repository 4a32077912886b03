import type { TodoItem, TodoKind, TodoParams, TodoResult } from '../../../typings/school';
import type { Caller } from '../../_shared/authz';
import { loadCaller } from '../../_shared/authz';
import type { Database } from '../../_shared/cloud';
import { COLLECTIONS } from '../../_shared/collections';
import { params } from '../../_shared/contract';
import { permissionDenied } from '../../_shared/errors';
import { userAction } from '../../_shared/handler';
import { BRANCHES_COLLECTION, type BranchDoc } from '../../_shared/reference';
import { z } from '../../_shared/validate';
import { currentYear, findById, yearField } from '../access';
import { APPLICATIONS, CHECKLIST, DUE_SOON_MS, PLANS, RECTIFICATION_DUE_SOON_MS, RECTIFICATIONS, TEMPLATES, type TemplateDoc } from '../model';

const LABELS: Record<TodoKind, string> = {
  plans_to_review: '待审核的教学计划',
  plans_returned: '被退回待修改的教学计划',
  plans_missing: '临近截止仍未提交的教学计划',
  demo_applications: '待审核的示范教学点申报',
  checklist_to_review: '待审核的四化八有项目',
  checklist_needs_work: '需完善的四化八有项目',
  rectifications_due: '临近期限的示范教学点整改',
  hour_claims: '待审核的志愿服务时长',
  member_requests: '待审核的入队申请',
};
const PAGES: Record<TodoKind, string> = {
  plans_to_review: '/packages/staff/pages/plan-review/index',
  plans_returned: '/packages/staff/pages/plan-edit/index',
  plans_missing: '/packages/staff/pages/plan-review/index',
  demo_applications: '/packages/staff/pages/demo-queue/index',
  checklist_to_review: '/packages/staff/pages/checklist/index',
  checklist_needs_work: '/packages/staff/pages/checklist/index',
  rectifications_due: '/packages/staff/pages/verification/index',
  hour_claims: '/packages/staff/pages/hours-review/index',
  member_requests: '/packages/staff/pages/team-members/index',
};

async function count(db: Database, collection: string, where: Record<string, unknown>): Promise<number> {
  return (await db.collection(collection).where(where).count()).total;
}

/**
 * What waits for the caller, per role and scope: each figure is one indexed count, so the cost
 * grows with the caller's grants, never with the data.
 */
async function queues(db: Database, caller: Caller, year: number, now: Date): Promise<TodoItem[]> {
  const _ = db.command;
  const soon = new Date(now.getTime() + RECTIFICATION_DUE_SOON_MS);
  const out: TodoItem[] = [];
  const push = async (kind: TodoKind, scopeId: string, n: Promise<number>) => out.push({ kind, label: LABELS[kind], count: await n, scopeId, page: PAGES[kind] });
  const template = await findById<TemplateDoc>(db, TEMPLATES, `tpl_${year}`);
  const planDueSoon = template !== null && template.dueAt.getTime() - now.getTime() <= DUE_SOON_MS;
  for (const g of caller.grants) {
    switch (g.role) {
      case 'head_admin':
        await push('plans_to_review', 'city', count(db, PLANS, { status: 'submitted' }));
        await push('demo_applications', 'city', count(db, APPLICATIONS, { status: 'pending' }));
        await push('checklist_to_review', 'city', count(db, CHECKLIST, { status: 'submitted' }));
        await push('rectifications_due', 'city', count(db, RECTIFICATIONS, { status: _.in(['open', 'reported']), deadline: _.lte(soon) }));
        await push('hour_claims', 'city', count(db, COLLECTIONS.hourRecords, { status: 'pending', year: _.in([year - 1, year]) }));
        break;
      case 'branch_admin': {
        const branchId = g.scopeId!;
        await push('plans_to_review', branchId, count(db, PLANS, { branchId, status: 'submitted' }));
        if (planDueSoon) {
          const branch = await findById<BranchDoc>(db, BRANCHES_COLLECTION, branchId);
          const done = await count(db, PLANS, { branchId, year, status: _.in(['submitted', 'approved']) });
          await push('plans_missing', branchId, Promise.resolve(Math.max(0, (branch?.pointCount ?? 0) - done)));
        }
        await push('checklist_to_review', branchId, count(db, CHECKLIST, { branchId, status: 'submitted' }));
        await push('rectifications_due', branchId, count(db, RECTIFICATIONS, { branchId, status: _.in(['open', 'reported']), deadline: _.lte(soon) }));
        await push('hour_claims', branchId, count(db, COLLECTIONS.hourRecords, { branchId, status: 'pending' }));
        break;
      }
      case 'point_admin': {
        const pointId = g.scopeId!;
        await push('plans_returned', pointId, count(db, PLANS, { pointId, status: 'returned' }));
        await push('checklist_needs_work', pointId, count(db, CHECKLIST, { pointId, status: 'needs_work' }));
        await push('rectifications_due', pointId, count(db, RECTIFICATIONS, { pointId, status: 'open', deadline: _.lte(soon) }));
        await push('hour_claims', pointId, count(db, COLLECTIONS.hourRecords, { pointId, status: 'pending' }));
        break;
      }
      case 'team_leader': {
        const teamId = g.scopeId!;
        await push('hour_claims', teamId, count(db, COLLECTIONS.hourRecords, { teamId, status: 'pending' }));
        await push('member_requests', teamId, count(db, COLLECTIONS.teamMembers, { teamId, status: 'pending' }));
        break;
      }
    }
  }
  return out;
}

/** The staff to-do: every queue waiting for the caller, with counts. */
export const todo = userAction(params<TodoParams>()(z.object({ year: yearField().optional() })), async (p, { db, openid, now }): Promise<TodoResult> => {
  const caller = await loadCaller(db, openid);
  if (!caller.grants.length) throw permissionDenied('只有工作人员可以查看待办事项');
  const items = await queues(db, caller, p.year ?? currentYear(now), now);
  return { items, total: items.reduce((s, i) => s + i.count, 0) };
});

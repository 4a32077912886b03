import type {
  ApplyDemoParams,
  ApplyDemoResult,
  DemoApplicationView,
  DemoFiguresParams,
  DemoMeterItem,
  DemoMeterParams,
  DemoMeterResult,
  ListDemoApplicationsParams,
  ListDemoApplicationsResult,
  PointFigures,
  ReviewDemoParams,
  ReviewDemoResult,
} from '../../../typings/school';
import { writeAudit } from '../../_shared/audit';
import { isDuplicateKeyError, type Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { alreadyExists, failedPrecondition, invalidArgument } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { nextSequence } from '../../_shared/sequence';
import { POINTS_COLLECTION, pointChain, type PointDoc } from '../../_shared/org';
import { toIso } from '../../_shared/time';
import { bool, id, optionalText, text, z } from '../../_shared/validate';
import { currentYear, findById, HEAD_ONLY, loadById, pointIdField, pointTarget, yearField } from '../access';
import { heldOf, pointFigures } from '../figures';
import { APPLICATIONS, applicationId, applicationsCloseAt, DEMO_HISTORY, DEMO_REQUIRED, yearStart, type ApplicationDoc } from '../model';
import { tellUnit } from '../notices';
import { branchChain } from '../schemas';

function view(a: ApplicationDoc): DemoApplicationView {
  return {
    applicationId: a._id,
    pointId: a.pointId,
    pointName: a.pointName,
    branchId: a.branchId,
    branchName: a.branchName,
    year: a.year,
    statement: a.statement,
    status: a.status,
    figures: a.figures,
    appliedAt: toIso(a.appliedAt),
    reason: a.reason,
    title: a.title,
  };
}

export function demoTitle(year: number, n: number): string {
  return `渝示范〔${year}〕第${n}号`;
}

function nextRound(year: number): string {
  return `${year + 1}年1月1日`;
}

/** contract: a branch applies for its own active, not yet demonstration points, until 31 October 23:59:59. */
export const applyDemo = staffAction({
  input: params<ApplyDemoParams>()(z.object({ pointId: pointIdField(), year: yearField(), statement: text('申报理由', 1000, 10) })),
  who: "branch_admin of the point's branch",
  denied: '示范教学点由教学点所属分校的管理员申报',
  scope: async (p, { db }) => {
    const { point } = await pointTarget(db, p.pointId);
    return { point, chain: { branchId: point.branchId }, roles: ['branch_admin'] as const };
  },
  run: async (p, ctx): Promise<ApplyDemoResult> => {
    const { db, now, caller } = ctx;
    const { point } = ctx.target;
    if (now.getTime() >= applicationsCloseAt(p.year).getTime()) {
      throw failedPrecondition(`${p.year}年示范教学点申报已于10月31日截止，下一轮申报自${nextRound(p.year)}开始，截止到${p.year + 1}年10月31日`);
    }
    if (p.year > currentYear(now) + 1) throw invalidArgument(`只能申报${currentYear(now)}年或${currentYear(now) + 1}年的示范教学点`);
    if (!point.active) throw failedPrecondition('这个教学点已停用，不能申报示范教学点');
    if (point.isDemo) throw failedPrecondition('这个教学点已经是示范教学点了');
    const _id = applicationId(point._id, p.year);
    const existing = await findById<ApplicationDoc>(db, APPLICATIONS, _id);
    if (existing) throw alreadyExists(existing.status === 'pending' ? '这个教学点今年已经申报，正在等待总校审核' : `这个教学点${p.year}年已经申报过，请下一轮再申报`);
    const figures = await pointFigures(db, point, currentYear(now) >= p.year ? p.year : currentYear(now), now);
    try {
      await db.collection(APPLICATIONS).add({
        data: {
          _id,
          pointId: point._id,
          pointName: point.name,
          branchId: point.branchId,
          branchName: point.branchName,
          year: p.year,
          statement: p.statement,
          status: 'pending',
          figures,
          appliedBy: caller.openid,
          appliedAt: now,
          reviewedBy: null,
          reviewedAt: null,
          reason: null,
          title: null,
        },
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw alreadyExists('这个教学点今年已经申报，正在等待总校审核');
      throw error;
    }
    await writeAudit(db, { actor: caller.openid, action: 'demo.apply', targetType: 'demoApplication', targetId: _id, scope: pointChain(point), after: { status: 'pending', figures } });
    return { applicationId: _id, status: 'pending', figures };
  },
});

/** The figures an application of the point would carry now (the same figures applyDemo attaches). */
export const demoFigures = staffAction({
  input: params<DemoFiguresParams>()(z.object({ pointId: pointIdField(), year: yearField() })),
  who: "branch_admin of the point's branch, head_admin",
  denied: '只有教学点所属分校或总校的管理员可以查看申报数据',
  scope: async (p, { db }) => {
    const { point } = await pointTarget(db, p.pointId);
    return { point, chain: { branchId: point.branchId }, roles: ['branch_admin', 'head_admin'] as const };
  },
  run: async (p, { db, now, target }): Promise<PointFigures> => pointFigures(db, target.point, currentYear(now) >= p.year ? p.year : currentYear(now), now),
});

/** contract: the head school approves (naming the point with a numbered title) or rejects with a reason. */
export const reviewDemo = staffAction({
  input: params<ReviewDemoParams>()(z.object({ applicationId: id('申报'), approve: bool('是否通过'), reason: optionalText('理由', 500) })),
  who: 'head_admin',
  denied: '示范教学点由总校审核命名',
  scope: async (p, { db }) => {
    const application = await loadById<ApplicationDoc>(db, APPLICATIONS, p.applicationId, '没有找到这份申报，请返回刷新');
    return { chain: { branchId: application.branchId, pointId: application.pointId }, roles: HEAD_ONLY, application };
  },
  run: async (p, ctx): Promise<ReviewDemoResult> => {
    const { db, now, caller } = ctx;
    const { application } = ctx.target;
    if (application.status !== 'pending') throw failedPrecondition('这份申报已经审核过了');
    if (!p.approve && !p.reason) throw invalidArgument('不予通过时请填写理由');
    const status = p.approve ? 'approved' : 'rejected';
    const res = await db
      .collection(APPLICATIONS)
      .where({ _id: application._id, status: 'pending' })
      .update({ data: { status, reviewedBy: caller.openid, reviewedAt: now, reason: p.reason ?? null } });
    if (res.stats.updated === 0) throw failedPrecondition('这份申报刚刚已被审核，请刷新后查看');
    let title: string | undefined;
    if (p.approve) {
      title = demoTitle(application.year, await nextSequence(db, `demoTitle:${application.year}`));
      await db.collection(APPLICATIONS).doc(application._id).update({ data: { title } });
      await db.collection(POINTS_COLLECTION).doc(application.pointId).update({ data: { isDemo: true, demoTitle: title, demoSince: now, updatedAt: now } });
      await db.collection(DEMO_HISTORY).add({ data: { pointId: application.pointId, branchId: application.branchId, at: now, kind: 'named', title, reason: p.reason ?? null, by: caller.openid } });
    }
    await writeAudit(db, {
      actor: caller.openid,
      action: p.approve ? 'demo.approve' : 'demo.reject',
      targetType: 'demoApplication',
      targetId: application._id,
      scope: { branchId: application.branchId, pointId: application.pointId },
      before: { status: 'pending', isDemo: false },
      after: { status, ...(title ? { isDemo: true, title } : {}) },
      ...(p.reason ? { reason: p.reason } : {}),
    });
    await tellUnit(
      db,
      { scopeId: application.branchId, role: 'branch_admin' },
      {
        id: `demo_reviewed:${application._id}`,
        kind: 'school_demo_reviewed',
        page: 'packages/staff/pages/demo-apply/index',
        subject: p.approve ? '示范教学点申报已通过' : '示范教学点申报未通过',
        place: application.pointName,
        note: title ?? p.reason ?? '',
        at: now,
      },
    );
    return { status, ...(title ? { title } : {}) };
  },
});

export const listDemoApplications = staffAction({
  input: params<ListDemoApplicationsParams>()(
    z.object({ year: yearField(), status: z.enum(['pending', 'approved', 'rejected'], { error: '状态不正确' }).optional(), branchId: id('分校').optional() }),
  ),
  who: 'branch_admin (its branch), head_admin',
  scope: async (p, { caller }) => ({ chain: branchChain(caller, p.branchId), roles: ['branch_admin', 'head_admin'] as const }),
  run: async (p, { db, target }): Promise<ListDemoApplicationsResult> => {
    const where: Record<string, unknown> = { ...(target.chain.branchId ? { branchId: target.chain.branchId } : {}), year: p.year, ...(p.status ? { status: p.status } : {}) };
    const res = await db.collection<ApplicationDoc>(APPLICATIONS).where(where).orderBy('appliedAt', 'asc').limit(1000).get();
    return { items: res.data.map(view), deadline: toIso(new Date(applicationsCloseAt(p.year).getTime() - 1000)) };
  },
});

/** Demonstration points of a branch, or of the city (index isDemo + branchId + name). */
export async function demoPoints(db: Database, branchId: string | undefined): Promise<PointDoc[]> {
  const out: PointDoc[] = [];
  for (let skip = 0; ; skip += 1000) {
    const res = await db
      .collection<PointDoc>(POINTS_COLLECTION)
      .where({ isDemo: true, ...(branchId ? { branchId } : {}) })
      .orderBy('branchId', 'asc')
      .orderBy('name', 'asc')
      .skip(skip)
      .limit(1000)
      .get();
    out.push(...res.data);
    if (res.data.length < 1000) return out;
  }
}

/** Pace: where a steady 24 a year would be by now, and what each remaining month needs. */
export function pace(held: number, year: number, now: Date): Pick<DemoMeterItem, 'expectedByNow' | 'neededPerMonth' | 'behind'> {
  const start = yearStart(year).getTime();
  const end = yearStart(year + 1).getTime();
  const t = Math.min(1, Math.max(0, (now.getTime() - start) / (end - start)));
  const expectedByNow = Math.floor(DEMO_REQUIRED * t);
  const monthsLeft = Math.max(0, 12 - Math.floor(t * 12));
  const remaining = Math.max(0, DEMO_REQUIRED - held);
  const neededPerMonth = remaining === 0 ? 0 : monthsLeft === 0 ? remaining : Math.ceil((remaining / monthsLeft) * 10) / 10;
  return { expectedByNow, neededPerMonth, behind: held < expectedByNow };
}

/** contract: held vs 24 for every demonstration point of the branch (or of the city). */
export const demoMeter = staffAction({
  input: params<DemoMeterParams>()(z.object({ year: yearField(), branchId: id('分校').optional() })),
  who: 'branch_admin (its points), head_admin (all, or branchId)',
  denied: '只有分校或总校的管理员可以查看示范教学点进度',
  scope: async (p, { caller }) => ({ chain: branchChain(caller, p.branchId), roles: ['branch_admin', 'head_admin'] as const }),
  run: async (p, { db, now, target }): Promise<DemoMeterResult> => {
    const points = (await demoPoints(db, target.chain.branchId)).filter((pt) => pt.active);
    const held = await heldOf(db, points.map((pt) => pt._id), p.year, now);
    return {
      items: points.map((pt) => {
        const h = held.get(pt._id)!.held;
        return { pointId: pt._id, pointName: pt.name, branchId: pt.branchId, held: h, required: DEMO_REQUIRED, ...pace(h, p.year, now) };
      }),
    };
  },
});

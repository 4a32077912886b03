import type { DeactivatePointParams, PointStatusResult, ReactivatePointParams, SetDemoPointParams, SetDemoPointResult } from '../../../typings/org';
import { writeAudit } from '../../_shared/audit';
import { params } from '../../_shared/contract';
import { failedPrecondition } from '../../_shared/errors';
import { headOnly, staffAction, type StaffContext } from '../../_shared/handler';
import { loadPoint, pointChain, POINTS_COLLECTION, type PointDoc } from '../../_shared/org';
import { bool, text, z } from '../../_shared/validate';
import { newBranchCountMove, settleBranchCount } from '../branch-count';
import { pointIdField } from '../schemas';
import { BRANCH_STAFF_ONLY } from '../staff';

/**
 * Deactivating keeps the point and everything attached to it (learners, courses, audit trail);
 * it only leaves the public lists and takes no new learners. The branch's pointCount follows
 * by an increment tied to the point's own change (org/branch-count.ts), never in a transaction.
 */
async function setActive(ctx: StaffContext<PointTarget>, active: boolean, reason?: string): Promise<PointStatusResult> {
  const { db, now, caller } = ctx;
  const { point } = ctx.target;
  const pointId = point._id;

  await settleBranchCount(db, point);
  const _ = db.command;
  const move = newBranchCountMove(active ? 1 : -1);
  const data: Record<string, unknown> = active
    ? { active: true, updatedAt: now, deactivatedAt: _.remove(), deactivatedReason: _.remove(), branchCountMove: move }
    : { active: false, updatedAt: now, deactivatedAt: now, deactivatedReason: reason, branchCountMove: move };
  // Conditional on the current state, so of two concurrent requests only one changes it (and owes the count).
  const changed = await db.collection(POINTS_COLLECTION).where({ _id: pointId, active: !active }).update({ data });
  if (changed.stats.updated === 0) throw failedPrecondition(active ? '这个教学点正在使用中，无需重新启用' : '这个教学点已经停用了');
  await settleBranchCount(db, { _id: pointId, branchId: point.branchId, branchCountMove: move });
  await writeAudit(db, {
    actor: caller.openid,
    action: active ? 'point.reactivate' : 'point.deactivate',
    targetType: 'point',
    targetId: pointId,
    scope: pointChain(point),
    before: { active: !active },
    after: { active },
    ...(reason ? { reason } : {}),
  });
  return { pointId, active };
}

interface PointTarget {
  chain: { branchId: string };
  point: PointDoc;
}

/** Head admin or the point's branch admin (not the point's own admin). */
const branchOfPoint = {
  who: 'branch_admin of the point\'s branch, head_admin',
  denied: BRANCH_STAFF_ONLY,
  scopeFirst: true,
  scope: async (p: { pointId: string }, { db }: { db: StaffContext['db'] }): Promise<PointTarget> => {
    const point = await loadPoint(db, p.pointId);
    return { chain: { branchId: point.branchId }, point };
  },
};

export const deactivatePoint = staffAction({
  input: params<DeactivatePointParams>()(z.object({ pointId: pointIdField(), reason: text('停用原因', 200, 2) })),
  ...branchOfPoint,
  run: async (p, ctx) => setActive(ctx, false, p.reason),
});

export const reactivatePoint = staffAction({
  input: params<ReactivatePointParams>()(z.object({ pointId: pointIdField() })),
  ...branchOfPoint,
  run: async (_p, ctx) => setActive(ctx, true),
});

/** 示范教学点 are named by the head school only. */
export const setDemoPoint = staffAction({
  input: params<SetDemoPointParams>()(z.object({ pointId: pointIdField(), isDemo: bool('是否为示范教学点') })),
  who: 'head_admin',
  denied: '示范教学点由总校命名，请联系总校管理员',
  scope: headOnly,
  run: async (p, ctx): Promise<SetDemoPointResult> => {
    const { db, now, caller } = ctx;
    const point = await loadPoint(db, p.pointId);
    if (point.isDemo === p.isDemo) return { pointId: point._id, isDemo: p.isDemo };
    if (p.isDemo && !point.active) throw failedPrecondition('这个教学点已停用，请先重新启用再命名为示范教学点');
    await db.collection(POINTS_COLLECTION).doc(point._id).update({ data: { isDemo: p.isDemo, updatedAt: now } });
    await writeAudit(db, {
      actor: caller.openid,
      action: p.isDemo ? 'point.nameDemo' : 'point.unnameDemo',
      targetType: 'point',
      targetId: point._id,
      scope: pointChain(point),
      before: { isDemo: point.isDemo },
      after: { isDemo: p.isDemo },
    });
    return { pointId: point._id, isDemo: p.isDemo };
  },
});

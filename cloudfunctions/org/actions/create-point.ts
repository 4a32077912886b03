import { randomBytes } from 'node:crypto';
import type { CreatePointParams, CreatePointResult } from '../../../typings/org';
import { writeAudit } from '../../_shared/audit';
import { params } from '../../_shared/contract';
import { alreadyExists } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { POINTS_COLLECTION, type PointDoc } from '../../_shared/org';
import { z } from '../../_shared/validate';
import { newBranchCountMove, settleBranchCount } from '../branch-count';
import { geoCellOf } from '../geo';
import { branchIdField, latLng, leaderName, leaderTitle, pointAddress, pointName } from '../schemas';
import { BRANCH_STAFF_ONLY, loadBranch } from '../staff';
import { auditablePoint } from '../views';

const input = params<CreatePointParams>()(
  z.object({
    branchId: branchIdField(),
    name: pointName(),
    address: pointAddress(),
    leaderName: leaderName(),
    leaderTitle: leaderTitle(),
    location: latLng('教学点位置').optional(),
  }),
);

export function newPointId(): string {
  return `pt_${randomBytes(6).toString('hex')}`;
}

/** Head admin, or the admin of `branchId`. Reads: 3; writes: 1 point + 2 branch count (claim, increment) + 1 audit. */
export const createPoint = staffAction({
  input,
  who: 'branch_admin of the branch, head_admin',
  denied: BRANCH_STAFF_ONLY,
  scope: async (p, { db }) => {
    const branch = await loadBranch(db, p.branchId);
    return { chain: { branchId: branch._id }, branch };
  },
  run: async (p, ctx): Promise<CreatePointResult> => {
    const { db, now, caller } = ctx;
    const { branch } = ctx.target;

    const same = await db.collection<PointDoc>(POINTS_COLLECTION).where({ branchId: branch._id, name: p.name, active: true }).limit(1).get();
    if (same.data.length) throw alreadyExists(`${branch.name}已有名为「${p.name}」的教学点，请换一个名称或编辑原有教学点`);

    const point: Omit<PointDoc, 'location' | 'geoCell'> & Partial<Pick<PointDoc, 'location' | 'geoCell'>> = {
      _id: newPointId(),
      branchId: branch._id,
      branchName: branch.name,
      name: p.name,
      address: p.address,
      leaderName: p.leaderName,
      leaderTitle: p.leaderTitle,
      isDemo: false,
      active: true,
      learnerCount: 0,
      enrolledTotal: 0,
      withdrawnTotal: 0,
      createdBy: caller.openid,
      createdAt: now,
      updatedAt: now,
    };
    if (p.location) {
      point.location = p.location;
      point.geoCell = geoCellOf(p.location);
    }
    point.branchCountMove = newBranchCountMove(1);
    await db.collection(POINTS_COLLECTION).add({ data: point });
    await settleBranchCount(db, point);
    await writeAudit(db, {
      actor: caller.openid,
      action: 'point.create',
      targetType: 'point',
      targetId: point._id,
      scope: { branchId: branch._id, pointId: point._id },
      after: auditablePoint(point),
    });
    return { pointId: point._id };
  },
});

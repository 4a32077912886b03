import type { UpdatePointParams, UpdatePointResult } from '../../../typings/org';
import { writeAudit } from '../../_shared/audit';
import { params } from '../../_shared/contract';
import { alreadyExists } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { loadPoint, pointChain, POINTS_COLLECTION, type PointDoc } from '../../_shared/org';
import { z } from '../../_shared/validate';
import { settleBranchCount } from '../branch-count';
import { geoCellOf } from '../geo';
import { contactPhone, latLng, leaderName, leaderTitle, pointAddress, pointIdField, pointName } from '../schemas';
import { POINT_STAFF_ONLY } from '../staff';
import { auditablePoint } from '../views';

const input = params<UpdatePointParams>()(
  z.object({
    pointId: pointIdField(),
    name: pointName().optional(),
    address: pointAddress().optional(),
    leaderName: leaderName().optional(),
    leaderTitle: leaderTitle().optional(),
    location: latLng('教学点位置').nullable().optional(),
    contactPhone: contactPhone().nullable().optional(),
  }),
);

type Editable = 'name' | 'address' | 'leaderName' | 'leaderTitle' | 'location' | 'contactPhone';

function sameLocation(a: PointDoc['location'], b: PointDoc['location'] | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.latitude === b.latitude && a.longitude === b.longitude;
}

/** Staff of the point or above. Reads: 2 (+1 on a rename); writes: 1 update + 1 audit when something changed. */
export const updatePoint = staffAction({
  input,
  who: 'point_admin of the point, branch_admin of its branch, head_admin',
  denied: POINT_STAFF_ONLY,
  scopeFirst: true,
  scope: async (p, { db }) => {
    const point = await loadPoint(db, p.pointId);
    return { chain: pointChain(point), point };
  },
  run: async (p, ctx): Promise<UpdatePointResult> => {
    const { db, now, caller } = ctx;
    const { point } = ctx.target;

    const changed: Editable[] = [];
    for (const key of ['name', 'address', 'leaderName', 'leaderTitle'] as const) {
      if (p[key] !== undefined && p[key] !== point[key]) changed.push(key);
    }
    if (p.location !== undefined && !sameLocation(point.location, p.location)) changed.push('location');
    if (p.contactPhone !== undefined && (p.contactPhone ?? undefined) !== point.contactPhone) changed.push('contactPhone');
    if (!changed.length) return { pointId: point._id, changed: [] };

    if (changed.includes('name')) {
      const same = await db.collection<PointDoc>(POINTS_COLLECTION).where({ branchId: point.branchId, name: p.name, active: true }).limit(1).get();
      if (same.data.some((d) => d._id !== point._id)) throw alreadyExists(`${point.branchName}已有名为「${p.name}」的教学点，请换一个名称`);
    }

    const _ = db.command;
    const data: Record<string, unknown> = { updatedAt: now };
    const before: Partial<PointDoc> = {};
    const after: Partial<PointDoc> = {};
    for (const key of changed) {
      (before as Record<string, unknown>)[key] = point[key];
      if (key === 'contactPhone') {
        data.contactPhone = p.contactPhone ? p.contactPhone : _.remove();
        if (p.contactPhone) after.contactPhone = p.contactPhone;
      } else if (key === 'location') {
        if (p.location) {
          data.location = _.set(p.location);
          data.geoCell = geoCellOf(p.location);
          after.location = p.location;
        } else {
          data.location = _.remove();
          data.geoCell = _.remove();
        }
      } else {
        data[key] = p[key];
        (after as Record<string, unknown>)[key] = p[key];
      }
    }
    await Promise.all([db.collection(POINTS_COLLECTION).doc(point._id).update({ data }), settleBranchCount(db, point)]);
    await writeAudit(db, {
      actor: caller.openid,
      action: 'point.update',
      targetType: 'point',
      targetId: point._id,
      scope: pointChain(point),
      before: auditablePoint(before),
      after: auditablePoint(after),
    });
    return { pointId: point._id, changed };
  },
});

import type { MeResult, MeRole } from '../../../typings/user';
import { loadCaller } from '../../_shared/authz';
import { userAction } from '../../_shared/handler';
import { findLearner, POINTS_COLLECTION, type PointDoc } from '../../_shared/org';
import { maskPhone } from '../../_shared/privacy';
import { BRANCHES_COLLECTION, type BranchDoc } from '../../_shared/reference';
import { toIso } from '../../_shared/time';
import { z } from '../../_shared/validate';
import { COLLECTIONS } from '../../_shared/collections';

/** Written by the volunteer function: `_id` = OPENID. */
const VOLUNTEERS_COLLECTION = COLLECTIONS.volunteers;
interface VolunteerDoc {
  _id: string;
  realName: string;
  approvedHours: number;
}

/**
 * The caller's roles, enrollment and volunteer record. Reads: 3 in parallel (roles, learner,
 * volunteer), then 1 for the names of points (the learner's and any point scopes) and 1 for
 * branch scopes when the caller is branch staff.
 */
export const me = userAction(z.object({}), async (_input, ctx): Promise<MeResult> => {
  const { openid } = ctx;
  const { db } = ctx;
  const [caller, learner, volunteers] = await Promise.all([
    loadCaller(db, openid),
    findLearner(db, openid),
    db.collection<VolunteerDoc>(VOLUNTEERS_COLLECTION).where({ _id: openid }).field({ realName: true, approvedHours: true }).limit(1).get(),
  ]);

  const pointIds = new Set<string>();
  const branchIds = new Set<string>();
  if (learner) pointIds.add(learner.pointId);
  for (const g of caller.grants) {
    if (g.role === 'point_admin' && g.scopeId) pointIds.add(g.scopeId);
    if (g.role === 'branch_admin' && g.scopeId) branchIds.add(g.scopeId);
  }
  const _ = db.command;
  const [points, branches] = await Promise.all([
    pointIds.size
      ? db.collection<Pick<PointDoc, '_id' | 'name' | 'active'>>(POINTS_COLLECTION).where({ _id: _.in([...pointIds]) }).field({ _id: true, name: true, active: true }).limit(100).get()
      : { data: [] },
    branchIds.size
      ? db.collection<Pick<BranchDoc, '_id' | 'name'>>(BRANCHES_COLLECTION).where({ _id: _.in([...branchIds]) }).field({ _id: true, name: true }).limit(100).get()
      : { data: [] },
  ]);
  const pointById = new Map(points.data.map((p) => [p._id, p]));
  const names = new Map<string, string>([...points.data.map((p) => [p._id, p.name] as const), ...branches.data.map((b) => [b._id, b.name] as const)]);

  const roles: MeRole[] = caller.grants.map((g) => {
    const role: MeRole = { role: g.role };
    if (g.scopeId) role.scopeId = g.scopeId;
    const name = g.scopeId ? names.get(g.scopeId) : undefined;
    if (name) role.scopeName = name;
    return role;
  });

  const point = learner ? pointById.get(learner.pointId) : undefined;
  const v = volunteers.data[0];
  return {
    openid,
    roles,
    learner: learner
      ? {
          pointId: learner.pointId,
          pointName: point?.name ?? '',
          pointActive: point?.active ?? false,
          name: learner.name,
          gender: learner.gender,
          birthYear: learner.birthYear,
          occupation: learner.occupation,
          phoneMasked: maskPhone(learner.phone),
          enrolledAt: toIso(new Date(learner.enrolledAt)),
        }
      : null,
    // The counter is a sum of many $inc: rounded to 2 decimals as the volunteer function shows it.
    volunteer: v ? { realName: String(v.realName ?? ''), approvedHours: Math.round(Number(v.approvedHours ?? 0) * 100) / 100 } : null,
  };
});

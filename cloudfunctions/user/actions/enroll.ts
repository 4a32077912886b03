import type { EnrollParams, EnrollResult } from '../../../typings/user';
import { params } from '../../_shared/contract';
import { failedPrecondition, invalidArgument, notFound } from '../../_shared/errors';
import { action, requireOpenid } from '../../_shared/handler';
import { LEARNERS_COLLECTION, POINTS_COLLECTION, PRIVACY_NOTICE_VERSION, transact, txGet, type LearnerDoc, type PointDoc } from '../../_shared/org';
import { shanghaiYear } from '../../_shared/time';
import { z } from '../../_shared/validate';
import { syncOfficer } from '../name-copies';
import { birthYearRange, enrollFields } from '../schemas';

const CLOSED = '这个教学点已停止招生，请选择其他教学点';

/**
 * First enrollment, profile update (same point) or transfer (another point), in one transaction:
 * the learner document (`_id` = OPENID, so never two) and the learnerCount of both points change
 * together. Reads: 2 (+1 on a transfer); writes: 1 commit. On an update or a transfer the
 * 科普信息员 record (if any) then follows the new name, point and branch: +1 write.
 */
export const enroll = action(params<EnrollParams>()(z.object(enrollFields)), async (p, ctx): Promise<EnrollResult> => {
  const openid = requireOpenid(ctx);
  const { db, now } = ctx;
  const range = birthYearRange(shanghaiYear(now));
  if (p.birthYear < range.min || p.birthYear > range.max) {
    throw invalidArgument(`出生年份应在 ${range.min} 到 ${range.max} 之间，请填写4位数字，如 1958`);
  }
  const _ = db.command;
  const profile = {
    name: p.name,
    gender: p.gender,
    birthYear: p.birthYear,
    occupation: p.occupation,
    phone: p.phone,
    consentAt: now,
    consentVersion: PRIVACY_NOTICE_VERSION,
    updatedAt: now,
  };

  const { status, branchId } = await transact(db, async (tx): Promise<{ status: EnrollResult['status']; branchId: string }> => {
    const point = await txGet<PointDoc>(tx, POINTS_COLLECTION, p.pointId);
    if (!point) throw notFound('没有找到这个教学点，请返回重新选择');
    const existing = await txGet<LearnerDoc>(tx, LEARNERS_COLLECTION, openid);
    const learners = tx.collection(LEARNERS_COLLECTION);
    const points = tx.collection(POINTS_COLLECTION);

    if (existing && existing.pointId === point._id) {
      await learners.doc(openid).update({ data: profile });
      return { status: 'updated', branchId: point.branchId };
    }
    if (!point.active) throw failedPrecondition(CLOSED);
    await points.doc(point._id).update({ data: { learnerCount: _.inc(1), enrolledTotal: _.inc(1) } });
    if (!existing) {
      const doc: LearnerDoc = { _id: openid, pointId: point._id, branchId: point.branchId, ...profile, enrolledAt: now, transfers: [] };
      await learners.add({ data: { ...doc } });
      return { status: 'enrolled', branchId: point.branchId };
    }
    await learners.doc(openid).update({
      data: { ...profile, pointId: point._id, branchId: point.branchId, transfers: _.push({ fromPointId: existing.pointId, toPointId: point._id, at: now }) },
    });
    await points.doc(existing.pointId).update({ data: { learnerCount: _.inc(-1) } });
    return { status: 'transferred', branchId: point.branchId };
  });
  if (status !== 'enrolled') await syncOfficer(db, openid, { name: p.name, pointId: p.pointId, branchId });
  return { pointId: p.pointId, status };
});

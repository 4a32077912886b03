import type { EnrollParams, EnrollResult } from '../../../typings/user';
import { params } from '../../_shared/contract';
import { failedPrecondition, invalidArgument, notFound } from '../../_shared/errors';
import { userAction } from '../../_shared/handler';
import { isDuplicateKeyError } from '../../_shared/cloud';
import { findLearner, findPoint, LEARNERS_COLLECTION, PRIVACY_NOTICE_VERSION, type LearnerDoc } from '../../_shared/org';
import { countSide, newCountMove, settleCountMove, settled } from '../counting';
import { shanghaiYear } from '../../_shared/time';
import { z } from '../../_shared/validate';
import { syncOfficer } from '../name-copies';
import { birthYearRange, enrollFields } from '../schemas';

const CLOSED = '这个教学点已停止招生，请选择其他教学点';
/** Rounds of re-reading when the same person's other taps change the enrollment in between. */
const MAX_ROUNDS = 30;

/**
 * First enrollment, profile update (same point) or transfer (another point). The learner document
 * (`_id` = OPENID, so never two) changes by one conditional write that also records the counter
 * move it owes; the points' learnerCount then follows by atomic increments, outside any
 * transaction (counting.ts), so a rush at one point never conflicts.
 * Reads: 2 (point, learner). Writes: enroll 3 (insert, claim, +1); transfer 4 (update, claim,
 * +1, −1); profile update 1. On an update or a transfer the 科普信息员 record (if any) then follows
 * the new name, point and branch: +1 write.
 */
export const enroll = userAction(params<EnrollParams>()(z.object(enrollFields)), async (p, ctx): Promise<EnrollResult> => {
  const { openid } = ctx;
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
  const [point, found] = await Promise.all([findPoint(db, p.pointId), findLearner(db, openid)]);
  if (!point) throw notFound('没有找到这个教学点，请返回重新选择');
  const learners = db.collection(LEARNERS_COLLECTION);
  const newSide = countSide({ pointId: point._id, branchId: point.branchId, gender: p.gender, birthYear: p.birthYear, occupation: p.occupation });
  // The statistics count by gender, birth year and occupation: a write that changes them is
  // conditional on the profile it replaces, so the counters move from exactly that profile.
  const asBefore = (l: LearnerDoc) => ({ _id: openid, pointId: l.pointId, gender: l.gender, birthYear: l.birthYear, occupation: l.occupation, countMove: _.exists(false) });

  const change = async (existing: LearnerDoc | null): Promise<EnrollResult['status'] | null> => {
    if (existing && existing.pointId === point._id) {
      const old = countSide(existing);
      if (old.gender === newSide.gender && old.birthYear === newSide.birthYear && old.occupation === newSide.occupation) {
        await learners.doc(openid).update({ data: profile });
        return 'updated';
      }
      const move = newCountMove(point._id, point._id, { from: old, to: newSide });
      const changed = await learners.where(asBefore(existing)).update({ data: { ...profile, countMove: _.set(move) } });
      if (changed.stats.updated === 0) return null;
      await settleCountMove(db, openid, move);
      return 'updated';
    }
    if (!point.active) throw failedPrecondition(CLOSED);
    if (!existing) {
      const move = newCountMove(null, point._id, { from: null, to: newSide });
      const doc: LearnerDoc = { _id: openid, pointId: point._id, branchId: point.branchId, ...profile, enrolledAt: now, transfers: [], countMove: move };
      try {
        await learners.add({ data: { ...doc } });
      } catch (error) {
        // Another tap of the same person enrolled first.
        if (isDuplicateKeyError(error)) return null;
        throw error;
      }
      await settleCountMove(db, openid, move);
      return 'enrolled';
    }
    const move = newCountMove(existing.pointId, point._id, { from: countSide(existing), to: newSide });
    const moved = await learners.where(asBefore(existing)).update({
      data: {
        ...profile,
        pointId: point._id,
        branchId: point.branchId,
        transfers: _.push({ fromPointId: existing.pointId, toPointId: point._id, at: now }),
        countMove: _.set(move),
      },
    });
    if (moved.stats.updated === 0) return null;
    await settleCountMove(db, openid, move);
    return 'transferred';
  };

  let existing = await settled(db, found);
  for (let round = 1; ; round++) {
    const status = await change(existing);
    if (status) {
      if (status !== 'enrolled') await syncOfficer(db, openid, { name: p.name, pointId: p.pointId, branchId: point.branchId });
      return { pointId: p.pointId, status };
    }
    if (round >= MAX_ROUNDS) throw failedPrecondition('您的报名信息正在另一处更新，请稍后刷新再试');
    existing = await settled(db, await findLearner(db, openid));
  }
});

import type { GetLearnerParams, LearnerDetail, LearnerItem, ListLearnersParams, ListLearnersResult } from '../../../typings/user';
import { canManage, isHeadAdmin, isStaff, loadCaller, requireManage, type Caller } from '../../_shared/authz';
import { params } from '../../_shared/contract';
import { notFound, permissionDenied } from '../../_shared/errors';
import { customUserAction } from '../../_shared/handler';
import { findLearner, findPoint, learnerChain, LEARNERS_COLLECTION, loadPoint, pointChain, visiblePhone, type LearnerDoc } from '../../_shared/org';
import { pageWindow, toPage } from '../../_shared/paging';
import { toIso } from '../../_shared/time';
import { id, pageParams, z } from '../../_shared/validate';
import { learnerOpenid } from '../schemas';

function toItem(caller: Caller, l: LearnerDoc): LearnerItem {
  return {
    openid: l._id,
    name: l.name,
    gender: l.gender,
    birthYear: l.birthYear,
    occupation: l.occupation,
    ...visiblePhone(caller, l),
    enrolledAt: toIso(new Date(l.enrolledAt)),
  };
}

/** Staff of the point or above (they see full phones). Reads are not audited. Reads: 3. */
export const listLearners = customUserAction('staff of the point or above', 
  params<ListLearnersParams>()(z.object({ pointId: id('教学点编号'), ...pageParams })),
  async (p, ctx): Promise<ListLearnersResult> => {
    const { db } = ctx;
    const caller = await loadCaller(db, ctx.openid);
    if (!isStaff(caller)) throw permissionDenied('只有本教学点、所属分校或总校的管理员可以查看学员名单');
    const point = await loadPoint(db, p.pointId);
    requireManage(caller, pointChain(point), '只有本教学点、所属分校或总校的管理员可以查看学员名单');
    const w = pageWindow(p);
    const res = await db
      .collection<LearnerDoc>(LEARNERS_COLLECTION)
      .where({ pointId: point._id })
      .orderBy('enrolledAt', 'desc')
      .orderBy('_id', 'asc')
      .skip(w.skip)
      .limit(w.fetch)
      .get();
    const page = toPage(w, res.data);
    return { items: page.items.map((l) => toItem(caller, l)), nextCursor: page.nextCursor };
  },
);

const LEARNER_STAFF_ONLY = '只有学员所在教学点、所属分校或总校的管理员可以查看学员的报名信息';

/**
 * The learner themself, or staff of the learner's point or above (who see the phone in full).
 * Staff of other units (another branch, a sibling point, a volunteer team) are refused: the
 * profile (name, birth year, occupation, transfers) is theirs only where they manage the learner;
 * a course's host point sees its attendees through `course.roster` (phones masked). Reads: 3.
 */
export const getLearner = customUserAction("the learner; staff of the learner's point or above", params<GetLearnerParams>()(z.object({ openid: learnerOpenid() })), async (p, ctx): Promise<LearnerDetail> => {
  const { db } = ctx;
  const caller = await loadCaller(db, ctx.openid);
  const self = caller.openid === p.openid;
  if (!self && !isStaff(caller)) throw permissionDenied('只能查看自己的报名信息');
  const learner = await findLearner(db, p.openid);
  // Staff who could not see the learner get the same answer whether or not the person is enrolled.
  if (!learner && !self && !isHeadAdmin(caller)) throw permissionDenied(LEARNER_STAFF_ONLY);
  if (!learner) throw notFound('没有找到这位学员，可能已注销学籍');
  if (!self && !canManage(caller, learnerChain(learner))) throw permissionDenied(LEARNER_STAFF_ONLY);
  const point = await findPoint(db, learner.pointId);
  return {
    ...toItem(caller, learner),
    pointId: learner.pointId,
    pointName: point?.name ?? '',
    branchId: learner.branchId,
    transfers: (learner.transfers ?? []).map((t) => ({ fromPointId: t.fromPointId, toPointId: t.toPointId, at: toIso(new Date(t.at)) })),
  };
});

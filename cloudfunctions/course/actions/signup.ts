import type { CancelSignupResult, CourseIdParams, SignupResult, SubscribeReminderResult } from '../../../typings/course';
import { params } from '../../_shared/contract';
import { failedPrecondition, notFound } from '../../_shared/errors';
import { customUserAction } from '../../_shared/handler';
import { requireLearner } from '../../_shared/org';
import { id, z } from '../../_shared/validate';
import { findCourse } from '../access';
import { SIGNUPS, signupId } from '../model';
import { cancelPlace, findSignup, signUp } from '../seats';

const input = params<CourseIdParams>()(z.object({ courseId: id('课程') }));

/**
 * Learner: a seat, or a place on the waitlist. Reads: learner + course (one round-trip);
 * then 2 writes for a seat, or 3 writes + 1 read for a waitlist place (see seats.ts).
 */
export const signup = customUserAction('learner', input, async (p, { db, openid, now }): Promise<SignupResult> => {
  const [learner, course] = await Promise.all([requireLearner(db, openid), findCourse(db, p.courseId)]);
  if (!course) throw notFound('没有找到这门课程，可能已被删除，请返回课程列表');
  return signUp(db, course, learner._id, learner.pointId, now);
});

/** Learner: gives up the seat or waitlist place; the earliest waitlisted learner gets a freed seat. */
export const cancel = customUserAction('learner', input, async (p, { db, openid, now }): Promise<CancelSignupResult> => {
  const [learner, course, signup] = await Promise.all([
    requireLearner(db, openid),
    findCourse(db, p.courseId),
    findSignup(db, p.courseId, openid),
  ]);
  if (!course) throw notFound('没有找到这门课程，可能已被删除，请返回课程列表');
  await cancelPlace(db, course, learner._id, now, signup);
  return { status: 'cancelled' };
});

/**
 * Learner: records that the learner accepted a one-time "课程即将开始" reminder (the page calls it
 * after `wx.requestSubscribeMessage` answered `accept`). The `remind` timer sends it once.
 */
export const subscribeReminder = customUserAction('learner', input, async (p, { db, openid }): Promise<SubscribeReminderResult> => {
  const learner = await requireLearner(db, openid);
  const _ = db.command;
  const sid = signupId(p.courseId, learner._id);
  const res = await db
    .collection(SIGNUPS)
    .where({ _id: sid, status: _.in(['signed', 'waitlisted']), remind: 'none' })
    .update({ data: { remind: 'pending' } });
  if (res.stats.updated === 1) return { subscribed: true };
  const signup = await findSignup(db, p.courseId, learner._id);
  if (signup && (signup.status === 'signed' || signup.status === 'waitlisted')) return { subscribed: true };
  throw failedPrecondition('请先报名这门课程，再订阅上课提醒');
});

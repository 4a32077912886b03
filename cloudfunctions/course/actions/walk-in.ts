import type { CheckinWalkInParams, CheckinWalkInResult } from '../../../typings/course';
import { writeAudit } from '../../_shared/audit';
import { params } from '../../_shared/contract';
import { failedPrecondition, notFound } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { findLearner } from '../../_shared/org';
import { toIso } from '../../_shared/time';
import { bool, id, z } from '../../_shared/validate';
import { courseChain, courseStaff } from '../access';
import { checkinWindowError, STAFF_CHECKIN_AFTER_MS } from '../attendance';
import { signupId } from '../model';
import { walkIn } from '../walk-in';

const input = params<CheckinWalkInParams>()(
  z.object({
    courseId: id('课程'),
    openid: z.string({ error: '请选择学员' }).trim().min(1, '请选择学员').max(128, '学员信息不正确'),
    overCapacity: bool('是否超额登记').optional(),
  }),
);

/**
 * Staff of the course's point or above register a learner on site (walk-in.ts): a seat when one is
 * free, else RESOURCE_EXHAUSTED, or with `overCapacity` attendance without a seat. Audited.
 * Reads: course + roles + the learner (one round-trip); writes (new learner, free seat): the claim,
 * the course (seat + check-in count), the signup, the audit entry.
 */
export const checkinWalkIn = staffAction({
  input,
  ...courseStaff,
  run: async (p, { db, openid: me, now, target: { course } }): Promise<CheckinWalkInResult> => {
    const learner = await findLearner(db, p.openid);
    const closed = checkinWindowError(course, now, STAFF_CHECKIN_AFTER_MS);
    if (closed) throw failedPrecondition(closed);
    if (!learner) throw notFound('没有找到这位学员。请先为其办理入学登记，再现场登记签到');
    const outcome = await walkIn(db, course, learner._id, learner.pointId, p.overCapacity === true, now);
    if (outcome.created) {
      await writeAudit(db, {
        actor: me,
        action: 'course.checkinWalkIn',
        targetType: 'signup',
        targetId: signupId(course._id, learner._id),
        scope: courseChain(course),
        before: { status: outcome.before },
        after: { status: outcome.status, checkedInAt: outcome.at, checkinBy: 'staff', overCapacity: outcome.status === 'attended' },
      });
    }
    return { checkedInAt: toIso(outcome.at), status: outcome.status, created: outcome.created };
  },
});

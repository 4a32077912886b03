import type { CancelCourseParams, CancelCourseResult } from '../../../typings/course';
import { writeAudit } from '../../_shared/audit';
import { params } from '../../_shared/contract';
import { failedPrecondition } from '../../_shared/errors';
import { noteCancelled } from '../../_shared/held';
import { staffAction } from '../../_shared/handler';
import { notifyAll } from '../../_shared/notify';
import { id, text, z } from '../../_shared/validate';
import { courseChain, courseStaff } from '../access';
import { signupsOf } from '../audience';
import { COURSES } from '../model';
import { cancelledNotice } from '../notices';

const input = params<CancelCourseParams>()(
  z.object({
    courseId: id('课程'),
    reason: text('取消原因', 60, 2),
  }),
);

/**
 * Staff cancel a course that has not ended. The signups stay as they were (the counts keep matching
 * them); every signed-up and waitlisted learner is told why. Reads: course + roles, the audience;
 * writes: the course (conditional), the audit entry, one outbox record per learner.
 */
export const cancelCourse = staffAction({
  input,
  ...courseStaff,
  run: async (p, { db, openid: me, now, target: { course } }): Promise<CancelCourseResult> => {
    if (course.status === 'cancelled') throw failedPrecondition('这门课程已经取消过了');
    if (course.endsAt.getTime() <= now.getTime()) throw failedPrecondition('课程已经结束，不能取消');

    const _ = db.command;
    const res = await db
      .collection(COURSES)
      .where({ _id: course._id, status: 'scheduled', endsAt: _.gt(now) })
      .update({ data: { status: 'cancelled', cancelReason: p.reason, cancelledAt: now, updatedAt: now } });
    if (res.stats.updated === 0) throw failedPrecondition('这门课程刚刚已被取消或已结束，请刷新查看');
    await noteCancelled(db, course);

    await writeAudit(db, {
      actor: me,
      action: 'course.cancel',
      targetType: 'course',
      targetId: course._id,
      scope: courseChain(course),
      before: { status: 'scheduled' },
      after: { status: 'cancelled' },
      reason: p.reason,
    });
    const audience = await signupsOf(db, course._id, ['signed', 'waitlisted']);
    const notified = await notifyAll(
      db,
      audience.map((s) => cancelledNotice(course, s.openid, p.reason)),
    );
    return { status: 'cancelled', notified };
  },
});

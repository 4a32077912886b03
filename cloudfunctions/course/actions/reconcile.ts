import type { CourseIdParams, ReconcileResult } from '../../../typings/course';
import { params } from '../../_shared/contract';
import { staffAction } from '../../_shared/handler';
import { id, z } from '../../_shared/validate';
import { courseStaff } from '../access';
import { reconcileCourse } from '../reconcile';

const input = params<CourseIdParams>()(z.object({ courseId: id('课程') }));

/**
 * Staff of the course's point or above: recompute the course's counters from its signups and repair
 * them (reconcile.ts). Reads: course + roles (one round-trip), the signups; writes: none when
 * healthy; otherwise the guarded counter update, one per abandoned signup, the audit entry, and
 * the promotions.
 */
export const reconcile = staffAction({
  input,
  ...courseStaff,
  run: async (_p, { db, openid: me, now, target: { course } }): Promise<ReconcileResult> => {
    return reconcileCourse(db, course, now, me);
  },
});

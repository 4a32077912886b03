import type { CourseIdParams, ReconcileResult } from '../../../typings/course';
import { params } from '../../_shared/contract';
import { action, requireOpenid } from '../../_shared/handler';
import { id, z } from '../../_shared/validate';
import { loadCourseAsStaff } from '../access';
import { reconcileCourse } from '../reconcile';

const input = params<CourseIdParams>()(z.object({ courseId: id('课程') }));

/**
 * Staff of the course's point or above: recompute the course's counters from its signups and repair
 * them (reconcile.ts). Reads: course + roles (one round-trip), the signups; writes: none when
 * healthy; otherwise the guarded counter update, one per abandoned signup, the audit entry, and
 * the promotions.
 */
export const reconcile = action(input, async (p, { db, openid, now }): Promise<ReconcileResult> => {
  const me = requireOpenid({ openid, db, now });
  const { course } = await loadCourseAsStaff(db, me, p.courseId);
  return reconcileCourse(db, course, now, me);
});

import type { MineResult, NextCoursesParams, NextCoursesResult } from '../../../typings/course';
import { params } from '../../_shared/contract';
import { customUserAction, publicAction } from '../../_shared/handler';
import { findLearner, requireLearner } from '../../_shared/org';
import { integer, z } from '../../_shared/validate';
import { SIGNUPS, type SignupDoc } from '../model';
import { coursesById, myCourseItem } from '../my-courses';

/** How far back "我的课程" looks: the latest 100 signups. */
const MINE_LIMIT = 100;
/** A course that started up to this long ago may still be running (check-in!). */
const RUNNING_LOOKBACK_MS = 12 * 60 * 60 * 1000;

/**
 * Learner: the learner's signed and waitlisted courses, upcoming ones first (earliest first), then
 * past ones (latest first). Reads: learner + signups (one round-trip, index openid + courseStartsAt),
 * then the courses by id.
 */
export const mine = customUserAction('learner', z.object({}), async (_p, { db, openid, now }): Promise<MineResult> => {
  const _ = db.command;
  const [learner, signups] = await Promise.all([
    requireLearner(db, openid),
    db
      .collection<SignupDoc>(SIGNUPS)
      .where({ openid, status: _.in(['signed', 'waitlisted']) })
      .orderBy('courseStartsAt', 'desc')
      .limit(MINE_LIMIT)
      .get(),
  ]);
  void learner;
  const courses = await coursesById(
    db,
    signups.data.map((s) => s.courseId),
  );
  const items = signups.data
    .map((s) => (courses.has(s.courseId) ? myCourseItem(s, courses.get(s.courseId)!, now) : null))
    .filter((x): x is NonNullable<typeof x> => x !== null);
  const upcoming = items.filter((i) => i.course.status === 'scheduled' || i.course.status === 'ongoing').reverse();
  const past = items.filter((i) => i.course.status === 'ended' || i.course.status === 'cancelled');
  return { items: [...upcoming, ...past] };
});

const nextInput = params<NextCoursesParams>()(z.object({ limit: integer('条数', 1, 10).optional() }));

/**
 * The home page's "我的下一堂课": the caller's signed or waitlisted courses that have not ended,
 * earliest first. Anyone may ask; a caller who is not a learner gets an empty list.
 */
export const nextCourses = publicAction(nextInput, async (p, { db, openid, now }): Promise<NextCoursesResult> => {
  if (!openid) return { items: [] };
  const _ = db.command;
  const limit = p.limit ?? 3;
  const [learner, signups] = await Promise.all([
    findLearner(db, openid),
    db
      .collection<SignupDoc>(SIGNUPS)
      .where({ openid, courseStartsAt: _.gt(new Date(now.getTime() - RUNNING_LOOKBACK_MS)), status: _.in(['signed', 'waitlisted']) })
      .orderBy('courseStartsAt', 'asc')
      .limit(limit + 5)
      .get(),
  ]);
  if (!learner) return { items: [] };
  const courses = await coursesById(
    db,
    signups.data.map((s) => s.courseId),
  );
  const items = signups.data
    .map((s) => (courses.has(s.courseId) ? myCourseItem(s, courses.get(s.courseId)!, now) : null))
    .filter((x): x is NonNullable<typeof x> => x !== null && x.course.status !== 'ended')
    .slice(0, limit);
  return { items };
});

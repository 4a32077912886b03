import type { MyCourseItem } from '../../typings/course';
import type { Database } from '../_shared/cloud';
import { toIso } from '../_shared/time';
import { COURSES, toCourseItem, waitlistPosition, type CourseDoc, type SignupDoc } from './model';

/** Courses by id, in one read (at most 100 ids). */
export async function coursesById(db: Database, ids: string[]): Promise<Map<string, CourseDoc>> {
  if (ids.length === 0) return new Map();
  const res = await db
    .collection<CourseDoc>(COURSES)
    .where({ _id: db.command.in(ids) })
    .field({ codeSecret: false })
    .limit(ids.length)
    .get();
  return new Map(res.data.map((c) => [c._id, c]));
}

/** A learner's signup with its course, as `mine` and `nextCourses` answer it. */
export function myCourseItem(signup: SignupDoc, course: CourseDoc, now: Date): MyCourseItem | null {
  if (signup.status !== 'signed' && signup.status !== 'waitlisted') return null;
  const item: MyCourseItem = { course: toCourseItem(course, now), status: signup.status };
  if (signup.status === 'waitlisted') item.position = waitlistPosition(course, signup.openid) ?? 1;
  if (signup.checkedInAt) item.checkedInAt = toIso(signup.checkedInAt);
  return item;
}

import { randomBytes } from 'node:crypto';
import { loadCaller, requireManage, type Caller } from '../_shared/authz';
import { isMissingDocumentError, type Database } from '../_shared/cloud';
import { notFound } from '../_shared/errors';
import { COURSES, type CourseDoc } from './model';

/** Short ids: a check-in QR scene (`c=<id>&k=<code>`) must stay within WeChat's 32 characters. */
export function newCourseId(): string {
  return `cs_${randomBytes(6).toString('hex')}`;
}

export async function findCourse(db: Database, courseId: string): Promise<CourseDoc | null> {
  try {
    return (await db.collection<CourseDoc>(COURSES).doc(courseId).get()).data;
  } catch (error) {
    if (isMissingDocumentError(error)) return null;
    throw error;
  }
}

export async function loadCourse(db: Database, courseId: string): Promise<CourseDoc> {
  const course = await findCourse(db, courseId);
  if (!course) throw notFound('没有找到这门课程，可能已被删除，请返回课程列表');
  return course;
}

export function courseChain(course: Pick<CourseDoc, 'branchId' | 'pointId'>) {
  return { branchId: course.branchId, pointId: course.pointId };
}

/** Staff of the course's teaching point, its branch, or the head school. */
export function requireCourseStaff(caller: Caller, course: Pick<CourseDoc, 'branchId' | 'pointId'>): void {
  requireManage(caller, courseChain(course), '只有本教学点或上级的工作人员可以管理这门课程');
}

/** Course and caller in one round-trip (two reads), then the staff check. */
export async function loadCourseAsStaff(db: Database, openid: string, courseId: string): Promise<{ course: CourseDoc; caller: Caller }> {
  const [course, caller] = await Promise.all([findCourse(db, courseId), loadCaller(db, openid)]);
  if (!course) throw notFound('没有找到这门课程，可能已被删除，请返回课程列表');
  requireCourseStaff(caller, course);
  return { course, caller };
}

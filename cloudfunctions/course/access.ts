import { randomBytes } from 'node:crypto';
import type { Database } from '../_shared/cloud';
import { findById } from '../_shared/db';
import { notFound } from '../_shared/errors';
import { findPoint, pointChain } from '../_shared/org';
import { COURSES, type CourseDoc } from './model';

/** Short ids: a check-in QR scene (`c=<id>&k=<code>`) must stay within WeChat's 32 characters. */
export function newCourseId(): string {
  return `cs_${randomBytes(6).toString('hex')}`;
}

export function findCourse(db: Database, courseId: string): Promise<CourseDoc | null> {
  return findById<CourseDoc>(db, COURSES, courseId);
}

export async function loadCourse(db: Database, courseId: string): Promise<CourseDoc> {
  const course = await findCourse(db, courseId);
  if (!course) throw notFound('没有找到这门课程，可能已被删除，请返回课程列表');
  return course;
}

export function courseChain(course: Pick<CourseDoc, 'branchId' | 'pointId'>) {
  return { branchId: course.branchId, pointId: course.pointId };
}

/**
 * The staff of a course: its teaching point's, its branch's, or the head school's (a staffAction's
 * `who`, `denied` and scope; the course is read once and handed to the handler as `target.course`).
 */
export const courseStaff = {
  who: "point_admin of the course's point, branch_admin of its branch, head_admin",
  denied: '只有本教学点或上级的工作人员可以管理这门课程',
  scopeFirst: true,
  scope: async (p: { courseId: string }, { db }: { db: Database }) => {
    const course = await loadCourse(db, p.courseId);
    return { chain: courseChain(course), course };
  },
};

/** A staffAction over a teaching point (read once, as `target.point`): its staff, its branch's, or the head school's. */
export function pointStaff(denied: string) {
  return {
    who: 'point_admin of the point, branch_admin of its branch, head_admin',
    denied,
    scopeFirst: true,
    scope: async (p: { pointId: string }, { db }: { db: Database }) => {
      const point = await findPoint(db, p.pointId);
      if (!point) throw notFound('没有找到这个教学点，请返回重新选择');
      return { chain: pointChain(point), point };
    },
  };
}

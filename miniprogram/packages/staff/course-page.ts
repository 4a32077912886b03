import type { ViewStatus } from '../../components/state-view/type';

interface CoursePageHost {
  setData(data: { courseId: string; status?: ViewStatus; errorText?: string }): void;
}

/**
 * The course a staff course page (check-in code, roster) is opened for, from its `?id=`. Sets
 * `data.courseId`; without an id the page shows where to come from instead. Answers the id ('' when none).
 */
export function openCourse(page: CoursePageHost, query: Record<string, string | undefined>): string {
  const courseId = query.id || '';
  page.setData(courseId ? { courseId } : { courseId, status: 'error', errorText: '没有指定课程，请从课程页面进入' });
  return courseId;
}

import { isDuplicateKeyError, type Database } from './cloud';
import { COLLECTIONS } from './collections';
import { noteCourseCounters } from './stat-counters';
import { shanghaiMonth, shanghaiYear } from './time';

/**
 * Maintained counters of courses held, per teaching point and calendar year (Asia/Shanghai), so
 * the demonstration-point meter and the plan progress never scan courses.
 *
 * A course is counted once, when its first check-in arrives: a conditional update on the course
 * (`heldMark` absent and the course still scheduled) claims it, and only the winner increments
 * the point's counter (`pointYears/<pointId>:<year>`, `held` and `months.m<1-12>`). Cancelling a
 * counted course releases the claim the same way (`heldMark: 'counted'` → `'released'`) and takes
 * the count back. Check-in opens an hour before the start, so a counted course may not have
 * started yet: readers subtract those (courses starting within the next hour, index-served).
 */
export const POINT_YEARS = COLLECTIONS.pointYears;
const COURSES = COLLECTIONS.courses;
/** Check-in opens this long before a course starts (course/model.ts CHECKIN_OPENS_BEFORE_MS). */
export const EARLY_CHECKIN_MS = 60 * 60 * 1000;

export interface PointYearDoc {
  _id: string;
  pointId: string;
  branchId: string;
  year: number;
  held: number;
  months: Record<string, number>;
}

export function pointYearId(pointId: string, year: number): string {
  return `${pointId}:${year}`;
}

export function shanghaiYearMonth(date: Date): { year: number; month: number } {
  return { year: shanghaiYear(date), month: shanghaiMonth(date) + 1 };
}

interface CountedCourse {
  _id: string;
  pointId: string;
  branchId: string;
  startsAt: Date;
}

async function bump(db: Database, course: CountedCourse, by: 1 | -1): Promise<void> {
  const _ = db.command;
  const { year, month } = shanghaiYearMonth(course.startsAt);
  const _id = pointYearId(course.pointId, year);
  const change = { held: _.inc(by), [`months.m${month}`]: _.inc(by) };
  // The statistics' unit counters (point, branch, city) follow the same claim.
  await noteCourseCounters(db, course, { courses: by });
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await db.collection(POINT_YEARS).where({ _id }).update({ data: change });
    if (res.stats.updated === 1) return;
    try {
      await db.collection(POINT_YEARS).add({ data: { _id, pointId: course.pointId, branchId: course.branchId, year, held: by, months: { [`m${month}`]: by } } });
      return;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}

/**
 * Call after a check-in raised a course's `checkinCount`, with the course as the caller read it
 * before: once the course carries its mark, later check-ins cost nothing here.
 */
export async function noteCheckin(db: Database, course: CountedCourse & { heldMark?: string }): Promise<void> {
  await noteCourseCounters(db, course, { attendances: 1 });
  if (course.heldMark) return;
  const _ = db.command;
  const claim = await db
    .collection(COURSES)
    .where({ _id: course._id, status: 'scheduled', heldMark: _.exists(false) })
    .update({ data: { heldMark: 'counted' } });
  if (claim.stats.updated === 1) await bump(db, course, 1);
}

/** Call after a course was cancelled: takes back its count if it had one. */
export async function noteCancelled(db: Database, course: CountedCourse & { checkinCount?: number }): Promise<void> {
  const claim = await db.collection(COURSES).where({ _id: course._id, heldMark: 'counted' }).update({ data: { heldMark: 'released' } });
  if (claim.stats.updated === 1) {
    await bump(db, course, -1);
    await noteCourseCounters(db, course, { attendances: -(course.checkinCount ?? 0) });
  }
}

import type { Database } from '../_shared/cloud';
import { shanghaiMonth, startOfShanghaiMonth } from '../_shared/time';
import { COURSES, type CourseDoc } from './model';

const BATCH = 1000;

/** Demonstration teaching points hold at least this many courses a year. */
export const DEMO_POINT_COURSES_PER_YEAR = 24;

export interface YearStats {
  coursesHeld: number;
  attendances: number;
  coursesScheduled: number;
  coursesCancelled: number;
  months: Array<{ month: number; coursesHeld: number; attendances: number }>;
}

/**
 * A point's year: a course counts as held once it has ended with at least one check-in; attendances
 * are the check-ins of held courses. Reads the year's courses of the point in batches (index
 * pointId + startsAt). Shared with the demonstration-point rule (≥ 24 held a year).
 */
export async function pointYearStats(db: Database, pointId: string, year: number, now: Date): Promise<YearStats> {
  const _ = db.command;
  const from = startOfShanghaiMonth(year);
  const to = startOfShanghaiMonth(year + 1);
  const stats: YearStats = {
    coursesHeld: 0,
    attendances: 0,
    coursesScheduled: 0,
    coursesCancelled: 0,
    months: Array.from({ length: 12 }, (_x, i) => ({ month: i + 1, coursesHeld: 0, attendances: 0 })),
  };
  for (let skip = 0; ; skip += BATCH) {
    const res = await db
      .collection<CourseDoc>(COURSES)
      .where({ pointId, startsAt: _.and(_.gte(from), _.lt(to)) })
      .orderBy('startsAt', 'asc')
      .orderBy('_id', 'asc')
      .field({ status: true, startsAt: true, endsAt: true, checkinCount: true })
      .skip(skip)
      .limit(BATCH)
      .get();
    for (const c of res.data) {
      if (c.status === 'cancelled') {
        stats.coursesCancelled++;
        continue;
      }
      stats.coursesScheduled++;
      if (c.endsAt.getTime() <= now.getTime() && (c.checkinCount ?? 0) >= 1) {
        stats.coursesHeld++;
        stats.attendances += c.checkinCount;
        const month = shanghaiMonth(c.startsAt);
        stats.months[month].coursesHeld++;
        stats.months[month].attendances += c.checkinCount;
      }
    }
    if (res.data.length < BATCH) return stats;
  }
}

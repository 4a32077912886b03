import type { TeachingRecord, TeachingRecordItem } from '../../typings/teacher';
import type { Database } from '../_shared/cloud';
import { toIso } from '../_shared/time';
import { COURSES } from './model';

interface CourseRow {
  _id: string;
  title: string;
  topic: TeachingRecordItem['topic'];
  pointId: string;
  pointName?: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  signedCount: number;
  checkinCount?: number;
}

/** At most this many of a teacher's courses are listed (the latest first); the figures count them. */
const RECORD_LIMIT = 200;

/**
 * A teacher's teaching record, from the courses that link them (`courses.teacherId`, indexed):
 * courses given (held: not cancelled, started, at least one check-in), their attendances and the
 * teaching points. Reads: 1 (2 with more than 100 courses).
 */
export async function teachingRecord(db: Database, teacherId: string, now: Date): Promise<TeachingRecord> {
  const rows: CourseRow[] = [];
  for (let skip = 0; skip < RECORD_LIMIT; skip += 100) {
    const res = await db
      .collection<CourseRow>(COURSES)
      .where({ teacherId })
      .orderBy('startsAt', 'desc')
      .field({ title: true, topic: true, pointId: true, pointName: true, startsAt: true, endsAt: true, status: true, signedCount: true, checkinCount: true })
      .skip(skip)
      .limit(100)
      .get();
    rows.push(...res.data);
    if (res.data.length < 100) break;
  }
  const held = rows.filter((c) => c.status !== 'cancelled' && c.startsAt.getTime() <= now.getTime() && (c.checkinCount ?? 0) > 0);
  return {
    coursesGiven: held.length,
    attendances: held.reduce((n, c) => n + (c.checkinCount ?? 0), 0),
    points: new Set(held.map((c) => c.pointId)).size,
    courses: rows.map((c) => ({
      courseId: c._id,
      title: c.title,
      topic: c.topic,
      pointId: c.pointId,
      pointName: c.pointName ?? '',
      startsAt: toIso(c.startsAt),
      status: c.status,
      signedCount: c.signedCount,
      checkinCount: c.checkinCount ?? 0,
    })),
  };
}

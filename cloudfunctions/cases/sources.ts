import type { ActivityKind, CaseFigures } from '../../typings/cases';
import type { KeyDay } from '../../typings/volunteer';
import { isMissingDocumentError, type Database } from '../_shared/cloud';
import { COLLECTIONS } from '../_shared/collections';
import { notFound } from '../_shared/errors';
import { round1 } from './model';

/** What this function reads of a course or a volunteer activity (their functions own them). */
export interface ActivitySource {
  kind: ActivityKind;
  id: string;
  title: string;
  branchId: string;
  pointId: string | null;
  startsAt: Date;
  endsAt: Date;
  keyDay: KeyDay | null;
  cancelled: boolean;
  signedCount: number;
  /** Courses only: check-ins. */
  checkinCount: number;
}

interface CourseRow {
  _id: string;
  title: string;
  branchId: string;
  pointId: string;
  startsAt: Date;
  endsAt: Date;
  keyDay?: KeyDay | null;
  status: string;
  signedCount: number;
  checkinCount: number;
}

interface ActivityRow {
  _id: string;
  title: string;
  branchId: string;
  pointId: string | null;
  startsAt: Date;
  endsAt: Date;
  keyDay: KeyDay | null;
  status: string;
  signedCount: number;
}

export async function loadActivity(db: Database, kind: ActivityKind, id: string): Promise<ActivitySource> {
  try {
    if (kind === 'course') {
      const c = (await db.collection<CourseRow>(COLLECTIONS.courses).doc(id).get()).data;
      return { kind, id, title: c.title, branchId: c.branchId, pointId: c.pointId, startsAt: c.startsAt, endsAt: c.endsAt, keyDay: c.keyDay ?? null, cancelled: c.status === 'cancelled', signedCount: c.signedCount, checkinCount: c.checkinCount };
    }
    const a = (await db.collection<ActivityRow>(COLLECTIONS.volunteerActivities).doc(id).get()).data;
    return { kind, id, title: a.title, branchId: a.branchId, pointId: a.pointId, startsAt: a.startsAt, endsAt: a.endsAt, keyDay: a.keyDay, cancelled: a.status === 'cancelled', signedCount: a.signedCount, checkinCount: 0 };
  } catch (error) {
    if (isMissingDocumentError(error)) throw notFound(kind === 'course' ? '没有找到这门课程，请返回重新选择' : '没有找到这个志愿活动，请返回重新选择');
    throw error;
  }
}

/** CloudBase caps one read at 1000 documents. */
const READ_CAP = 1000;

export async function readAll<T extends { _id: string }>(db: Database, collection: string, where: object, field: Record<string, boolean>): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += READ_CAP) {
    const res = await db.collection<T>(collection).where(where).field(field).orderBy('_id', 'asc').skip(skip).limit(READ_CAP).get();
    out.push(...res.data);
    if (res.data.length < READ_CAP) return out;
  }
}

/** The activity's figures from its own records: course counters, or the approved hour records. */
export async function figuresOf(db: Database, a: ActivitySource): Promise<CaseFigures> {
  if (a.kind === 'course') {
    return { signups: a.signedCount, participants: a.checkinCount, hours: round1((a.endsAt.getTime() - a.startsAt.getTime()) / 3600_000) };
  }
  const records = await readAll<{ _id: string; hours: number }>(db, COLLECTIONS.hourRecords, { activityId: a.id, status: 'approved' }, { _id: true, hours: true });
  return { signups: a.signedCount, participants: records.length, hours: round1(records.reduce((s, r) => s + r.hours, 0)) };
}

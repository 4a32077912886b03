import type { PointFigures } from '../../typings/school';
import type { Database } from '../_shared/cloud';
import { COLLECTIONS } from '../_shared/collections';
import { EARLY_CHECKIN_MS, POINT_YEARS, pointYearId, shanghaiYearMonth, type PointYearDoc } from '../_shared/held';
import type { PointDoc } from '../_shared/org';
import { CHECKLIST, checklistKeys, yearStart, type ChecklistDoc } from './model';

const BATCH = 1000;

export interface Held {
  held: number;
  /** Index 0 = January. */
  months: number[];
}

interface CourseRow {
  _id: string;
  pointId: string;
  startsAt: Date;
  status: string;
  checkinCount?: number;
  heldMark?: string;
  title?: string;
  topic?: string;
}

/**
 * Courses held per point in `year`, from the maintained counters (one read per 100 points) minus
 * courses counted at an early check-in that have not started yet (those start within the next hour:
 * one index range read).
 */
export async function heldOf(db: Database, pointIds: string[], year: number, now: Date): Promise<Map<string, Held>> {
  const _ = db.command;
  const out = new Map<string, Held>();
  for (const p of pointIds) out.set(p, { held: 0, months: Array(12).fill(0) });
  for (let i = 0; i < pointIds.length; i += 100) {
    const ids = pointIds.slice(i, i + 100).map((p) => pointYearId(p, year));
    const res = await db.collection<PointYearDoc>(POINT_YEARS).where({ _id: _.in(ids) }).limit(100).get();
    for (const doc of res.data) {
      const h = out.get(doc.pointId);
      if (!h) continue;
      h.held = doc.held;
      for (let m = 1; m <= 12; m++) h.months[m - 1] = doc.months?.[`m${m}`] ?? 0;
    }
  }
  if (shanghaiYearMonth(now).year === year || shanghaiYearMonth(new Date(now.getTime() + EARLY_CHECKIN_MS)).year === year) {
    const soon = await db
      .collection<CourseRow>(COLLECTIONS.courses)
      .where({ startsAt: _.and(_.gt(now), _.lte(new Date(now.getTime() + EARLY_CHECKIN_MS))) })
      .field({ pointId: true, startsAt: true, heldMark: true })
      .limit(1000)
      .get();
    for (const c of soon.data) {
      const h = out.get(c.pointId);
      const ym = shanghaiYearMonth(c.startsAt);
      if (!h || c.heldMark !== 'counted' || ym.year !== year) continue;
      h.held--;
      h.months[ym.month - 1]--;
    }
  }
  return out;
}

export async function heldOne(db: Database, pointId: string, year: number, now: Date): Promise<Held> {
  return (await heldOf(db, [pointId], year, now)).get(pointId)!;
}

/** The held courses of a point's year with their attendance (index pointId + startsAt). */
export async function heldCourses(db: Database, pointId: string, year: number, now: Date): Promise<CourseRow[]> {
  const _ = db.command;
  const out: CourseRow[] = [];
  for (let skip = 0; ; skip += BATCH) {
    const res = await db
      .collection<CourseRow>(COLLECTIONS.courses)
      .where({ pointId, startsAt: _.and(_.gte(yearStart(year)), _.lt(yearStart(year + 1))) })
      .orderBy('startsAt', 'asc')
      .field({ pointId: true, startsAt: true, status: true, checkinCount: true, heldMark: true, title: true, topic: true })
      .skip(skip)
      .limit(BATCH)
      .get();
    for (const c of res.data) if (c.heldMark === 'counted' && c.status !== 'cancelled' && c.startsAt.getTime() <= now.getTime()) out.push(c);
    if (res.data.length < BATCH) return out;
  }
}

export async function checklistDocs(db: Database, pointId: string, year: number): Promise<ChecklistDoc[]> {
  const res = await db.collection<ChecklistDoc>(CHECKLIST).where({ pointId, year }).limit(100).get();
  return res.data;
}

interface TeamRow {
  _id: string;
  name: string;
  memberCount: number;
}

export async function pointTeams(db: Database, pointId: string): Promise<TeamRow[]> {
  const res = await db.collection<TeamRow>(COLLECTIONS.volunteerTeams).where({ pointId, active: true }).limit(100).get();
  return res.data;
}

/** Volunteer activities of the point's teams that took place in the year (index teamId + startsAt). */
export async function volunteerActivities(db: Database, teams: TeamRow[], year: number, now: Date): Promise<number> {
  const _ = db.command;
  const to = new Date(Math.min(yearStart(year + 1).getTime(), now.getTime()));
  if (to.getTime() <= yearStart(year).getTime()) return 0;
  let n = 0;
  for (const t of teams) {
    const res = await db
      .collection<{ _id: string; status: string }>(COLLECTIONS.volunteerActivities)
      .where({ teamId: t._id, startsAt: _.and(_.gte(yearStart(year)), _.lt(to)) })
      .field({ status: true })
      .limit(1000)
      .get();
    n += res.data.filter((a) => a.status !== 'cancelled').length;
  }
  return n;
}

/** Approved volunteer hours of the point's teams in the year (index pointId + status + year). */
export async function approvedHours(db: Database, pointId: string, year: number): Promise<number> {
  let total = 0;
  for (let skip = 0; ; skip += BATCH) {
    const res = await db
      .collection<{ _id: string; hours: number }>(COLLECTIONS.hourRecords)
      .where({ pointId, status: 'approved', year })
      .orderBy('startsAt', 'asc')
      .field({ hours: true })
      .skip(skip)
      .limit(BATCH)
      .get();
    for (const r of res.data) total += r.hours;
    if (res.data.length < BATCH) return Math.round(total * 10) / 10;
  }
}

export interface QuizRow {
  _id: string;
  scope: string;
  branchId: string | null;
  cancelled?: boolean;
}

/** The quizzes that started in a year (index startsAt), read once per request. */
export async function quizzesOfYear(db: Database, year: number): Promise<QuizRow[]> {
  const _ = db.command;
  const res = await db
    .collection<QuizRow>(COLLECTIONS.quizzes)
    .where({ startsAt: _.and(_.gte(yearStart(year)), _.lt(yearStart(year + 1))) })
    .field({ scope: true, branchId: true, cancelled: true })
    .limit(1000)
    .get();
  return res.data;
}

/** Learners of the point with a best attempt, summed over the year's quizzes open to it (counts on index quizId + pointId). */
export async function quizParticipations(db: Database, point: Pick<PointDoc, '_id' | 'branchId'>, quizzes: QuizRow[]): Promise<number> {
  let n = 0;
  for (const q of quizzes) {
    if (q.branchId && q.branchId !== point.branchId) continue;
    n += (await db.collection(COLLECTIONS.quizBests).where({ quizId: q._id, pointId: point._id }).count()).total;
  }
  return n;
}

export async function quizTitleCount(db: Database, pointId: string, year: number): Promise<number> {
  return (await db.collection(COLLECTIONS.quizTitles).where({ year, pointId, awarded: true }).count()).total;
}

/** The point's figures of a year, as an application snapshots them and the archive shows them. */
export async function pointFigures(db: Database, point: PointDoc, year: number, now: Date, quizzes?: QuizRow[]): Promise<PointFigures> {
  const [held, courses, items, teams, hours] = await Promise.all([
    heldOne(db, point._id, year, now),
    heldCourses(db, point._id, year, now),
    checklistDocs(db, point._id, year),
    pointTeams(db, point._id),
    approvedHours(db, point._id, year),
  ]);
  const keys = checklistKeys(point.isDemo);
  const activities = await volunteerActivities(db, teams, year, now);
  const quizList = quizzes ?? (await quizzesOfYear(db, year));
  return {
    year,
    held: held.held,
    attendance: courses.reduce((s, c) => s + (c.checkinCount ?? 0), 0),
    checklistApproved: items.filter((i) => i.status === 'approved' && keys.includes(i.key)).length,
    checklistTotal: keys.length,
    volunteerActivities: activities,
    volunteerHours: hours,
    quizParticipations: await quizParticipations(db, point, quizList),
  };
}

import type { Occupation } from '../../typings/user';
import type { AgeBand, LearnerFigures, Overview, StatsScope } from '../../typings/stats';
import type { Database } from '../_shared/cloud';
import { COLLECTIONS } from '../_shared/collections';
import { CHECKIN_OPENS_BEFORE_MS as EARLY_CHECKIN_MS } from '../course/model';
import { CITY_UNIT, learnerDocId, STAT_COUNTERS, yearDocId, type StatDoc } from '../_shared/stat-counters';
import { startOfShanghaiMonth } from '../_shared/time';

export const OCCUPATIONS: readonly Occupation[] = ['retired', 'worker', 'farmer', 'civil_servant', 'teacher', 'medical', 'self_employed', 'student', 'other'];

export function yearRange(year: number): { from: Date; to: Date } {
  return { from: startOfShanghaiMonth(year), to: startOfShanghaiMonth(year + 1) };
}

export interface UnitRef {
  scope: StatsScope;
  unitId: string;
  branchId: string | null;
}

function num(doc: StatDoc | undefined, field: string): number {
  const v = doc?.[field];
  return typeof v === 'number' ? v : 0;
}

export function bandOf(age: number): AgeBand {
  if (age < 60) return '<60';
  if (age < 70) return '60-69';
  if (age < 80) return '70-79';
  return '80+';
}

export function learnerFigures(doc: StatDoc | undefined, year: number): LearnerFigures {
  const byAgeBand: Record<AgeBand, number> = { '<60': 0, '60-69': 0, '70-79': 0, '80+': 0 };
  const byOccupation = Object.fromEntries(OCCUPATIONS.map((o) => [o, num(doc, `occ_${o}`)])) as Record<Occupation, number>;
  for (const [key, value] of Object.entries(doc ?? {})) {
    const m = /^born_(\d{4})$/.exec(key);
    if (m && typeof value === 'number') byAgeBand[bandOf(year - Number(m[1]))] += value;
  }
  return { total: num(doc, 'total'), male: num(doc, 'male'), female: num(doc, 'female'), byAgeBand, byOccupation };
}

/** The counter documents of a unit: its learners now and the year. Reads: 1. */
export async function counterDocs(db: Database, unitId: string, years: number[]): Promise<Map<string, StatDoc>> {
  const ids = [learnerDocId(unitId), ...years.map((y) => yearDocId(unitId, y))];
  const res = await db.collection<StatDoc>(STAT_COUNTERS).where({ _id: db.command.in(ids) }).limit(ids.length).get();
  return new Map(res.data.map((d) => [d._id, d]));
}

/**
 * Courses counted at their first check-in that have not started yet (check-in opens an hour
 * early): not held yet. Only courses starting within the next hour qualify (index-served).
 */
export async function notYetStarted(db: Database, unit: UnitRef, year: number, now: Date): Promise<{ courses: number; attendances: number }> {
  const { from, to } = yearRange(year);
  const lo = Math.max(now.getTime(), from.getTime());
  const hi = Math.min(now.getTime() + EARLY_CHECKIN_MS, to.getTime() - 1);
  if (lo >= hi) return { courses: 0, attendances: 0 };
  const _ = db.command;
  const where: Record<string, unknown> = { startsAt: _.and(_.gt(new Date(lo)), _.lte(new Date(hi))), heldMark: 'counted' };
  if (unit.scope === 'branch') where.branchId = unit.unitId;
  if (unit.scope === 'point') where.pointId = unit.unitId;
  const res = await db.collection<{ _id: string; checkinCount?: number }>(COLLECTIONS.courses).where(where).field({ checkinCount: true }).limit(1000).get();
  return { courses: res.data.length, attendances: res.data.reduce((n, c) => n + (c.checkinCount ?? 0), 0) };
}

/** Volunteers now: the city's registered volunteers; a unit's approved team members (each person once). */
export async function registeredVolunteers(db: Database, unit: UnitRef): Promise<number> {
  if (unit.scope === 'city') return (await db.collection(COLLECTIONS.volunteers).count()).total;
  const _ = db.command;
  const teams = await db
    .collection<{ _id: string }>(COLLECTIONS.volunteerTeams)
    .where(unit.scope === 'branch' ? { branchId: unit.unitId, active: true } : { pointId: unit.unitId, active: true })
    .field({ _id: true })
    .limit(1000)
    .get();
  if (!teams.data.length) return 0;
  const res = await db
    .collection(COLLECTIONS.teamMembers)
    .aggregate()
    .match({ teamId: _.in(teams.data.map((t) => t._id)), status: 'member' })
    .group({ _id: '$openid' })
    .count('n')
    .end();
  return Number((res.list[0] as { n?: number } | undefined)?.n ?? 0);
}

export async function overviewOf(db: Database, unit: UnitRef, year: number, now: Date): Promise<Overview> {
  const [docs, early, registered] = await Promise.all([counterDocs(db, unit.unitId, [year]), notYetStarted(db, unit, year, now), registeredVolunteers(db, unit)]);
  const y = docs.get(yearDocId(unit.unitId, year));
  return {
    learners: learnerFigures(docs.get(learnerDocId(unit.unitId)), year),
    courses: { held: num(y, 'checkedCourses') - early.courses, attendances: num(y, 'attendances') - early.attendances },
    volunteers: { registered, approvedHours: num(y, 'approvedTenths') / 10 },
    quizzes: { participants: num(y, 'quizParticipants'), attempts: num(y, 'quizAttempts') },
  };
}

export { CITY_UNIT, num };

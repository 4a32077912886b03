import type { NationalFigures, SessionFigures } from '../../typings/stats';
import type { KeyDay } from '../../typings/volunteer';
import type { Database } from '../_shared/cloud';
import { COLLECTIONS } from '../_shared/collections';
import { yearDocId } from '../_shared/stat-counters';
import { counterDocs, notYetStarted, num, registeredVolunteers, yearRange, type UnitRef } from './figures';

const KEY_DAYS: readonly KeyDay[] = ['全国科普日', '科技活动周', '科技工作者日'];

function unitFilter(unit: UnitRef): Record<string, string> {
  if (unit.scope === 'branch') return { branchId: unit.unitId };
  if (unit.scope === 'point') return { pointId: unit.unitId };
  return {};
}

/** Distinct teachers of the unit's pool with a letter valid for part of the year. Index: teacherLetters branchId_issuedAt / issuedAt. */
async function lecturers(db: Database, unit: UnitRef, year: number): Promise<number> {
  const _ = db.command;
  const { from, to } = yearRange(year);
  const match: Record<string, unknown> = { issuedAt: _.lt(to), validUntil: _.gte(from) };
  if (unit.branchId) match.branchId = unit.branchId;
  const res = await db
    .collection(COLLECTIONS.teacherLetters)
    .aggregate()
    .match(match)
    .match(_.or([{ revoked: false }, { revokedAt: _.gte(from) }]))
    .group({ _id: '$teacherId' })
    .count('n')
    .end();
  return Number((res.list[0] as { n?: number } | undefined)?.n ?? 0);
}

/** Quizzes open to the unit's people that closed in the year (by now), and their participants from the unit. */
async function contests(db: Database, unit: UnitRef, year: number, now: Date): Promise<SessionFigures> {
  const _ = db.command;
  const { from } = yearRange(year);
  const to = new Date(Math.min(yearRange(year).to.getTime(), now.getTime() + 1));
  if (to.getTime() <= from.getTime()) return { sessions: 0, participants: 0 };
  const res = await db
    .collection<{ _id: string; scope: 'city' | 'branch'; branchId: string | null; cancelled?: boolean }>(COLLECTIONS.quizzes)
    .where({ endsAt: _.and(_.gte(from), _.lt(to)) })
    .field({ scope: true, branchId: true, cancelled: true })
    .limit(1000)
    .get();
  const quizzes = res.data.filter((q) => !q.cancelled && (unit.scope === 'city' || q.scope === 'city' || q.branchId === unit.branchId));
  const counts = await Promise.all(quizzes.map(async (q) => (await db.collection(COLLECTIONS.quizBests).where({ quizId: q._id, ...unitFilter(unit) }).count()).total));
  return { sessions: quizzes.length, participants: counts.reduce((n, c) => n + c, 0) };
}

/** Volunteer activities of the unit's teams started in the year, not cancelled, and their signups (aggregation over indexed matches). */
async function volunteerActivities(db: Database, unit: UnitRef, year: number): Promise<SessionFigures> {
  const _ = db.command;
  const $ = _.aggregate;
  const { from, to } = yearRange(year);
  const match: Record<string, unknown> = { startsAt: _.and(_.gte(from), _.lt(to)) };
  if (unit.scope !== 'city') {
    const teams = await db.collection<{ _id: string }>(COLLECTIONS.volunteerTeams).where(unitFilter(unit)).field({ _id: true }).limit(1000).get();
    if (!teams.data.length) return { sessions: 0, participants: 0 };
    match.teamId = _.in(teams.data.map((t) => t._id));
  }
  const res = await db
    .collection(COLLECTIONS.volunteerActivities)
    .aggregate()
    .match(match)
    .match({ status: _.neq('cancelled') })
    .group({ _id: null, sessions: $.sum(1), participants: $.sum('$signedCount') })
    .end();
  const row = res.list[0] as { sessions?: number; participants?: number } | undefined;
  return { sessions: Number(row?.sessions ?? 0), participants: Number(row?.participants ?? 0) };
}

/** Per key day: courses and volunteer activities of the unit marked with it, started in the year, not cancelled (indexed counts). */
async function keyDays(db: Database, unit: UnitRef, year: number): Promise<Record<KeyDay, number>> {
  const _ = db.command;
  const { from, to } = yearRange(year);
  const counts = await Promise.all(
    KEY_DAYS.map(async (keyDay) => {
      const where = { ...unitFilter(unit), keyDay, startsAt: _.and(_.gte(from), _.lt(to)), status: _.neq('cancelled') };
      const [courses, activities] = await Promise.all([db.collection(COLLECTIONS.courses).where(where).count(), db.collection(COLLECTIONS.volunteerActivities).where(where).count()]);
      return [keyDay, courses.total + activities.total] as const;
    }),
  );
  return Object.fromEntries(counts) as Record<KeyDay, number>;
}

export async function nationalOf(db: Database, unit: UnitRef, year: number, now: Date): Promise<NationalFigures> {
  const [docs, early, volunteers, lecturerCount, contestFigures, activityFigures, keyDayFigures] = await Promise.all([
    counterDocs(db, unit.unitId, [year]),
    notYetStarted(db, unit, year, now),
    registeredVolunteers(db, unit),
    lecturers(db, unit, year),
    contests(db, unit, year, now),
    volunteerActivities(db, unit, year),
    keyDays(db, unit, year),
  ]);
  const y = docs.get(yearDocId(unit.unitId, year));
  return {
    staff: { lecturers: lecturerCount, volunteers, total: lecturerCount + volunteers },
    lectures: { sessions: num(y, 'checkedCourses') - early.courses, participants: num(y, 'attendances') - early.attendances },
    contests: contestFigures,
    volunteerActivities: activityFigures,
    keyDays: keyDayFigures,
  };
}

import type { Gender, Occupation } from '../../typings/user';
import { isDuplicateKeyError, type Database } from './cloud';
import { COLLECTIONS } from './collections';
import { shanghaiYear } from './time';

/**
 * The statistics' maintained counters (`statCounters`): one document per unit (the city, a branch,
 * a point) for the learners enrolled now, and one per unit and calendar year for what happens in
 * it. Every event moves the counters of its point, its branch and the city by atomic `_.inc`,
 * never inside a transaction (many people write the city's document at once). The stats function
 * reads one document per figure set; `stats.recount` rebuilds a point's or a branch's from the records.
 *
 * Learners are kept by birth year (`born_<year>`), so age bands follow any year asked for.
 * Hours are kept in tenths (`approvedTenths`), so sums stay exact.
 */
export const STAT_COUNTERS = COLLECTIONS.statCounters;
/** One-per-person markers (e.g. the first quiz submission of a year), so a person is counted once. */
export const STAT_MARKS = COLLECTIONS.statMarks;

export const CITY_UNIT = 'city';

export interface StatChain {
  branchId: string | null;
  pointId: string | null;
}

export interface LearnerProfile {
  gender: Gender;
  birthYear: number;
  occupation: Occupation;
}

/** The yearly figures a unit's year document holds. */
export interface YearFigures {
  /** Courses (not cancelled) with at least one check-in, by the year of their start. */
  checkedCourses: number;
  attendances: number;
  approvedTenths: number;
  quizAttempts: number;
  quizParticipants: number;
}

export type StatDoc = {
  _id: string;
  kind: 'learners' | 'year';
  unitType: 'city' | 'branch' | 'point';
  unitId: string;
  branchId: string | null;
  year?: number;
} & Record<string, unknown>;

interface Unit {
  unitType: StatDoc['unitType'];
  unitId: string;
  branchId: string | null;
}

export function unitsOf(chain: StatChain): Unit[] {
  const units: Unit[] = [{ unitType: 'city', unitId: CITY_UNIT, branchId: null }];
  if (chain.branchId) units.push({ unitType: 'branch', unitId: chain.branchId, branchId: chain.branchId });
  if (chain.branchId && chain.pointId) units.push({ unitType: 'point', unitId: chain.pointId, branchId: chain.branchId });
  return units;
}

export const learnerDocId = (unitId: string): string => `L:${unitId}`;
export const yearDocId = (unitId: string, year: number): string => `Y:${year}:${unitId}`;

/** Adds `inc` to one counter document, creating it on first use. Writes: 1 (2–3 on first use). */
async function bump(db: Database, id: string, base: Omit<StatDoc, '_id'>, inc: Record<string, number>): Promise<void> {
  const _ = db.command;
  const moves = Object.entries(inc).filter(([, v]) => v !== 0);
  if (!moves.length) return;
  const data = Object.fromEntries(moves.map(([k, v]) => [k, _.inc(v)]));
  const coll = db.collection(STAT_COUNTERS);
  const res = await coll.where({ _id: id }).update({ data });
  if (res.stats.updated) return;
  try {
    await coll.add({ data: { _id: id, ...base, ...Object.fromEntries(moves) } });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await coll.where({ _id: id }).update({ data });
  }
}

/**
 * Adds `inc` to the learners document (`year` null) or the year document of every unit of
 * `chain` (a point, its branch, the city): the repair a recount applies. Writes: 1 per unit.
 */
export async function adjustCounters(db: Database, chain: StatChain, year: number | null, inc: Record<string, number>): Promise<void> {
  await Promise.all(
    unitsOf(chain).map((unit) =>
      year === null ? bump(db, learnerDocId(unit.unitId), { kind: 'learners', ...unit }, inc) : bump(db, yearDocId(unit.unitId, year), { kind: 'year', ...unit, year }, inc),
    ),
  );
}

export function learnerFields(profile: LearnerProfile, sign: 1 | -1): Record<string, number> {
  return { total: sign, [profile.gender]: sign, [`occ_${profile.occupation}`]: sign, [`born_${profile.birthYear}`]: sign };
}

function merge(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/**
 * A learner's enrollment change: `from` left (null: none), `to` joined (null: none), with the
 * profile each side had. A profile change at the same point is a move from and to that point.
 */
export async function moveLearner(
  db: Database,
  from: { chain: StatChain; profile: LearnerProfile } | null,
  to: { chain: StatChain; profile: LearnerProfile } | null,
): Promise<void> {
  const perUnit = new Map<string, { unit: Unit; inc: Record<string, number> }>();
  const add = (side: { chain: StatChain; profile: LearnerProfile } | null, sign: 1 | -1) => {
    if (!side) return;
    for (const unit of unitsOf(side.chain)) {
      const cur = perUnit.get(unit.unitId) ?? { unit, inc: {} };
      cur.inc = merge(cur.inc, learnerFields(side.profile, sign));
      perUnit.set(unit.unitId, cur);
    }
  };
  add(from, -1);
  add(to, 1);
  await Promise.all(
    [...perUnit.values()].map(({ unit, inc }) => bump(db, learnerDocId(unit.unitId), { kind: 'learners', ...unit }, inc)),
  );
}

/** Moves a year's figures of a point (or a branch-level record: pointId null), its branch and the city. */
export async function bumpYear(db: Database, chain: StatChain, year: number, inc: Partial<YearFigures>): Promise<void> {
  const clean = Object.fromEntries(Object.entries(inc).filter(([, v]) => typeof v === 'number' && v !== 0)) as Record<string, number>;
  if (!Object.keys(clean).length) return;
  await Promise.all(unitsOf(chain).map((unit) => bump(db, yearDocId(unit.unitId, year), { kind: 'year', ...unit, year }, clean)));
}

/** Exact hours in tenths (hours are kept to one decimal). */
export function tenths(hours: number): number {
  return Math.round(hours * 10);
}

/**
 * Marks `key` once (a deterministic id): true for the first caller only, so a person counts once
 * however many requests race. Writes: 1.
 */
export async function markOnce(db: Database, key: string, at: Date): Promise<boolean> {
  try {
    await db.collection(STAT_MARKS).add({ data: { _id: key, at } });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** A submitted quiz attempt: counted for the person's unit in the year of submission; the person once a year. */
export async function noteQuizAttempt(db: Database, openid: string, person: StatChain, at: Date): Promise<void> {
  const year = shanghaiYear(at);
  const first = await markOnce(db, `quiz:${year}:${openid}`, at);
  await bumpYear(db, { branchId: person.branchId, pointId: person.pointId }, year, { quizAttempts: 1, quizParticipants: first ? 1 : 0 });
}

/** Courses: the first check-in of a course counts it (held.ts claims it once), each check-in an attendance. */
export async function noteCourseCounters(db: Database, course: { pointId: string; branchId: string; startsAt: Date }, inc: { courses?: number; attendances?: number }): Promise<void> {
  await bumpYear(db, { branchId: course.branchId, pointId: course.pointId }, shanghaiYear(course.startsAt), {
    checkedCourses: inc.courses ?? 0,
    attendances: inc.attendances ?? 0,
  });
}

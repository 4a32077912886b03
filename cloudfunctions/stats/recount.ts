import type { RecountParams, RecountResult } from '../../typings/stats';
import type { Database } from '../_shared/cloud';
import { COLLECTIONS } from '../_shared/collections';
import { POINTS_COLLECTION, LEARNERS_COLLECTION, type LearnerDoc } from '../_shared/org';
import { adjustCounters, learnerDocId, learnerFields, STAT_COUNTERS, tenths, yearDocId, type StatDoc } from '../_shared/stat-counters';
import { writeAudit } from '../_shared/audit';
import type { ResolvedUnit } from './views';
import { yearRange } from './figures';

/**
 * `stats.recount`: rebuilds the counters of one point or branch (learners now; courses held,
 * attendances and approved hours of one year) from the records, for a counter left short by a
 * call that died between its record write and its increment. Cursor-driven: each call reads at
 * most `PAGES_PER_CALL` pages of 1000 records, keeping what it counted in a staging document
 * (`statCounters`, kind `recount`); the last call compares the totals with the counters and
 * applies the difference to the unit and every unit above it (the same short increment left
 * them all short). Quiz figures are per person and year (marks), not recounted here.
 */
const PAGE = 1000;
const PAGES_PER_CALL = 5;

type Phase = 'learners' | 'courses' | 'hours' | 'done';

interface StageDoc {
  _id: string;
  kind: 'recount';
  unitType: 'point' | 'branch';
  unitId: string;
  branchId: string;
  year: number;
  phase: Phase;
  /** learners of a branch: the index of the point being read. */
  pointIndex: number;
  skip: number;
  learners: Record<string, number>;
  figures: Record<string, number>;
  startedBy: string;
  startedAt: Date;
}

const stageId = (unitId: string, year: number) => `R:${year}:${unitId}`;

function add(into: Record<string, number>, inc: Record<string, number>): void {
  for (const [k, v] of Object.entries(inc)) into[k] = (into[k] ?? 0) + v;
}

function numbers(doc: StatDoc | undefined, keys: Iterable<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) {
    const v = doc?.[k];
    out[k] = typeof v === 'number' ? v : 0;
  }
  return out;
}

async function pointIdsOf(db: Database, branchId: string, from: number): Promise<string[]> {
  const res = await db.collection<{ _id: string }>(POINTS_COLLECTION).where({ branchId }).orderBy('name', 'asc').orderBy('_id', 'asc').skip(from).limit(1).field({ _id: true }).get();
  return res.data.map((d) => d._id);
}

/** One page of the current phase; false when the phase has no more records. */
async function step(db: Database, st: StageDoc): Promise<void> {
  const unitFilter = st.unitType === 'point' ? { pointId: st.unitId } : { branchId: st.unitId };
  if (st.phase === 'learners') {
    const pointId = st.unitType === 'point' ? st.unitId : (await pointIdsOf(db, st.unitId, st.pointIndex))[0];
    if (!pointId) {
      Object.assign(st, { phase: 'courses', skip: 0 });
      return;
    }
    const res = await db
      .collection<LearnerDoc>(LEARNERS_COLLECTION)
      .where({ pointId })
      .orderBy('enrolledAt', 'desc')
      .orderBy('_id', 'asc')
      .skip(st.skip)
      .limit(PAGE)
      .field({ gender: true, birthYear: true, occupation: true })
      .get();
    for (const l of res.data) add(st.learners, learnerFields({ gender: l.gender, birthYear: l.birthYear, occupation: l.occupation }, 1));
    if (res.data.length === PAGE) st.skip += PAGE;
    else if (st.unitType === 'point') Object.assign(st, { phase: 'courses', skip: 0 });
    else Object.assign(st, { pointIndex: st.pointIndex + 1, skip: 0 });
    return;
  }
  const _ = db.command;
  const { from, to } = yearRange(st.year);
  if (st.phase === 'courses') {
    const res = await db
      .collection<{ _id: string; checkinCount?: number; heldMark?: string }>(COLLECTIONS.courses)
      .where({ ...unitFilter, startsAt: _.and(_.gte(from), _.lt(to)) })
      .orderBy('startsAt', 'asc')
      .orderBy('_id', 'asc')
      .skip(st.skip)
      .limit(PAGE)
      .field({ checkinCount: true, heldMark: true })
      .get();
    for (const c of res.data) if (c.heldMark === 'counted') add(st.figures, { checkedCourses: 1, attendances: c.checkinCount ?? 0 });
    if (res.data.length === PAGE) st.skip += PAGE;
    else Object.assign(st, { phase: 'hours', skip: 0 });
    return;
  }
  const res = await db
    .collection<{ _id: string; hours: number }>(COLLECTIONS.hourRecords)
    .where({ ...unitFilter, status: 'approved', year: st.year })
    .orderBy('startsAt', 'asc')
    .orderBy('_id', 'asc')
    .skip(st.skip)
    .limit(PAGE)
    .field({ hours: true })
    .get();
  for (const r of res.data) add(st.figures, { approvedTenths: tenths(r.hours) });
  if (res.data.length === PAGE) st.skip += PAGE;
  else st.phase = 'done';
}

export async function recount(db: Database, resolved: ResolvedUnit, p: RecountParams, actor: string, now: Date): Promise<RecountResult> {
  const { unit } = resolved;
  const unitType = unit.scope as 'point' | 'branch';
  const id = stageId(unit.unitId, p.year);
  const stages = db.collection<StageDoc>(STAT_COUNTERS);
  let st: StageDoc | undefined = p.restart ? undefined : (await stages.where({ _id: id }).limit(1).get()).data[0];
  if (!st) {
    st = { _id: id, kind: 'recount', unitType, unitId: unit.unitId, branchId: unit.branchId ?? unit.unitId, year: p.year, phase: 'learners', pointIndex: 0, skip: 0, learners: {}, figures: {}, startedBy: actor, startedAt: now };
  }
  for (let i = 0; i < PAGES_PER_CALL && st.phase !== 'done'; i++) await step(db, st);

  if (st.phase !== 'done') {
    const { _id, ...rest } = st;
    await stages.doc(_id).set({ data: rest });
    return { done: false, phase: st.phase, changes: [] };
  }

  const chain = unitType === 'point' ? { branchId: unit.branchId, pointId: unit.unitId } : { branchId: unit.unitId, pointId: null };
  const current = await db.collection<StatDoc>(STAT_COUNTERS).where({ _id: db.command.in([learnerDocId(unit.unitId), yearDocId(unit.unitId, p.year)]) }).limit(2).get();
  const byId = new Map(current.data.map((d) => [d._id, d]));
  const learnerDoc = byId.get(learnerDocId(unit.unitId));
  const yearDoc = byId.get(yearDocId(unit.unitId, p.year));
  // Every field either side knows: a field the records no longer support goes back to 0.
  const learnerKeys = new Set([...Object.keys(st.learners), ...Object.keys(learnerDoc ?? {}).filter((k) => /^(total|male|female|occ_.+|born_\d{4})$/.test(k))]);
  const yearKeys = ['checkedCourses', 'attendances', 'approvedTenths'];
  const was = { ...numbers(learnerDoc, learnerKeys) };
  const wasYear = numbers(yearDoc, yearKeys);
  const learnerDelta: Record<string, number> = {};
  const yearDelta: Record<string, number> = {};
  for (const k of learnerKeys) learnerDelta[k] = (st.learners[k] ?? 0) - was[k];
  for (const k of yearKeys) yearDelta[k] = (st.figures[k] ?? 0) - wasYear[k];
  await Promise.all([adjustCounters(db, chain, null, learnerDelta), adjustCounters(db, chain, p.year, yearDelta)]);
  await stages.where({ _id: id }).remove();

  const changes = [
    ...Object.entries(learnerDelta).filter(([, v]) => v !== 0).map(([field, delta]) => ({ field, before: was[field], after: was[field] + delta })),
    ...Object.entries(yearDelta).filter(([, v]) => v !== 0).map(([field, delta]) => ({ field, before: wasYear[field], after: wasYear[field] + delta })),
  ];
  if (changes.length) {
    await writeAudit(db, {
      actor,
      action: 'stats.recount',
      targetType: unitType,
      targetId: unit.unitId,
      scope: unitType === 'point' ? { branchId: unit.branchId ?? undefined, pointId: unit.unitId } : { branchId: unit.unitId },
      before: Object.fromEntries(changes.map((c) => [c.field, c.before])),
      after: Object.fromEntries(changes.map((c) => [c.field, c.after])),
    });
  }
  return { done: true, phase: 'done', changes };
}

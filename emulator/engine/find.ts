/**
 * Runs a find or count: SQL candidates from the planner, exact MongoDB filtering with mingo,
 * then sort / skip / limit. Reports how many stored rows SQLite visited to answer (docsExamined).
 */
import { decodeStored } from './codec';
import { compileQuery, sortDocs } from './mingo-kit';
import { reportPlan } from './metrics';
import { planQuery, planWhere, type Plan } from './planner';
import type { Row, Store } from './store';
import type { Doc, SortSpec } from './types';

export { sortDocs };

export interface FindSpec {
  query: Record<string, unknown>;
  sort?: SortSpec;
  offset?: number;
  /** Undefined means no limit. */
  limit?: number;
}

export interface Found {
  doc: Doc;
  version: number;
}

export interface FindResult {
  docs: Found[];
  examined: number;
}

export function selectSql(plan: Plan): string {
  return `SELECT _id, version, doc FROM ${plan.from} ${planWhere(plan, true)} ${plan.orderBy}`;
}

/** Runs `fn` and reports how many rows SQLite visited meanwhile. */
function counting<T>(store: Store, fn: () => T): { result: T; examined: number } {
  const before = store.examined;
  const result = fn();
  return { result, examined: store.examined - before };
}

function rowsOf(store: Store, plan: Plan): IterableIterator<Row> {
  return store.stmt(selectSql(plan)).iterate(...plan.params) as IterableIterator<Row>;
}

function runFind(store: Store, plan: Plan, spec: FindSpec, sort: SortSpec, offset: number, limit: number): Found[] {
  if (plan.sortSatisfied && plan.exact) {
    // SQL answers exactly and in order: let SQLite page too.
    const sql = `${selectSql(plan)} LIMIT ? OFFSET ?`;
    const rows = store.stmt(sql).all(...plan.params, Number.isFinite(limit) ? limit : -1, offset) as Row[];
    return rows.map((r) => ({ doc: decodeStored(r.doc), version: r.version }));
  }
  const matcher = compileQuery(spec.query);
  const out: Found[] = [];
  if (plan.sortSatisfied) {
    // Rows arrive in the requested order: stop as soon as the page is full.
    let skipped = 0;
    for (const row of rowsOf(store, plan)) {
      const doc = decodeStored(row.doc);
      if (!matcher.test(doc)) continue;
      if (skipped < offset) {
        skipped++;
        continue;
      }
      out.push({ doc, version: row.version });
      if (out.length >= limit) break;
    }
    return out;
  }
  for (const row of rowsOf(store, plan)) {
    const doc = decodeStored(row.doc);
    if (matcher.test(doc)) out.push({ doc, version: row.version });
  }
  const versions = new Map(out.map((f) => [f.doc, f.version]));
  const sorted = sortDocs(
    out.map((f) => f.doc),
    sort,
  );
  const page = sorted.slice(offset, Number.isFinite(limit) ? offset + limit : undefined);
  return page.map((doc) => ({ doc, version: versions.get(doc)! }));
}

export function findDocs(store: Store, coll: string, spec: FindSpec): FindResult {
  store.requireCollection(coll);
  const sort = spec.sort ?? [];
  const offset = Math.max(0, spec.offset ?? 0);
  const limit = spec.limit ?? Number.POSITIVE_INFINITY;
  if (limit <= 0) return { docs: [], examined: 0 };
  const plan = planQuery(store, coll, spec.query, sort);
  reportPlan(coll, plan.index, Object.keys(spec.query).length > 0 || sort.length > 0);
  const { result, examined } = counting(store, () => runFind(store, plan, spec, sort, offset, limit));
  return { docs: result, examined };
}

/**
 * Counts matches. When SQL alone is exact the count comes from the index without reading any
 * document (docsExamined 0, like MongoDB's COUNT_SCAN); otherwise candidates are filtered.
 */
export function countDocs(store: Store, coll: string, query: Record<string, unknown>): { total: number; examined: number } {
  store.requireCollection(coll);
  const plan = planQuery(store, coll, query);
  reportPlan(coll, plan.index, Object.keys(query).length > 0);
  if (plan.exact) {
    const total = store.stmt(`SELECT count(*) FROM ${plan.from} ${planWhere(plan, false)}`).pluck().get(...plan.params) as number;
    return { total, examined: 0 };
  }
  const matcher = compileQuery(query);
  const { result, examined } = counting(store, () => {
    let total = 0;
    for (const row of rowsOf(store, plan)) if (matcher.test(decodeStored(row.doc))) total++;
    return total;
  });
  return { total: result, examined };
}

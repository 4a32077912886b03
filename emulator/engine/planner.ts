/**
 * Chooses how SQLite produces the candidate rows of a query: the `_id` primary key, one declared
 * index (equality prefix, then an optional range on the next key, ORDER BY along the index), or a
 * table scan. Candidates are always a superset of the true matches; mingo filters them exactly
 * unless the plan says the SQL filter is already exact.
 */
import { extractConditions, type Cond } from './conditions';
import { indexName, quoteId, tableName } from './names';
import { prefilterExpr, RANK, rankExpr, valueExpr } from './sql-keys';
import type { Store } from './store';
import type { IndexSpec, SortSpec } from './types';

export interface Plan {
  /** `"table"` or `"table" INDEXED BY "index"`. */
  from: string;
  /** SQL conditions (ANDed); see planWhere. */
  conditions: string[];
  params: unknown[];
  /** `ORDER BY ...` or ''. */
  orderBy: string;
  /** The SQL row order is the requested sort order (trivially so when no sort is asked). */
  sortSatisfied: boolean;
  /** The SQL filter is exactly the query: no mingo post-filter needed. */
  exact: boolean;
  /** '_id_' for the primary key, the declared index name, or undefined for a scan. */
  index?: string;
}

const SQL_OP = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

interface Candidate {
  spec: IndexSpec;
  sql: string[];
  params: unknown[];
  used: Set<Cond>;
  score: number;
  orderBy: string | undefined;
}

function keyConds(field: string, cond: Cond, sql: string[], params: unknown[]): void {
  const r = rankExpr(field);
  const v = valueExpr(field);
  if (cond.op === 'eq') {
    const key = cond.keys[0];
    sql.push(`${r} = ?`);
    params.push(key.rank);
    if (key.value === null) sql.push(`${v} IS NULL`);
    else {
      sql.push(`${v} = ?`);
      params.push(key.value);
    }
  } else if (cond.op === 'in') {
    sql.push(`${r} = ?`, `${v} IN (${cond.keys.map(() => '?').join(', ')})`);
    params.push(cond.keys[0].rank, ...cond.keys.map((k) => k.value));
  }
}

/**
 * ORDER BY terms along an index. A field whose rank is pinned by `rank = ?` (the range key) is
 * ordered by value only: SQLite does not see that a constrained expression term is constant.
 */
function orderTerms(sort: SortSpec, rankPinned: string | undefined): string {
  return sort
    .map(([f, d]) => {
      const dir = d === -1 ? 'DESC' : 'ASC';
      const value = `${valueExpr(f)} ${dir}`;
      return f === rankPinned ? value : `${rankExpr(f)} ${dir}, ${value}`;
    })
    .join(', ');
}

function consider(store: Store, coll: string, spec: IndexSpec, conds: Cond[], sort: SortSpec): Candidate {
  const sql: string[] = [];
  const params: unknown[] = [];
  const used = new Set<Cond>();
  const pinned = new Set<string>();
  let inUsed = false;
  let score = 0;
  let j = 0;
  for (; j < spec.keys.length; j++) {
    const f = spec.keys[j].field;
    if (store.isComplex(coll, f)) break;
    const cond = conds.find((c) => c.field === f && c.op === 'eq') ?? conds.find((c) => c.field === f && c.op === 'in');
    if (!cond) break;
    keyConds(f, cond, sql, params);
    used.add(cond);
    score += 2;
    if (cond.op === 'eq') pinned.add(f);
    else inUsed = true;
  }
  let rangeField: string | undefined;
  if (j < spec.keys.length && !store.isComplex(coll, spec.keys[j].field)) {
    const f = spec.keys[j].field;
    const ranges = conds.filter((c) => c.field === f && c.op in SQL_OP);
    if (ranges.length > 0) {
      rangeField = f;
      const rank = ranges[0].keys[0].rank;
      sql.push(`${rankExpr(f)} = ?`);
      params.push(rank);
      for (const c of ranges) {
        if (c.keys[0].rank !== rank) continue;
        sql.push(`${valueExpr(f)} ${SQL_OP[c.op as keyof typeof SQL_OP]} ?`);
        params.push(c.keys[0].value);
        used.add(c);
      }
      score += 1;
    }
  }
  return { spec, sql, params, used, score, orderBy: indexOrder(store, coll, spec, sort, pinned, inUsed, rangeField) };
}

/** ORDER BY clause when the index yields the requested sort; '' when no sort is needed. */
function indexOrder(
  store: Store,
  coll: string,
  spec: IndexSpec,
  sort: SortSpec,
  pinned: Set<string>,
  inUsed: boolean,
  rangeField: string | undefined,
): string | undefined {
  const remaining = sort.filter(([f]) => !pinned.has(f));
  if (remaining.length === 0) return '';
  if (inUsed) return undefined;
  let start = 0;
  while (start < spec.keys.length && pinned.has(spec.keys[start].field)) start++;
  let flip = 0;
  for (let i = 0; i < remaining.length; i++) {
    const key = spec.keys[start + i];
    const [field, dir] = remaining[i];
    if (!key || key.field !== field || store.isComplex(coll, field)) return undefined;
    const f = key.direction === dir ? 1 : -1;
    if (flip === 0) flip = f;
    else if (flip !== f) return undefined;
  }
  return `ORDER BY ${orderTerms(remaining, rangeField)}`;
}

function idPlan(table: string, conds: Cond[]): Plan | undefined {
  const cond =
    conds.find((c) => c.field === '_id' && c.op === 'eq' && c.keys[0].rank === RANK.STRING) ??
    conds.find((c) => c.field === '_id' && c.op === 'in' && c.keys[0].rank === RANK.STRING);
  if (!cond) return undefined;
  const values = cond.keys.map((k) => k.value);
  return {
    from: quoteId(table),
    conditions: [cond.op === 'eq' ? '_id = ?' : `_id IN (${values.map(() => '?').join(', ')})`],
    params: values,
    orderBy: '',
    sortSatisfied: false,
    exact: false,
    index: '_id_',
  };
}

/** SQL pre-filters (supersets) for the conditions the chosen access path does not evaluate. */
function prefilters(conds: Cond[], used: Set<Cond>): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  for (const c of conds) {
    if (used.has(c) || c.field === '_id' || c.keys.some((k) => k.value === null)) continue;
    sql.push(prefilterExpr(c.field, c.op, c.keys.length));
    params.push(...c.keys.map((k) => k.value));
  }
  return { sql, params };
}

/**
 * The WHERE clause of a plan. With `countRows`, the first term is the store's `_examined()`
 * counter, which SQLite evaluates once per row the access path visits.
 */
export function planWhere(plan: Plan, countRows: boolean): string {
  const parts = countRows ? ['_examined()', ...plan.conditions] : plan.conditions;
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

/** Plans a query with an optional sort on one collection. */
export function planQuery(store: Store, coll: string, query: Record<string, unknown>, sort: SortSpec = []): Plan {
  const table = tableName(coll);
  const { conds, complete } = extractConditions(query);
  const byId = idPlan(table, conds);
  if (byId) return { ...byId, sortSatisfied: sort.length === 0 };

  let best: Candidate | undefined;
  for (const spec of store.indexesOf(coll)) {
    const c = consider(store, coll, spec, conds, sort);
    if (c.score === 0 && !(sort.length > 0 && c.orderBy)) continue;
    if (
      !best ||
      c.score > best.score ||
      (c.score === best.score && c.orderBy !== undefined && best.orderBy === undefined)
    ) {
      best = c;
    }
  }
  if (best) {
    const extra = prefilters(conds, best.used);
    return {
      from: `${quoteId(table)} INDEXED BY ${quoteId(indexName(coll, best.spec.name))}`,
      conditions: [...best.sql, ...extra.sql],
      params: [...best.params, ...extra.params],
      orderBy: best.orderBy ?? '',
      sortSatisfied: best.orderBy !== undefined,
      exact: complete && conds.every((c) => best!.used.has(c)),
      index: best.spec.name,
    };
  }
  const extra = prefilters(conds, new Set());
  return {
    from: quoteId(table),
    conditions: extra.sql,
    params: extra.params,
    orderBy: '',
    sortSatisfied: sort.length === 0,
    exact: complete && conds.length === 0,
  };
}

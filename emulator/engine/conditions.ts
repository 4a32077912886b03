/**
 * Extracts from a MongoDB query the top-level field conditions that SQL can evaluate: equality,
 * $in and ranges against scalar values (numbers, strings, booleans, Dates, null).
 */
import { isPlainObject } from './codec';
import { sqlKeyOf, type SqlKey } from './sql-keys';

export type CondOp = 'eq' | 'in' | 'gt' | 'gte' | 'lt' | 'lte';

export interface Cond {
  field: string;
  op: CondOp;
  keys: SqlKey[];
}

export interface Extracted {
  conds: Cond[];
  /** True when the conds are the whole query (nothing left that only mingo can evaluate). */
  complete: boolean;
}

const RANGE_OPS: Record<string, CondOp> = { $gt: 'gt', $gte: 'gte', $lt: 'lt', $lte: 'lte' };

function isOperatorObject(v: unknown): v is Record<string, unknown> {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

function extractField(field: string, value: unknown, out: Cond[]): boolean {
  if (!isOperatorObject(value)) {
    const key = sqlKeyOf(value);
    if (!key) return false;
    out.push({ field, op: 'eq', keys: [key] });
    return true;
  }
  let complete = true;
  for (const [op, operand] of Object.entries(value)) {
    if (op === '$eq') {
      const key = sqlKeyOf(operand);
      if (key) out.push({ field, op: 'eq', keys: [key] });
      else complete = false;
    } else if (op in RANGE_OPS) {
      const key = sqlKeyOf(operand);
      // Ranges against null or booleans stay with mingo (their Mongo semantics are unusual).
      if (key && key.value !== null && typeof operand !== 'boolean') out.push({ field, op: RANGE_OPS[op], keys: [key] });
      else complete = false;
    } else if (op === '$in' && Array.isArray(operand) && operand.length > 0) {
      const keys = operand.map(sqlKeyOf);
      if (keys.every((k): k is SqlKey => !!k && k.rank === keys[0]!.rank && k.value !== null)) {
        out.push({ field, op: 'in', keys });
      } else complete = false;
    } else complete = false;
  }
  return complete;
}

/** Conjunctive scalar conditions of a query; `complete` tells whether they say everything. */
export function extractConditions(query: Record<string, unknown>): Extracted {
  const conds: Cond[] = [];
  let complete = true;
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const sub of value) {
        if (!isPlainObject(sub)) {
          complete = false;
          continue;
        }
        const inner = extractConditions(sub);
        conds.push(...inner.conds);
        complete = complete && inner.complete;
      }
    } else if (key.startsWith('$')) {
      complete = false;
    } else if (!extractField(key, value, conds)) {
      complete = false;
    }
  }
  return { conds, complete };
}

/**
 * Operators registered with mingo in place of (or beside) its own where mingo 7 departs from
 * MongoDB / CloudBase:
 * - `$elemMatch` over plain values tests each element as a whole (mingo descends into nested arrays);
 * - `$mod` matches numbers only, truncating toward zero (mingo coerces null, strings, booleans);
 * - `$jsonSchema` validates with our own validator (mingo needs one configured);
 * - `$substr` / `$substrBytes` with a negative length take the rest of the string;
 * - `$week` counts weeks from the year's first Sunday (0 before it), as MongoDB does;
 * - `$indexOfCP`, which mingo lacks.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { invalidParam } from './errors';
import { compileSchema } from './json-schema';
import type { Doc } from './types';

type Predicate = (doc: Doc) => boolean;
type QueryOperator = (selector: string, value: any, options: any) => Predicate;
type ExpressionOperator = (obj: Doc, expr: any, options: any) => unknown;

const { Query } = require('mingo/query') as { Query: new (c: Doc, o?: unknown) => { test(d: unknown): boolean } };
const { evalExpr } = require('mingo/core') as { evalExpr: (obj: Doc, expr: unknown, options: unknown) => any };
const { resolve } = require('mingo/util') as { resolve: (obj: unknown, selector: string, opts?: { unwrapArray?: boolean }) => unknown };
const MINGO_EXPRESSION = require('mingo/operators/expression') as Record<string, ExpressionOperator>;

/** Operators that take the element itself as an array ($size, $all…), not as one value. */
const ARRAY_OPERATORS = new Set(['$size', '$all', '$elemMatch']);

function isOperatorCriteria(criteria: unknown): criteria is Record<string, unknown> {
  if (criteria === null || typeof criteria !== 'object' || Array.isArray(criteria)) return false;
  const keys = Object.keys(criteria);
  return keys.length > 0 && keys.every((k) => k.startsWith('$') && k !== '$and' && k !== '$or' && k !== '$nor');
}

const $elemMatch: QueryOperator = (selector, criteria, options) => {
  if (criteria === null || typeof criteria !== 'object' || Array.isArray(criteria)) throw invalidParam('$elemMatch needs an object');
  let test: (element: unknown) => boolean;
  if (isOperatorCriteria(criteria)) {
    // Value form (`_.elemMatch(_.gt(5))`): every condition applies to one element as a whole. An
    // element that is itself an array is wrapped once more, so that mingo does not look inside it.
    const q = new Query({ field: criteria }, options);
    const wholeArrays = Object.keys(criteria).some((k) => ARRAY_OPERATORS.has(k));
    test = (v) => q.test({ field: Array.isArray(v) && !wholeArrays ? [v] : v });
  } else {
    // Document form (`_.elemMatch({ x: 1 })`): only elements that are documents can match.
    const q = new Query(criteria, options);
    test = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && q.test(v);
  }
  return (doc) => {
    const values = resolve(doc, selector, { unwrapArray: true });
    return Array.isArray(values) && values.some(test);
  };
};

const $mod: QueryOperator = (selector, value) => {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    throw invalidParam('malformed mod, needs to be an array of two numbers');
  }
  const divisor = Math.trunc(value[0]);
  const remainder = Math.trunc(value[1]);
  if (divisor === 0) throw invalidParam('divisor cannot be 0');
  const test = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && Math.trunc(x) % divisor === remainder;
  return (doc) => {
    const v = resolve(doc, selector, { unwrapArray: true });
    return Array.isArray(v) ? v.some(test) : test(v);
  };
};

const $jsonSchema: QueryOperator = (_selector, schema) => {
  const validate = compileSchema(schema);
  return (doc) => validate(doc);
};

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** `$substrBytes` (and its alias `$substr`): a negative length means the rest of the string. */
function substrBytes(name: string): ExpressionOperator {
  const mingoOp = MINGO_EXPRESSION[name];
  return (obj, expr, options) => {
    if (!Array.isArray(expr) || expr.length !== 3) return mingoOp(obj, expr, options);
    const [s, start, length] = evalExpr(obj, expr, options) as [unknown, unknown, unknown];
    if (typeof length === 'number' && length < 0 && typeof start === 'number' && start >= 0) {
      const str = typeof s === 'string' ? s : s === null || s === undefined ? '' : s;
      const rest = typeof str === 'string' ? Math.max(0, utf8Length(str) - start) : 0;
      return mingoOp(obj, [{ $literal: str }, start, rest], options);
    }
    return mingoOp(obj, [{ $literal: s }, { $literal: start }, { $literal: length }], options);
  };
}

/** MongoDB's `$week`: 0–53, weeks start on Sunday, week 1 starts on the year's first Sunday. */
const $week: ExpressionOperator = (obj, expr, options) => {
  const dayOfYear = MINGO_EXPRESSION.$dayOfYear(obj, expr, options) as number | null;
  const dayOfWeek = MINGO_EXPRESSION.$dayOfWeek(obj, expr, options) as number | null;
  if (dayOfYear === null || dayOfYear === undefined || dayOfWeek === null || dayOfWeek === undefined) return null;
  // dayOfYear 1–366, dayOfWeek 1 (Sunday)–7
  return Math.floor((dayOfYear - dayOfWeek + 7) / 7);
};

/** `$indexOfCP`: index in code points of the first occurrence of a substring, or -1. */
const $indexOfCP: ExpressionOperator = (obj, expr, options) => {
  if (!Array.isArray(expr) || expr.length < 2 || expr.length > 4) throw invalidParam('$indexOfCP needs 2 to 4 arguments');
  const [s, search, start, end] = evalExpr(obj, expr, options) as unknown[];
  if (s === null || s === undefined) return null;
  if (typeof s !== 'string') throw invalidParam('$indexOfCP requires a string as the first argument');
  if (typeof search !== 'string') throw invalidParam('$indexOfCP requires a string as the second argument');
  const isIndex = (n: unknown) => n === undefined || (typeof n === 'number' && Number.isInteger(n) && n >= 0);
  if (!isIndex(start) || !isIndex(end)) throw invalidParam('$indexOfCP requires non-negative integer indexes');
  const chars = Array.from(s);
  const needle = Array.from(search);
  const from = (start as number | undefined) ?? 0;
  const to = Math.min((end as number | undefined) ?? chars.length, chars.length);
  for (let i = from; i + needle.length <= to; i++) {
    let k = 0;
    while (k < needle.length && chars[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
};

export const QUERY_OVERRIDES: Record<string, QueryOperator> = { $elemMatch, $mod, $jsonSchema };

export const EXPRESSION_OVERRIDES: Record<string, ExpressionOperator> = {
  $substr: substrBytes('$substr'),
  $substrBytes: substrBytes('$substrBytes'),
  $week,
  $indexOfCP,
};

/**
 * The parts of mingo the engine uses, built once. mingo's top-level `Query`/`update` copy every
 * operator table on each call (tens of microseconds per request), so the engine compiles queries
 * with a small prebuilt context and calls the update operators directly.
 *
 * mingo's subpath modules (its package "exports") are invisible to TypeScript's node10 module
 * resolution, hence the typed `require`s.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { update as fullUpdate } from 'mingo';
import { EXPRESSION_OVERRIDES, QUERY_OVERRIDES } from './operators';
import type { Doc } from './types';

interface Cursor {
  sort(spec: Record<string, 1 | -1>): Cursor;
  all(): Doc[];
}
interface CompiledQuery {
  test(doc: Doc): boolean;
  find(docs: Doc[], projection?: Doc): Cursor;
}
type QueryCtor = new (condition: Record<string, unknown>, options?: { context: unknown }) => CompiledQuery;
type UpdateOperator = (expr: Doc) => (doc: Doc) => string[];

const { Query } = require('mingo/query') as { Query: QueryCtor };
const { Aggregator } = require('mingo/aggregator') as {
  Aggregator: new (pipeline: Doc[], options: { context: unknown; collectionResolver: (name: string) => Doc[] }) => { run(docs: Doc[]): Doc[] };
};
const { Context } = require('mingo/core') as { Context: { init(ops: Record<string, unknown>): unknown } };
// Our operators replace mingo's of the same name (see operators.ts). Context.from would keep mingo's.
const QUERY_OPERATORS = { ...require('mingo/operators/query'), ...QUERY_OVERRIDES };
const EXPRESSION_OPERATORS = { ...require('mingo/operators/expression'), ...EXPRESSION_OVERRIDES };
const QUERY_CONTEXT = Context.init({
  query: QUERY_OPERATORS,
  expression: EXPRESSION_OPERATORS,
  projection: require('mingo/operators/projection'),
});
const PIPELINE_CONTEXT = Context.init({
  accumulator: require('mingo/operators/accumulator'),
  expression: EXPRESSION_OPERATORS,
  pipeline: require('mingo/operators/pipeline'),
  projection: require('mingo/operators/projection'),
  query: QUERY_OPERATORS,
  window: require('mingo/operators/window'),
});
const UPDATE_OPERATORS = require('mingo/operators/update') as Record<string, UpdateOperator>;

/** A compiled MongoDB query filter. */
export function compileQuery(query: Record<string, unknown>): CompiledQuery {
  return new Query(query, { context: QUERY_CONTEXT });
}

/** Runs an aggregation pipeline over documents; `$lookup` and the like read through `resolve`. */
export function runPipeline(pipeline: Doc[], docs: Doc[], resolve: (name: string) => Doc[]): Doc[] {
  return new Aggregator(pipeline, { context: PIPELINE_CONTEXT, collectionResolver: resolve }).run(docs);
}

/** Applies a projection (inclusion, exclusion, $slice, $elemMatch) to documents. */
export function projectDocs(docs: Doc[], projection: Doc): Doc[] {
  return compileQuery({}).find(docs, projection).all();
}

/** Sorts documents in MongoDB order (stable; identity preserved). */
export function sortDocs<T extends Doc>(docs: T[], sort: Array<[string, 1 | -1]>): T[] {
  if (sort.length === 0) return docs;
  return compileQuery({}).find(docs).sort(Object.fromEntries(sort)).all() as T[];
}

/**
 * Applies update operators in place. Positional paths (`a.$`, `a.$[]`, `a.$[x]`) need the query
 * condition and take mingo's full updater; the rest call the operators directly.
 */
export function updateInPlace(doc: Doc, modifier: Doc, condition: Record<string, unknown>): void {
  const positional = Object.values(modifier).some((expr) => expr && typeof expr === 'object' && Object.keys(expr).some((k) => k.includes('$')));
  if (positional) {
    fullUpdate(doc, modifier as any, undefined, condition as any);
    return;
  }
  const fns = Object.entries(modifier).map(([op, expr]) => {
    const factory = UPDATE_OPERATORS[op];
    if (typeof factory !== 'function' || !op.startsWith('$')) throw new Error(`Unknown update operator: '${op}'.`);
    return factory(expr);
  });
  for (const fn of fns) fn(doc);
}

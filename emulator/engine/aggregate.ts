/**
 * Aggregation: the stages the SDK sends ({stageKey, stageValue} JSON strings) run through mingo's
 * Aggregator. A leading $match is answered by the query planner (indexes apply); $lookup reads the
 * other collection from the store.
 */
import { normalizeQuery, parseEJSON } from './codec';
import { invalidParam } from './errors';
import { findDocs } from './find';
import { runPipeline } from './mingo-kit';
import { checkCollectionName } from './names';
import { resolveNowInExpression, resolveNowInQuery, resolveServerDates } from './server-date';
import type { Store } from './store';
import type { Doc } from './types';

export interface AggregateResult {
  docs: Doc[];
  examined: number;
}

export function parseStages(stages: unknown, now: number): Doc[] {
  if (!Array.isArray(stages)) throw invalidParam('stages must be a list');
  return stages.map((s: any) => {
    if (!s || typeof s.stageKey !== 'string' || !s.stageKey.startsWith('$')) throw invalidParam('bad aggregation stage');
    const value = typeof s.stageValue === 'string' ? parseEJSON(s.stageValue) : s.stageValue;
    const dated = resolveServerDates(value, now);
    const resolved = s.stageKey === '$match' ? resolveNowInQuery(dated, now) : resolveNowInExpression(dated, now);
    return { [s.stageKey]: normalizeQuery(resolved) };
  });
}

export function runAggregate(store: Store, coll: string, pipeline: Doc[]): AggregateResult {
  let examined = 0;
  const load = (name: string, query: Record<string, unknown>): Doc[] => {
    const r = findDocs(store, name, { query });
    examined += r.examined;
    return r.docs.map((f) => f.doc);
  };
  let stages = pipeline;
  let query: Record<string, unknown> = {};
  if (stages.length > 0 && stages[0].$match && typeof stages[0].$match === 'object') {
    query = stages[0].$match;
    stages = stages.slice(1);
  }
  const source = load(coll, query);
  const lookups = new Map<string, Doc[]>();
  const docs = runPipeline(stages, source, (name: string) => {
    // Like MongoDB's $lookup, a `from` collection that does not exist joins nothing.
    if (!lookups.has(name)) lookups.set(name, store.hasCollection(checkCollectionName(name)) ? load(name, {}) : []);
    return lookups.get(name)!;
  });
  return { docs, examined };
}

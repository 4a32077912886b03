/** Decoding of the request parameters @cloudbase/database sends. */
import { normalizeQuery, parseEJSON, isPlainObject } from './codec';
import { invalidParam } from './errors';
import { checkCollectionName } from './names';
import { resolveNowInQuery, resolveServerDates } from './server-date';
import type { Doc, SortSpec } from './types';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export function collectionOf(params: any): string {
  return checkCollectionName(params.collectionName);
}

/** The query filter, with server dates resolved and regular expressions made native. */
export function queryOf(params: any, now: number): Record<string, unknown> {
  const q = parseEJSON(params.query);
  if (q === undefined || q === null) return {};
  if (!isPlainObject(q)) throw invalidParam('query must be an object');
  return normalizeQuery(resolveNowInQuery(resolveServerDates(q, now), now));
}

/** The update or replacement document, with server dates resolved. */
export function dataOf(params: any, now: number): Doc {
  const d = parseEJSON(params.data);
  if (!isPlainObject(d)) throw invalidParam('data must be an object');
  return resolveServerDates(d, now);
}

export function sortOf(params: any): SortSpec {
  const o = parseEJSON(params.order);
  if (o === undefined || o === null) return [];
  const entries: Array<[string, unknown]> = Array.isArray(o)
    ? o.map((x: any) => [x.field, x.direction])
    : Object.entries(o as Record<string, unknown>);
  return entries.map(([field, dir]) => {
    if (typeof field !== 'string' || !field) throw invalidParam('bad orderBy field');
    const d = dir === -1 || dir === 'desc' ? -1 : dir === 1 || dir === 'asc' ? 1 : undefined;
    if (d === undefined) throw invalidParam(`bad orderBy direction for ${field}`);
    return [field, d];
  });
}

export function projectionOf(params: any): Doc | undefined {
  const p = parseEJSON(params.projection);
  if (p === undefined || p === null) return undefined;
  if (!isPlainObject(p)) throw invalidParam('projection must be an object');
  return Object.keys(p).length ? p : undefined;
}

export function limitOf(params: any): number {
  const l = Number(params.limit);
  if (!Number.isFinite(l) || l <= 0) return DEFAULT_LIMIT;
  return Math.min(Math.floor(l), MAX_LIMIT);
}

export function offsetOf(params: any): number {
  const o = Number(params.offset);
  return Number.isFinite(o) && o > 0 ? Math.floor(o) : 0;
}

/** The document id of a single-document query `{ _id: <id> }` (transactions need one). */
export function docIdOf(query: Record<string, unknown>): string | number {
  const keys = Object.keys(query);
  const id = query._id;
  if (keys.length !== 1 || (typeof id !== 'string' && typeof id !== 'number')) {
    throw invalidParam('transactions only support single-document operations (doc(id))');
  }
  return id;
}

/**
 * Replaces `{ $tcb_server_date: { offset } }` (db.serverDate()) with the server's current time, and
 * BSON timestamps (`{ $timestamp: { t, i } }`) with the Date of their seconds: CloudBase has no
 * timestamp type and answers them as dates.
 */
import { Timestamp } from 'bson';
import { isPlainObject } from './codec';

export function resolveServerDates<T>(value: T, now: number): T {
  if (value instanceof Timestamp) return new Date((value.getHighBits() >>> 0) * 1000) as unknown as T;
  if (Array.isArray(value)) return value.map((v) => resolveServerDates(v, now)) as unknown as T;
  if (!isPlainObject(value)) return value;
  const marker = value.$tcb_server_date;
  if (marker !== undefined && Object.keys(value).length === 1) {
    const offset = isPlainObject(marker) && typeof marker.offset === 'number' ? marker.offset : 0;
    return new Date(now + offset) as unknown as T;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = resolveServerDates(v, now);
  return out as T;
}

/** `$$NOW` in an aggregation expression, as the engine's time (mingo would read the wall clock). */
export function resolveNowInExpression<T>(value: T, now: number): T {
  if (value === '$$NOW') return { $literal: new Date(now) } as unknown as T;
  if (Array.isArray(value)) return value.map((v) => resolveNowInExpression(v, now)) as unknown as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === '$literal' ? v : resolveNowInExpression(v, now);
  return out as T;
}

/** `$$NOW` in a query filter: only `$expr` evaluates expressions; elsewhere it is a plain string. */
export function resolveNowInQuery<T>(value: T, now: number): T {
  if (Array.isArray(value)) return value.map((v) => resolveNowInQuery(v, now)) as unknown as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === '$expr' ? resolveNowInExpression(v, now) : resolveNowInQuery(v, now);
  return out as T;
}

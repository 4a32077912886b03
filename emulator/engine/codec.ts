/**
 * Value codecs: EJSON on the wire (what @cloudbase/database sends and expects), and the
 * stored JSON form in SQLite, where a Date is `{"$date": <ms>}` so it can be indexed and ordered.
 */
import { BSONRegExp, EJSON } from 'bson';
import { invalidParam } from './errors';
import { regexError, regexNullByteError, toJsRegExp } from './regex';
import type { Doc } from './types';

/** Parses a canonical or relaxed EJSON string (or passes an already parsed value through). */
export function parseEJSON(input: unknown): any {
  if (typeof input !== 'string') return input;
  if (input === '') return undefined;
  try {
    return EJSON.parse(input, { relaxed: true });
  } catch (e) {
    // bson's messages quote the offending value: answer without it.
    const message = (e as Error)?.message ?? '';
    if (/regex/i.test(message) && /null bytes/i.test(message)) throw regexNullByteError();
    if (/regex/i.test(message)) throw regexError('cannot compile');
    throw invalidParam('the request is not valid EJSON');
  }
}

/** One document as the SDK expects it in `data.list`: canonical EJSON so Dates round-trip. */
export function toEJSON(doc: unknown): string {
  return EJSON.stringify(doc as any, { relaxed: false });
}

function storedReplacer(this: any, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Date) return { $date: raw.getTime() };
  if (typeof raw === 'number' && !Number.isFinite(raw)) return { $numberDouble: String(raw) };
  if (raw instanceof RegExp) return { $regularExpression: { pattern: raw.source, options: raw.flags } };
  if (raw !== null && typeof raw === 'object' && typeof (raw as any)._bsontype === 'string') {
    return EJSON.serialize(raw, { relaxed: true });
  }
  return value;
}

/** Serializes a document to the stored JSON text. */
export function encodeStored(doc: Doc): string {
  return JSON.stringify(doc, storedReplacer);
}

function storedReviver(_key: string, value: any): any {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  if (typeof value.$date === 'number') return new Date(value.$date);
  for (const k in value) {
    if (k.charCodeAt(0) === 36 /* $ */) return EJSON.deserialize(value, { relaxed: true });
    break;
  }
  return value;
}

/** Parses stored JSON text back into a document (Dates as Date objects). */
export function decodeStored(text: string): Doc {
  // Fast path: no `$`-prefixed key means no special value to revive.
  if (text.indexOf('"$') === -1) return JSON.parse(text);
  return JSON.parse(text, storedReviver);
}

/** BSONRegExp (how EJSON parses db.RegExp) to a native RegExp mingo understands. */
function toNativeRegExp(re: BSONRegExp): RegExp {
  return toJsRegExp(re.pattern, re.options);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Deep copy of a query or pipeline with regular expressions made native for mingo. */
export function normalizeQuery<T>(value: T): T {
  if (value instanceof BSONRegExp) return toNativeRegExp(value) as unknown as T;
  if (Array.isArray(value)) return value.map((v) => normalizeQuery(v)) as unknown as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalizeQuery(v);
    if (typeof value.$regex === 'string') {
      // `{ $regex: '…', $options: '…' }`: compiled here, with PCRE translation and safe errors
      out.$regex = toJsRegExp(value.$regex, value.$options);
      delete out.$options;
    }
    return out as T;
  }
  return value;
}

export { isPlainObject };

/**
 * Applies CloudBase update requests to documents: operator updates ($set, $inc, $push, ...) with
 * mingo's updater, whole-document replacement (`set`), and the seed document of an upsert.
 */
import { decodeStored, encodeStored, isPlainObject } from './codec';
import { EngineError, invalidParam } from './errors';
import { updateInPlace } from './mingo-kit';
import type { Doc } from './types';

export function cloneDoc<T extends Doc>(doc: T): T {
  return decodeStored(encodeStored(doc)) as T;
}

export function isOperatorUpdate(data: Doc): boolean {
  return Object.keys(data).some((k) => k.startsWith('$'));
}

/** Applies an operator update to a copy of `doc` (`condition`: the query, for positional paths). */
export function applyOperators(doc: Doc, update: Doc, condition: Record<string, unknown>): Doc {
  const next = cloneDoc(doc);
  try {
    updateInPlace(next, update, condition);
  } catch (e) {
    throw new EngineError('DATABASE_REQUEST_FAILED', `update failed: ${(e as Error).message}`);
  }
  if (JSON.stringify(next._id) !== JSON.stringify(doc._id)) {
    throw invalidParam("Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  return next;
}

/** The document after a `merge:true` update (operators) or a `merge:false` replacement. */
export function applyUpdate(doc: Doc, data: Doc, merge: boolean, condition: Record<string, unknown>): Doc {
  if (merge) {
    if (!isOperatorUpdate(data)) return applyOperators(doc, { $set: data }, condition);
    return applyOperators(doc, data, condition);
  }
  if (isOperatorUpdate(data)) throw invalidParam('a replacement document cannot contain update operators');
  const { _id: _ignored, ...rest } = data;
  void _ignored;
  return { _id: doc._id, ...rest };
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const segs = path.split('.');
  let cur: any = doc;
  for (const seg of segs.slice(0, -1)) {
    if (!isPlainObject(cur[seg])) cur[seg] = {};
    cur = cur[seg];
  }
  cur[segs[segs.length - 1]] = value;
}

/** The equality fields of a query, as the seed document of an upsert. */
export function upsertSeed(query: Record<string, unknown>): Doc {
  const seed: Doc = {};
  const visit = (q: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(q)) {
      if (k === '$and' && Array.isArray(v)) v.forEach((s) => isPlainObject(s) && visit(s));
      else if (k.startsWith('$')) continue;
      else if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
        if ('$eq' in v) setPath(seed, k, v.$eq);
      } else if (!(v instanceof RegExp)) setPath(seed, k, v);
    }
  };
  visit(query);
  return seed;
}

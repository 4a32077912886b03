/**
 * The database actions @cloudbase/database sends through Db.reqClass#send, each answering the
 * `data` (or top-level fields) that the SDK reads from the response.
 */
import { EJSON } from 'bson';
import { encodeStored, isPlainObject, parseEJSON, toEJSON } from './codec';
import { duplicateKey, EngineError, invalidParam } from './errors';
import { parseStages, runAggregate } from './aggregate';
import { countDocs, findDocs } from './find';
import { newDocId } from './ids';
import { projectDocs } from './mingo-kit';
import { countExamined } from './metrics';
import {
  collectionOf,
  dataOf,
  docIdOf,
  limitOf,
  offsetOf,
  projectionOf,
  queryOf,
  sortOf,
} from './params';
import { resolveServerDates } from './server-date';
import type { Store } from './store';
import type { TransactionManager } from './transactions';
import type { Doc } from './types';
import { applyUpdate, upsertSeed } from './updater';

export type ActionResult = Record<string, unknown>;

function project(docs: Doc[], projection: Doc | undefined): Doc[] {
  if (!projection) return docs;
  return projectDocs(docs, projection);
}

function sameDoc(a: Doc, b: Doc): boolean {
  return encodeStored(a) === encodeStored(b);
}

function insertPayloads(params: any, now: number): Doc[] {
  const raw = Array.isArray(params.data) ? params.data : [params.data];
  if (raw.length === 0) throw invalidParam('nothing to insert');
  return raw.map((item: unknown) => {
    const doc = parseEJSON(item);
    if (!isPlainObject(doc)) throw invalidParam('each inserted document must be an object');
    const resolved = resolveServerDates(doc, now) as Doc;
    if (resolved._id === undefined) return { _id: newDocId(), ...resolved };
    return resolved;
  });
}

export class Actions {
  constructor(
    private readonly store: Store,
    private readonly txns: TransactionManager,
    private readonly clock: () => number,
  ) {}

  getDocument(params: any): ActionResult {
    const now = this.clock();
    const coll = collectionOf(params);
    const query = queryOf(params, now);
    const projection = projectionOf(params);
    if (params.transactionId) {
      const doc = this.txns.read(params.transactionId, coll, docIdOf(query));
      countExamined(doc ? 1 : 0);
      return { data: { list: project(doc ? [doc] : [], projection).map(toEJSON) } };
    }
    const limit = limitOf(params);
    const offset = offsetOf(params);
    const r = findDocs(this.store, coll, { query, sort: sortOf(params), offset, limit });
    countExamined(r.examined);
    const list = project(
      r.docs.map((f) => f.doc),
      projection,
    ).map(toEJSON);
    return { data: { list, limit, offset } };
  }

  calculateDocument(params: any): ActionResult {
    const r = countDocs(this.store, collectionOf(params), queryOf(params, this.clock()));
    countExamined(r.examined);
    return { data: { total: r.total } };
  }

  insertDocument(params: any): ActionResult {
    const coll = collectionOf(params);
    const docs = insertPayloads(params, this.clock());
    if (params.transactionId) {
      for (const doc of docs) {
        if (this.txns.read(params.transactionId, coll, doc._id)) throw duplicateKey(coll, '_id_', `_id: ${JSON.stringify(doc._id)}`);
        this.txns.write(params.transactionId, coll, doc._id, doc);
      }
    } else {
      this.store.transaction(() => docs.forEach((doc) => this.store.insert(coll, doc)));
    }
    return { data: { insertedIds: docs.map((d) => d._id) } };
  }

  modifyDocument(params: any): ActionResult {
    const r = this.modify(params, params.multi === true);
    return { data: { updated: r.updated, upsert_id: r.upsertId } };
  }

  modifyAndReturnDoc(params: any): ActionResult {
    const r = this.modify({ ...params, merge: true, upsert: false }, false);
    return { data: { updated: r.updated, doc: r.doc ? toEJSON(r.doc) : null } };
  }

  removeDocument(params: any): ActionResult {
    const coll = collectionOf(params);
    const query = queryOf(params, this.clock());
    if (params.transactionId) {
      const id = docIdOf(query);
      const current = this.txns.read(params.transactionId, coll, id);
      if (current) this.txns.write(params.transactionId, coll, id, null);
      return { data: { deleted: current ? 1 : 0 } };
    }
    const deleted = this.store.transaction(() => {
      const r = findDocs(this.store, coll, { query, limit: params.multi === true ? undefined : 1 });
      countExamined(r.examined);
      for (const f of r.docs) this.store.delete(coll, f.doc._id);
      return r.docs.length;
    });
    return { data: { deleted } };
  }

  aggregateDocuments(params: any): ActionResult {
    const r = runAggregate(this.store, collectionOf(params), parseStages(params.stages, this.clock()));
    countExamined(r.examined);
    return { data: { list: r.docs.map(toEJSON) } };
  }

  addCollection(params: any): ActionResult {
    const coll = collectionOf(params);
    if (!this.store.createCollection(coll)) {
      throw new EngineError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${coll} already exists`);
    }
    return {};
  }

  startTransaction(): ActionResult {
    return { transactionId: this.txns.start() };
  }

  commitTransaction(params: any): ActionResult {
    this.txns.commit(String(params.transactionId));
    return {};
  }

  abortTransaction(params: any): ActionResult {
    this.txns.abort(String(params.transactionId));
    return {};
  }

  /** Legacy transaction API: the document as an EJSON string in `data`. */
  getInTransaction(params: any): ActionResult {
    const doc = this.txns.read(String(params.transactionId), collectionOf(params), params._id);
    countExamined(doc ? 1 : 0);
    return { data: EJSON.stringify(doc, { relaxed: false }) };
  }

  updateDocInTransaction(params: any): ActionResult {
    const coll = collectionOf(params);
    const txnId = String(params.transactionId);
    const data = dataOf(params, this.clock());
    const current = this.txns.read(txnId, coll, params._id);
    if (params.upsert === true) {
      const { _id: _ignored, ...rest } = data;
      void _ignored;
      this.txns.write(txnId, coll, params._id, { _id: params._id, ...rest });
      return {
        updated: EJSON.stringify(current ? 1 : 0),
        upserted: current ? undefined : JSON.stringify([{ _id: params._id }]),
      };
    }
    if (!current) return { updated: EJSON.stringify(0) };
    this.txns.write(txnId, coll, params._id, applyUpdate(current, data, true, { _id: params._id }));
    return { updated: EJSON.stringify(1) };
  }

  deleteDocInTransaction(params: any): ActionResult {
    const coll = collectionOf(params);
    const txnId = String(params.transactionId);
    const current = this.txns.read(txnId, coll, params._id);
    if (current) this.txns.write(txnId, coll, params._id, null);
    return { deleted: EJSON.stringify(current ? 1 : 0) };
  }

  /** Shared body of modifyDocument / modifyAndReturnDoc. */
  private modify(params: any, multi: boolean): { updated: number; upsertId?: unknown; doc?: Doc } {
    const now = this.clock();
    const coll = collectionOf(params);
    const query = queryOf(params, now);
    const data = dataOf(params, now);
    const merge = params.merge !== false;
    const upsert = params.upsert === true;
    if (params.transactionId) {
      const id = docIdOf(query);
      const current = this.txns.read(params.transactionId, coll, id);
      if (current) {
        const next = applyUpdate(current, data, merge, query);
        // CloudBase counts a replacement (set) as an update even when nothing changed.
        const changed = !merge || !sameDoc(current, next);
        if (changed) this.txns.write(params.transactionId, coll, id, next);
        return { updated: changed ? 1 : 0, doc: next };
      }
      if (!upsert) return { updated: 0 };
      const doc = applyUpdate({ _id: id }, data, merge, query);
      this.txns.write(params.transactionId, coll, id, doc);
      return { updated: 0, upsertId: id, doc };
    }
    return this.store.transaction(() => {
      const found = findDocs(this.store, coll, { query, limit: multi ? undefined : 1 });
      countExamined(found.examined);
      let updated = 0;
      let last: Doc | undefined;
      for (const { doc } of found.docs) {
        const next = applyUpdate(doc, data, merge, query);
        last = next;
        // An unchanged operator update counts 0 (MongoDB's nModified); CloudBase counts a replacement (set) as 1.
        if (merge && sameDoc(doc, next)) continue;
        this.store.replace(coll, next);
        updated++;
      }
      if (found.docs.length > 0 || !upsert) return { updated, doc: last };
      const seed = upsertSeed(query);
      const id = seed._id !== undefined ? seed._id : newDocId();
      const doc = merge ? applyUpdate({ ...seed, _id: id }, data, true, query) : applyUpdate({ _id: id }, data, false, query);
      this.store.insert(coll, doc);
      return { updated: 0, upsertId: id, doc };
    });
  }
}

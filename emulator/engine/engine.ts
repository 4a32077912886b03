/**
 * The embedded database engine of the local cloud: answers the requests @cloudbase/database
 * sends (see actions.ts) from a SQLite file, atomically per request.
 */
import { Actions, type ActionResult } from './actions';
import { EngineError } from './errors';
import { newRequestId } from './ids';
import { loadIndexDeclaration } from './index-declaration';
import { countRead, countWrite } from './metrics';
import { queryOf, sortOf } from './params';
import { selectSql } from './find';
import { planQuery } from './planner';
import { Store } from './store';
import { TransactionManager } from './transactions';
import type { EngineOptions } from './types';

type Handler = (params: any) => ActionResult;

const READS = new Set(['getDocument', 'calculateDocument', 'aggregateDocuments', 'getInTransaction']);
const WRITES = new Set([
  'insertDocument',
  'modifyDocument',
  'modifyAndReturnDoc',
  'removeDocument',
  'commitTransaction',
  'updateDocInTransaction',
  'deleteDocInTransaction',
]);

export interface Explanation {
  /** '_id_', the declared index name, or undefined for a table scan. */
  index?: string;
  /** Whether SQL alone answers the filter (no post-filter). */
  exact: boolean;
  /** Whether rows stream in the requested order (sort + limit stops early). */
  sortSatisfied: boolean;
  sql: string;
  /** SQLite's EXPLAIN QUERY PLAN details. */
  queryPlan: string[];
}

export class Engine {
  private readonly store: Store;
  private readonly handlers: Record<string, Handler>;
  private readonly clock: () => number;

  /** `indexes` defaults to the project's declaration, database/indexes.json; its collections are created. */
  constructor(opts: EngineOptions) {
    const declaration = opts.indexes ?? loadIndexDeclaration();
    this.store = new Store(opts.filename, declaration);
    // A declared collection exists from the start, as after `npm run deploy:db` in CloudBase;
    // any other must be created (db.createCollection) before it can be read or written.
    if (opts.createCollections !== false) for (const name of Object.keys(declaration)) this.store.createCollection(name);
    this.clock = opts.now ?? Date.now;
    const txns = new TransactionManager(this.store, opts.transactionTimeoutMs ?? 10_000, this.clock);
    const actions = new Actions(this.store, txns, this.clock);
    const handlers: Record<string, Handler> = {};
    for (const name of Object.getOwnPropertyNames(Actions.prototype)) {
      const fn = (actions as any)[name];
      if (name !== 'constructor' && name !== 'modify' && typeof fn === 'function') handlers[name] = fn.bind(actions);
    }
    this.handlers = handlers;
  }

  /** Answers one request as the SDK's requester would: `{ requestId, data, ... }` or `{ code, message }`. */
  async request(action: string, params: any): Promise<any> {
    const requestId = newRequestId();
    const name = action.startsWith('database.') ? action.slice('database.'.length) : action;
    const handler = Object.prototype.hasOwnProperty.call(this.handlers, name) ? this.handlers[name] : undefined;
    if (!handler) return { requestId, code: 'INVALID_PARAM', message: `unsupported action: ${action}` };
    if (READS.has(name)) countRead();
    if (WRITES.has(name)) countWrite();
    try {
      return { requestId, ...handler(params ?? {}) };
    } catch (e) {
      if (e instanceof EngineError) return { requestId, code: e.code, message: e.message };
      return { requestId, code: 'SYS_ERR', message: `database engine error: ${(e as Error)?.message ?? String(e)}` };
    }
  }

  collectionNames(): string[] {
    return this.store.collectionNames();
  }

  /** How a query would run (for tests and diagnostics); query and order as the SDK encodes them. */
  explain(collection: string, query: Record<string, unknown>, order: Record<string, 1 | -1> = {}): Explanation {
    const q = queryOf({ query }, this.clock());
    const plan = planQuery(this.store, collection, q, sortOf({ order }));
    const sql = selectSql(plan);
    const rows = this.store.hasCollection(collection)
      ? (this.store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...plan.params) as Array<{ detail: string }>)
      : [];
    return { index: plan.index, exact: plan.exact, sortSatisfied: plan.sortSatisfied, sql, queryPlan: rows.map((r) => r.detail) };
  }

  close(): void {
    this.store.close();
  }
}

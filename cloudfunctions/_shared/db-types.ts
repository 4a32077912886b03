/**
 * Precise, promise-only types for the part of wx-server-sdk's database API this project uses.
 * The SDK's own declarations type every call as `Promise<T> | void | string` (callback style);
 * `database()` in ./cloud.ts hands out the real SDK object under these types.
 */

/** Any stored document. */
export type Doc = { _id: string } & Record<string, unknown>;

/** What every typed document has. */
export type DocShape = { _id: string };

/** A query or update command (`_.gt(1)`, `_.inc(1)`...): opaque values built by `db.command`. */
export interface DbCommandValue {
  readonly __brand?: 'DbCommandValue';
}

export interface DbCommand {
  eq(v: unknown): DbCommandValue;
  neq(v: unknown): DbCommandValue;
  gt(v: unknown): DbCommandValue;
  gte(v: unknown): DbCommandValue;
  lt(v: unknown): DbCommandValue;
  lte(v: unknown): DbCommandValue;
  in(v: unknown[]): DbCommandValue;
  nin(v: unknown[]): DbCommandValue;
  exists(v: boolean): DbCommandValue;
  size(n: number): DbCommandValue;
  all(v: unknown[]): DbCommandValue;
  elemMatch(v: object): DbCommandValue;
  and(...conditions: Array<object | DbCommandValue>): DbCommandValue;
  or(...conditions: Array<object | DbCommandValue>): DbCommandValue;
  nor(...conditions: Array<object | DbCommandValue>): DbCommandValue;
  not(condition: DbCommandValue): DbCommandValue;
  // Update operators.
  set(v: unknown): DbCommandValue;
  remove(): DbCommandValue;
  inc(n: number): DbCommandValue;
  mul(n: number): DbCommandValue;
  min(v: unknown): DbCommandValue;
  max(v: unknown): DbCommandValue;
  rename(to: string): DbCommandValue;
  push(v: unknown): DbCommandValue;
  pop(): DbCommandValue;
  shift(): DbCommandValue;
  unshift(v: unknown): DbCommandValue;
  pull(v: unknown): DbCommandValue;
  pullAll(v: unknown[]): DbCommandValue;
  addToSet(v: unknown): DbCommandValue;
  /** Aggregation expression operators (`$.sum(...)`), loosely typed. */
  aggregate: Record<string, (...args: unknown[]) => unknown>;
}

export interface ServerDate {
  readonly __brand?: 'ServerDate';
}

/** A value for a field in `add`, `set` or `update`: plain data, a command, or the server's time. */
export type WriteData = Record<string, unknown>;

export interface Query<T extends DocShape = Doc> {
  where(condition: object): Query<T>;
  orderBy(field: string, direction: 'asc' | 'desc'): Query<T>;
  limit(n: number): Query<T>;
  skip(n: number): Query<T>;
  field(projection: Record<string, boolean | number | object>): Query<T>;
  get(): Promise<{ data: T[] }>;
  count(): Promise<{ total: number }>;
  /** Conditional, atomic on each matched document. `stats.updated` is how many changed. */
  update(options: { data: WriteData; multi?: boolean }): Promise<{ stats: { updated: number } }>;
  remove(options?: { multi?: boolean }): Promise<{ stats: { removed: number } }>;
}

export interface DocumentRef<T extends DocShape = Doc> {
  field(projection: Record<string, boolean | number | object>): DocumentRef<T>;
  /** Rejects with "document with _id … does not exist" when missing. */
  get(): Promise<{ data: T }>;
  /** Replaces (or creates) the whole document. */
  set(options: { data: WriteData }): Promise<{ _id: string; stats: { updated: number; created: number } }>;
  update(options: { data: WriteData }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface Aggregate {
  match(v: object): Aggregate;
  group(v: object): Aggregate;
  sort(v: Record<string, 1 | -1>): Aggregate;
  skip(n: number): Aggregate;
  limit(n: number): Aggregate;
  project(v: object): Aggregate;
  lookup(v: object): Aggregate;
  unwind(v: string | object): Aggregate;
  count(field: string): Aggregate;
  addFields(v: object): Aggregate;
  end(): Promise<{ list: Record<string, unknown>[] }>;
}

export interface Collection<T extends DocShape = Doc> extends Query<T> {
  doc(id: string): DocumentRef<T>;
  /** With an `_id` in data, a duplicate fails with a duplicate-key error (see isDuplicateKeyError). */
  add(options: { data: WriteData }): Promise<{ _id: string }>;
  aggregate(): Aggregate;
}

export interface TransactionCollection<T extends DocShape = Doc> {
  doc(id: string): {
    get(): Promise<{ data: T }>;
    set(options: { data: WriteData }): Promise<unknown>;
    update(options: { data: WriteData }): Promise<{ stats: { updated: number } }>;
    remove(): Promise<unknown>;
  };
  add(options: { data: WriteData }): Promise<{ _id: string }>;
}

export interface Transaction {
  collection<T extends DocShape = Doc>(name: string): TransactionCollection<T>;
  commit(): Promise<unknown>;
  rollback(reason?: unknown): Promise<unknown>;
}

export interface Database {
  readonly command: DbCommand;
  serverDate(options?: { offset?: number }): ServerDate;
  RegExp(options: { regexp: string; options?: string }): object;
  collection<T extends DocShape = Doc>(name: string): Collection<T>;
  /** Retries on conflict; a throw in `run` aborts. */
  runTransaction<R>(run: (tx: Transaction) => Promise<R>, retries?: number): Promise<R>;
  startTransaction(): Promise<Transaction>;
  createCollection(name: string): Promise<unknown>;
}

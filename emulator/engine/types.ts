/** One key of a declared index: a dotted field path and its direction. */
export interface IndexKey {
  field: string;
  direction: 1 | -1;
}

/** A declared index of one collection (database/indexes.json). */
export interface IndexSpec {
  name: string;
  keys: IndexKey[];
  unique?: boolean;
}

/** Declared indexes per collection name. */
export type IndexDeclaration = Record<string, IndexSpec[]>;

/** A document as the engine handles it in memory (Dates as Date objects). */
export type Doc = Record<string, any>;

/** Sort specification in MongoDB form, keys in priority order. */
export type SortSpec = Array<[field: string, direction: 1 | -1]>;

export interface EngineOptions {
  /** SQLite file path, or ':memory:'. */
  filename: string;
  indexes?: IndexDeclaration;
  /**
   * Whether the declared collections exist from the start (default true), as after
   * `npm run deploy:db` in CloudBase; false: an environment where nothing was created yet.
   */
  createCollections?: boolean;
  /** Idle time after which an open transaction expires (default 10 000 ms). */
  transactionTimeoutMs?: number;
  /**
   * The engine's clock in epoch ms (default Date.now): server dates (db.serverDate()), `$$NOW`,
   * and transaction idle times all read it, so a local cloud can move the database's time.
   */
  now?: () => number;
}

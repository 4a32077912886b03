/**
 * SQLite storage: one table per collection (`_id` primary key, a version, the document as JSON),
 * the declared indexes as expression indexes, and per indexed path a sticky flag telling whether
 * that path ever held an array or an object (which makes SQL pushdown on it unsafe).
 */
import Database from 'better-sqlite3';
import { encodeStored } from './codec';
import { collectionNotExist, duplicateKey, EngineError } from './errors';
import { checkCollectionName, indexName, quoteId, tableName } from './names';
import { complexExpr, isComplexAt, rankExpr, valueExpr } from './sql-keys';
import type { Doc, IndexDeclaration, IndexSpec } from './types';

export interface Row {
  _id: string;
  version: number;
  doc: string;
}

/** The `_id` column value of a document id (ids may be numbers in the SDK). */
export function idKey(id: unknown): string {
  return typeof id === 'string' ? id : JSON.stringify(id);
}

/** Told of every document write (after it happened), with the row as it was before. */
export interface WriteObserver {
  /** Whether anything is watching (otherwise the previous row is not even read). */
  active(): boolean;
  written(coll: string, id: unknown, before: Row | undefined): void;
}

export class Store {
  readonly db: Database.Database;
  writeObserver?: WriteObserver;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly existing = new Set<string>();
  /** collection -> indexed path -> ever held a non-scalar. */
  private readonly complex = new Map<string, Map<string, boolean>>();
  private versionSeq = Date.now() * 1000;
  /** Rows visited by queries whose WHERE starts with `_examined()` (see planner). */
  examined = 0;

  constructor(
    filename: string,
    private readonly indexes: IndexDeclaration,
  ) {
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.function('_examined', { deterministic: false }, () => {
      this.examined++;
      return 1;
    });
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS _engine_paths (coll TEXT NOT NULL, path TEXT NOT NULL, complex INTEGER NOT NULL, PRIMARY KEY (coll, path))',
    );
    const tables = this.db
      .prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'c\\_%' ESCAPE '\\'`)
      .pluck()
      .all() as string[];
    for (const t of tables) this.existing.add(t.slice(2));
    for (const coll of this.existing) this.prepareCollection(coll);
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  /** A cached prepared statement. */
  stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  nextVersion(): number {
    return ++this.versionSeq;
  }

  /** The version of the latest write: every row written later has a higher one. */
  currentVersion(): number {
    return this.versionSeq;
  }

  /** Runs a write, telling the observer (if watching) what the row was before. */
  private observed<T>(coll: string, id: unknown, exists: boolean, write: () => T): T {
    const observer = this.writeObserver?.active() ? this.writeObserver : undefined;
    const before = observer && exists ? this.getRow(coll, id) : undefined;
    const result = write();
    // A replace or delete of a row that was not there changed nothing.
    if (observer && (!exists || before)) observer.written(coll, id, before);
    return result;
  }

  collectionNames(): string[] {
    return [...this.existing].sort();
  }

  hasCollection(coll: string): boolean {
    return this.existing.has(coll);
  }

  indexesOf(coll: string): IndexSpec[] {
    return this.indexes[coll] ?? [];
  }

  /** Whether pushdown on this indexed path is unsafe (it held an array or object). */
  isComplex(coll: string, path: string): boolean {
    return this.complex.get(coll)?.get(path) ?? true;
  }

  /** Creates the collection's table (and indexes); false when it already existed. */
  createCollection(coll: string): boolean {
    checkCollectionName(coll);
    if (this.existing.has(coll)) return false;
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${quoteId(tableName(coll))} (_id TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL)`,
    );
    this.existing.add(coll);
    this.prepareCollection(coll);
    return true;
  }

  /** Fails like CloudBase (DATABASE_COLLECTION_NOT_EXIST) unless the collection was created. */
  requireCollection(coll: string): void {
    if (!this.existing.has(coll)) throw collectionNotExist();
  }

  getRow(coll: string, id: unknown): Row | undefined {
    if (!this.existing.has(coll)) return undefined;
    return this.stmt(`SELECT _id, version, doc FROM ${quoteId(tableName(coll))} WHERE _id = ?`).get(idKey(id)) as
      | Row
      | undefined;
  }

  /** Inserts a document; a duplicate `_id` or unique key fails with E11000. Returns its version. */
  insert(coll: string, doc: Doc): number {
    this.requireCollection(coll);
    this.trackComplex(coll, doc);
    const version = this.nextVersion();
    this.observed(coll, doc._id, false, () =>
      this.guardUnique(coll, doc, () =>
        this.stmt(`INSERT INTO ${quoteId(tableName(coll))} (_id, version, doc) VALUES (?, ?, ?)`).run(
          idKey(doc._id),
          version,
          encodeStored(doc),
        ),
      ),
    );
    return version;
  }

  /** Replaces the stored document with the same `_id`. Returns its new version. */
  replace(coll: string, doc: Doc): number {
    this.trackComplex(coll, doc);
    const version = this.nextVersion();
    this.observed(coll, doc._id, true, () =>
      this.guardUnique(coll, doc, () =>
        this.stmt(`UPDATE ${quoteId(tableName(coll))} SET version = ?, doc = ? WHERE _id = ?`).run(
          version,
          encodeStored(doc),
          idKey(doc._id),
        ),
      ),
    );
    return version;
  }

  delete(coll: string, id: unknown): boolean {
    if (!this.existing.has(coll)) return false;
    return this.observed(coll, id, true, () => this.stmt(`DELETE FROM ${quoteId(tableName(coll))} WHERE _id = ?`).run(idKey(id)).changes > 0);
  }

  private guardUnique(coll: string, doc: Doc, write: () => void): void {
    try {
      write();
    } catch (e: any) {
      if (e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || (e?.code === 'SQLITE_CONSTRAINT_UNIQUE' && /\._id$/.test(e.message))) {
        throw duplicateKey(coll, '_id_', `_id: ${JSON.stringify(doc._id)}`);
      }
      if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE') {
        const prefix = indexName(coll, '');
        const m = /index '([^']+)'/.exec(e.message);
        const name = m && m[1].startsWith(prefix) ? m[1].slice(prefix.length) : 'unique';
        const spec = this.indexesOf(coll).find((s) => s.name === name);
        const key = spec ? spec.keys.map((k) => `${k.field}: ${JSON.stringify(pick(doc, k.field) ?? null)}`).join(', ') : '';
        throw duplicateKey(coll, name, key);
      }
      throw e;
    }
  }

  private trackComplex(coll: string, doc: Doc): void {
    const flags = this.complex.get(coll);
    if (!flags) return;
    for (const [path, complex] of flags) {
      if (!complex && isComplexAt(doc, path)) {
        flags.set(path, true);
        this.stmt('UPDATE _engine_paths SET complex = 1 WHERE coll = ? AND path = ?').run(coll, path);
      }
    }
  }

  /** Brings the collection's SQLite indexes in line with the declaration and loads path flags. */
  private prepareCollection(coll: string): void {
    const table = tableName(coll);
    const specs = this.indexesOf(coll);
    const wanted = new Map(specs.map((s) => [indexName(coll, s.name), indexSql(coll, s)]));
    const present = this.db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name = ? AND name LIKE 'ix\\_\\_%' ESCAPE '\\'`)
      .all(table) as Array<{ name: string; sql: string }>;
    for (const { name, sql } of present) {
      if (wanted.get(name) !== sql) this.db.exec(`DROP INDEX ${quoteId(name)}`);
      else wanted.delete(name);
    }
    for (const [name, sql] of wanted) {
      try {
        this.db.exec(sql);
      } catch (e: any) {
        throw new EngineError('DATABASE_REQUEST_FAILED', `cannot create index ${name}: ${e.message}`);
      }
    }
    const flags = new Map<string, boolean>();
    const known = new Map(
      (this.db.prepare('SELECT path, complex FROM _engine_paths WHERE coll = ?').all(coll) as Array<{ path: string; complex: number }>).map(
        (r) => [r.path, r.complex === 1],
      ),
    );
    for (const spec of specs) {
      for (const { field } of spec.keys) {
        if (flags.has(field)) continue;
        let complex = known.get(field);
        if (complex === undefined) {
          complex = this.db.prepare(`SELECT EXISTS(SELECT 1 FROM ${quoteId(table)} WHERE ${complexExpr(field)}) AS x`).pluck().get() === 1;
          this.db.prepare('INSERT OR REPLACE INTO _engine_paths (coll, path, complex) VALUES (?, ?, ?)').run(coll, field, complex ? 1 : 0);
        }
        flags.set(field, complex);
      }
    }
    this.complex.set(coll, flags);
  }
}

function pick(doc: Doc, path: string): unknown {
  let v: any = doc;
  for (const seg of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[seg];
  }
  return v;
}

/** The CREATE INDEX statement of a declared index: (rank, value) per key. */
export function indexSql(coll: string, spec: IndexSpec): string {
  const cols = spec.keys
    .map((k) => {
      const dir = k.direction === -1 ? ' DESC' : '';
      return `${rankExpr(k.field)}${dir}, ${valueExpr(k.field)}${dir}`;
    })
    .join(', ');
  return `CREATE ${spec.unique ? 'UNIQUE ' : ''}INDEX ${quoteId(indexName(coll, spec.name))} ON ${quoteId(tableName(coll))} (${cols})`;
}

/**
 * Optimistic transactions over single documents, with CloudBase's snapshot semantics. A
 * transaction reads every document as it was when the transaction started (its own buffered
 * writes first): while transactions are open, the store tells them of each write, and each keeps
 * the previous state of the documents it had not touched yet. Writing a document that changed
 * since the start (or since the transaction read it) fails at once, and so does touching a
 * document another open transaction wrote (DATABASE_TRANSACTION_CONFLICT). At commit the versions
 * of everything read or written are validated again, and all writes apply in one SQLite transaction.
 */
import { decodeStored } from './codec';
import { EngineError, transactionConflict } from './errors';
import { newDocId } from './ids';
import { idKey, type Row, type Store } from './store';
import { cloneDoc } from './updater';
import type { Doc } from './types';

interface Touched {
  coll: string;
  id: unknown;
  /** Version the transaction saw (its start state); null when the document did not exist. */
  baseVersion: number | null;
  /** The document as first read (repeatable reads); undefined when only written. */
  snapshot?: Doc | null;
}

/** A document as it was at a transaction's start. */
interface Preserved {
  version: number | null;
  doc: Doc | null;
}

interface Txn {
  id: string;
  lastActive: number;
  /** Store version at start: rows with a higher version were written after it. */
  startVersion: number;
  touched: Map<string, Touched>;
  /** Buffered writes: the new document, or null for a delete. */
  writes: Map<string, Doc | null>;
  /** Start state of documents written by others since the start, before this transaction touched them. */
  preserved: Map<string, Preserved>;
}

function keyOf(coll: string, id: unknown): string {
  return `${coll}\u0000${idKey(id)}`;
}

/** CloudBase's answer for a transaction committed, rolled back or expired. */
function transactionNotExist(): EngineError {
  return new EngineError(
    'DATABASE_TRANSACTION_FAIL',
    '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.',
  );
}

export class TransactionManager {
  private readonly open = new Map<string, Txn>();
  /** Document key -> id of the open transaction that wrote it. */
  private readonly writers = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly timeoutMs: number,
    private readonly clock: () => number,
  ) {
    store.writeObserver = {
      active: () => this.open.size > 0,
      written: (coll, id, before) => this.preserve(coll, id, before),
    };
  }

  start(): string {
    this.sweep();
    const id = newDocId();
    this.open.set(id, {
      id,
      lastActive: this.clock(),
      startVersion: this.store.currentVersion(),
      touched: new Map(),
      writes: new Map(),
      preserved: new Map(),
    });
    return id;
  }

  /** The document as the transaction sees it (its own writes first, else its start state), or null. */
  read(txnId: string, coll: string, id: unknown): Doc | null {
    const txn = this.use(txnId);
    this.store.requireCollection(coll);
    const key = keyOf(coll, id);
    this.guard(txn, key, coll, id);
    if (txn.writes.has(key)) {
      const doc = txn.writes.get(key)!;
      return doc && cloneDoc(doc);
    }
    const seen = txn.touched.get(key);
    if (seen && seen.snapshot !== undefined) return seen.snapshot && cloneDoc(seen.snapshot);
    const base = this.startState(txn, key, coll, id);
    txn.touched.set(key, { coll, id, baseVersion: seen ? seen.baseVersion : base.version, snapshot: base.doc });
    return base.doc && cloneDoc(base.doc);
  }

  /** Buffers a write (a document, or null to delete); fails at once if the document changed since the transaction saw it. */
  write(txnId: string, coll: string, id: unknown, doc: Doc | null): void {
    const txn = this.use(txnId);
    this.store.requireCollection(coll);
    const key = keyOf(coll, id);
    this.guard(txn, key, coll, id);
    const seen = txn.touched.get(key);
    const baseVersion = seen ? seen.baseVersion : this.startState(txn, key, coll, id).version;
    const row = this.store.getRow(coll, id);
    if ((row ? row.version : null) !== baseVersion) throw transactionConflict(`${coll}/${String(id)} was changed by another writer`);
    if (!seen) txn.touched.set(key, { coll, id, baseVersion });
    txn.writes.set(key, doc && cloneDoc(doc));
    this.writers.set(key, txn.id);
  }

  /** Validates and applies the transaction; it is gone afterwards either way. */
  commit(txnId: string): number {
    const txn = this.use(txnId);
    try {
      return this.store.transaction(() => {
        for (const t of txn.touched.values()) {
          const row = this.store.getRow(t.coll, t.id);
          if ((row ? row.version : null) !== t.baseVersion) {
            throw transactionConflict(`${t.coll}/${String(t.id)} was changed by another writer`);
          }
        }
        let applied = 0;
        for (const [key, doc] of txn.writes) {
          const t = txn.touched.get(key)!;
          const exists = this.store.getRow(t.coll, t.id) !== undefined;
          if (doc === null) {
            if (exists) this.store.delete(t.coll, t.id);
          } else if (exists) this.store.replace(t.coll, doc);
          else this.store.insert(t.coll, doc);
          applied++;
        }
        return applied;
      });
    } finally {
      this.discard(txn);
    }
  }

  abort(txnId: string): void {
    const txn = this.open.get(txnId);
    if (txn) this.discard(txn);
  }

  private use(txnId: string): Txn {
    this.sweep();
    const txn = this.open.get(txnId);
    if (!txn) throw transactionNotExist();
    txn.lastActive = this.clock();
    return txn;
  }

  private guard(txn: Txn, key: string, coll: string, id: unknown): void {
    const holder = this.writers.get(key);
    if (holder !== undefined && holder !== txn.id) {
      throw transactionConflict(`${coll}/${String(id)} is being written by another transaction`);
    }
  }

  /** The document as it was when the transaction started. */
  private startState(txn: Txn, key: string, coll: string, id: unknown): Preserved {
    const kept = txn.preserved.get(key);
    if (kept) return kept;
    const row = this.store.getRow(coll, id);
    // Written after the start without a preserved state: it did not exist at the start.
    if (row && row.version > txn.startVersion) return { version: null, doc: null };
    return row ? { version: row.version, doc: decodeStored(row.doc) } : { version: null, doc: null };
  }

  /** A write happened: open transactions that had not touched the document keep its start state. */
  private preserve(coll: string, id: unknown, before: Row | undefined): void {
    const key = keyOf(coll, id);
    for (const txn of this.open.values()) {
      if (txn.touched.has(key) || txn.preserved.has(key)) continue;
      const existed = before !== undefined && before.version <= txn.startVersion;
      txn.preserved.set(key, existed ? { version: before.version, doc: decodeStored(before.doc) } : { version: null, doc: null });
    }
  }

  private discard(txn: Txn): void {
    this.open.delete(txn.id);
    for (const key of txn.writes.keys()) {
      if (this.writers.get(key) === txn.id) this.writers.delete(key);
    }
  }

  /** Drops transactions idle for longer than the timeout. */
  private sweep(): void {
    const limit = this.clock() - this.timeoutMs;
    for (const txn of this.open.values()) if (txn.lastActive < limit) this.discard(txn);
  }
}

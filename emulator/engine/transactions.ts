/**
 * Optimistic transactions over single documents. A transaction buffers its writes (its reads see
 * them) and reads a document the same way every time (a snapshot taken at first touch). It
 * remembers the version of every document it touched, and at commit validates those
 * versions and applies everything in one SQLite transaction. A document written by one open
 * transaction cannot be read or written by another (DATABASE_TRANSACTION_CONFLICT).
 */
import { decodeStored } from './codec';
import { EngineError, transactionConflict } from './errors';
import { newDocId } from './ids';
import { idKey, type Store } from './store';
import { cloneDoc } from './updater';
import type { Doc } from './types';

interface Touched {
  coll: string;
  id: unknown;
  /** Version when first touched; null when the document did not exist. */
  baseVersion: number | null;
  /** The document as first read (repeatable reads); undefined when only written. */
  snapshot?: Doc | null;
}

interface Txn {
  id: string;
  lastActive: number;
  touched: Map<string, Touched>;
  /** Buffered writes: the new document, or null for a delete. */
  writes: Map<string, Doc | null>;
}

function keyOf(coll: string, id: unknown): string {
  return `${coll}\u0000${idKey(id)}`;
}

export class TransactionManager {
  private readonly open = new Map<string, Txn>();
  /** Document key -> id of the open transaction that wrote it. */
  private readonly writers = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly timeoutMs: number,
    private readonly clock: () => number,
  ) {}

  start(): string {
    this.sweep();
    const id = newDocId();
    this.open.set(id, { id, lastActive: this.clock(), touched: new Map(), writes: new Map() });
    return id;
  }

  /** The document as the transaction sees it (its own writes first), or null. */
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
    // First read: remember the version (validated at commit) and the document itself, so that
    // reading again returns the same snapshot even if another writer commits meanwhile.
    const row = this.store.getRow(coll, id);
    const snapshot = row ? decodeStored(row.doc) : null;
    txn.touched.set(key, { coll, id, baseVersion: row ? row.version : null, snapshot });
    return snapshot && cloneDoc(snapshot);
  }

  /** Buffers a write (a document, or null to delete). */
  write(txnId: string, coll: string, id: unknown, doc: Doc | null): void {
    const txn = this.use(txnId);
    this.store.requireCollection(coll);
    const key = keyOf(coll, id);
    this.guard(txn, key, coll, id);
    if (!txn.touched.has(key)) {
      const row = this.store.getRow(coll, id);
      txn.touched.set(key, { coll, id, baseVersion: row ? row.version : null });
    }
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
    if (!txn) throw new EngineError('DATABASE_TRANSACTION_FAIL', `transaction ${txnId} does not exist or has expired`);
    txn.lastActive = this.clock();
    return txn;
  }

  private guard(txn: Txn, key: string, coll: string, id: unknown): void {
    const holder = this.writers.get(key);
    if (holder !== undefined && holder !== txn.id) {
      throw transactionConflict(`${coll}/${String(id)} is being written by another transaction`);
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

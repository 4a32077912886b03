/**
 * The database helpers every function uses: a document by id with the missing-document case,
 * transactions with retry on conflicts. (Paging: ./paging.ts.)
 */
import { isMissingDocumentError, type Database } from './cloud';
import type { Transaction } from './db-types';
import { notFound } from './errors';

/** A document by `_id`, or null (CloudBase's `doc(id).get()` rejects for a missing id). One read. */
export async function findById<T extends { _id: string }>(db: Database, collection: string, id: string): Promise<T | null> {
  try {
    return (await db.collection<T>(collection).doc(id).get()).data ?? null;
  } catch (error) {
    if (isMissingDocumentError(error)) return null;
    throw error;
  }
}

/** A document by `_id`, or NOT_FOUND with the message a resident reads. One read. */
export async function loadById<T extends { _id: string }>(db: Database, collection: string, id: string, missing: string): Promise<T> {
  const doc = await findById<T>(db, collection, id);
  if (!doc) throw notFound(missing);
  return doc;
}

/** A document read inside a transaction, or null when it does not exist. */
export async function txGet<T extends { _id: string }>(tx: Transaction, collection: string, id: string): Promise<T | null> {
  try {
    const res = await tx.collection<T>(collection).doc(id).get();
    return res.data ?? null;
  } catch (error) {
    if (isMissingDocumentError(error)) return null;
    throw error;
  }
}

function isTransactionConflict(error: unknown): boolean {
  const e = error as { code?: unknown; errCode?: unknown; message?: unknown; errMsg?: unknown } | undefined;
  const text = [e?.code, e?.errCode, e?.message, e?.errMsg, typeof error === 'string' ? error : ''].map((v) => String(v ?? '')).join(' ');
  // CloudBase through wx-server-sdk: "...-501001 resource system error. [ResourceUnavailable.TransactionConflict] Transaction is conflict..." (no code).
  return /TRANSACTION_CONFLICT|TransactionConflict|transaction (is )?conflict|WriteConflict/i.test(text);
}

/**
 * Runs `work` in a database transaction, retrying on write conflicts with a short jittered
 * backoff (the SDK's own runTransaction gives up after 3 retries, too few for a burst of taps).
 */
export async function transact<R>(db: Database, work: (tx: Transaction) => Promise<R>, attempts = 12): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.runTransaction(work);
    } catch (error) {
      if (attempt >= attempts || !isTransactionConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 10 * attempt)));
    }
  }
}

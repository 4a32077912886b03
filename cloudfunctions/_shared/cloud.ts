import * as cloud from 'wx-server-sdk';
import type { Database } from './db-types';

// DYNAMIC_CURRENT_ENV is a symbol the SDK accepts though its declarations do not say so.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export { cloud };
export type { Database } from './db-types';

/** The database handle, under precise promise-only types (see ./db-types.ts). */
export function database(): Database {
  return cloud.database() as unknown as Database;
}

/** True when CloudBase rejected an insert because the `_id` (or a unique index) is taken. */
export function isDuplicateKeyError(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String((error as { errMsg?: string })?.errMsg ?? error);
  return /E11000|duplicate key/i.test(text);
}

/** True when `doc(id).get()` failed because the document does not exist. */
export function isMissingDocumentError(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String((error as { errMsg?: string })?.errMsg ?? error);
  return /does not exist/.test(text);
}

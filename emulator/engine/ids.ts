import { randomBytes } from 'node:crypto';

/** A new document id shaped like CloudBase's: 32 lowercase hex characters. */
export function newDocId(): string {
  return randomBytes(16).toString('hex');
}

/** A request id for responses. */
export function newRequestId(): string {
  return randomBytes(8).toString('hex');
}

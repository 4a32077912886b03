/**
 * Errors the engine answers with. They travel to @cloudbase/database as `{ code, message }`
 * (never thrown through the SDK), which wx-server-sdk maps through its TCB_ERR_CODE table.
 */
export type EngineErrorCode =
  | 'INVALID_PARAM'
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'SYS_ERR';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export function invalidParam(message: string): EngineError {
  return new EngineError('INVALID_PARAM', message);
}

/** MongoDB's duplicate key message, so callers can detect it by `E11000`. */
export function duplicateKey(collection: string, index: string, key: string): EngineError {
  return new EngineError(
    'DATABASE_REQUEST_FAILED',
    `E11000 duplicate key error collection: ${collection} index: ${index} dup key: { ${key} }`,
  );
}

export function transactionConflict(detail: string): EngineError {
  return new EngineError('DATABASE_TRANSACTION_CONFLICT', `database transaction conflict: ${detail}`);
}

/**
 * CloudBase's answer to any read or write of a collection never created (wx-server-sdk shows it as
 * errCode -502005 "database collection not exists"). Like CloudBase, it does not name the collection.
 */
export function collectionNotExist(): EngineError {
  return new EngineError(
    'DATABASE_COLLECTION_NOT_EXIST',
    '[ResourceNotFound] Db or Table not exist. Please check your request, but if the problem cannot be solved, contact us.',
  );
}

/** The one answer shape of every cloud function (DESIGN.md, CONTRACT.md). */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'RESOURCE_EXHAUSTED'
  | 'DEADLINE_EXCEEDED'
  | 'INTERNAL';

export interface ApiError {
  code: ErrorCode;
  /** Chinese, fit to show a resident. */
  message: string;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** A page of a list: `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Parameters every list action accepts. */
export interface PageParams {
  /** 1..100, default 20. */
  limit?: number;
  cursor?: string;
}

/** An ISO 8601 timestamp with offset, e.g. `2026-12-05T09:00:00+08:00`. */
export type IsoTime = string;

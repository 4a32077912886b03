import type { Page } from '../../typings/envelope';
import { invalidArgument } from './errors';

export const DEFAULT_PAGE_SIZE = 20;

export interface PageWindow {
  skip: number;
  /** How many to fetch: one more than the page, to learn whether another page follows. */
  fetch: number;
  limit: number;
}

/**
 * Cursors are opaque to callers; they carry the offset of the next page.
 * Lists are ordered by an indexed key plus `_id`, so offsets stay stable between pages.
 */
export function pageWindow(params: { limit?: number; cursor?: string }): PageWindow {
  const limit = params.limit ?? DEFAULT_PAGE_SIZE;
  let skip = 0;
  if (params.cursor) {
    const decoded = Number.parseInt(Buffer.from(params.cursor, 'base64url').toString('utf8').replace(/^o:/, ''), 10);
    if (!Number.isInteger(decoded) || decoded < 0 || decoded > 100_000) throw invalidArgument('翻页参数已失效，请从第一页重新加载');
    skip = decoded;
  }
  return { skip, fetch: limit + 1, limit };
}

export function toPage<T>(window: PageWindow, fetched: T[]): Page<T> {
  const hasMore = fetched.length > window.limit;
  return {
    items: hasMore ? fetched.slice(0, window.limit) : fetched,
    nextCursor: hasMore ? Buffer.from(`o:${window.skip + window.limit}`, 'utf8').toString('base64url') : null,
  };
}

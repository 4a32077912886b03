/**
 * The loading cycles of a data-backed page (the ones `state-view` shows): the first load with its
 * 'loading' / 'error' status, and "加载更多" of a cursor-paged list.
 */
import type { Page } from '../../typings/envelope';
import type { ViewStatus } from '../components/state-view/type';
import { messageOf } from '../services/transport';
import { showError } from './alert';

/** The page (or component) whose data is set: `this` inside its methods. */
interface DataHost<D> {
  data: D;
  setData(data: Partial<D> & Record<string, unknown>): void;
}

export interface LoadOptions {
  /** More data to reset together with the 'loading' status (e.g. `{ items: [] }`). */
  reset?: Record<string, unknown>;
  /** True when a newer load has started since: this answer is dropped. */
  stale?: () => boolean;
}

/**
 * Shows 'loading', fetches, then sets what `view` makes of the answer (its own 'ready'/'empty'
 * status included), or 'error' with a message the resident can act on. Resolves to whether the
 * load succeeded.
 */
export async function loadInto<T>(
  host: DataHost<{ status: ViewStatus; errorText: string }>,
  fetch: () => Promise<T>,
  view: (answer: T) => { status: ViewStatus } & Record<string, unknown>,
  options: LoadOptions = {},
): Promise<boolean> {
  host.setData({ status: 'loading', errorText: '', ...options.reset });
  try {
    const answer = await fetch();
    if (options.stale && options.stale()) return false;
    host.setData(view(answer));
    return true;
  } catch (err) {
    if (options.stale && options.stale()) return false;
    host.setData({ status: 'error', errorText: messageOf(err) });
    return false;
  }
}

interface CursorData {
  nextCursor: string | null;
  loadingMore: boolean;
}

interface ListData<R> extends CursorData {
  items: R[];
}

export interface MoreOptions {
  /** Show a failure in `data.moreError` (next to the 更多 button) instead of a toast. */
  inlineError?: boolean;
  /** True when a new search has started since: this page is dropped. */
  stale?: () => boolean;
}

/**
 * Appends the page after `data.nextCursor` to `data.items` (mapped with `toRows`). Does nothing on
 * the last page or while a page is loading; a failure leaves the list as it is.
 */
export function loadMore<T, R>(
  host: DataHost<ListData<R>>,
  fetch: (cursor: string) => Promise<Page<T>>,
  toRows: (items: T[]) => R[],
  options: MoreOptions = {},
): Promise<void> {
  return loadMoreWith(host, fetch, (items) => ({ items: host.data.items.concat(toRows(items)) }), options);
}

/**
 * loadMore for a list kept elsewhere than `data.items`: `append` makes the data to set from the next
 * page's items (with `nextCursor` set alongside).
 */
export async function loadMoreWith<T>(
  host: DataHost<CursorData>,
  fetch: (cursor: string) => Promise<Page<T>>,
  append: (items: T[]) => Record<string, unknown>,
  options: MoreOptions = {},
): Promise<void> {
  const cursor = host.data.nextCursor;
  if (!cursor || host.data.loadingMore) return;
  host.setData(options.inlineError ? { loadingMore: true, moreError: '' } : { loadingMore: true });
  try {
    const page = await fetch(cursor);
    if (options.stale && options.stale()) {
      host.setData({ loadingMore: false });
      return;
    }
    host.setData({ ...append(page.items), nextCursor: page.nextCursor, loadingMore: false });
  } catch (err) {
    const message = messageOf(err);
    host.setData(options.inlineError ? { loadingMore: false, moreError: message } : { loadingMore: false });
    if (!options.inlineError) showError(message);
  }
}

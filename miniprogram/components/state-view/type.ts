/** What a data-backed area is showing. */
export type ViewStatus = 'loading' | 'empty' | 'error' | 'ready';

import { invalidParam } from './errors';

const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,128}$/;
// eslint-disable-next-line no-control-regex -- control characters are what it rejects
const FIELD_SEGMENT = /^[^."'\\$\x00-\x1f][^."'\\\x00-\x1f]*$/;

/** Validates a collection name; anything but [A-Za-z0-9_-] is rejected. */
export function checkCollectionName(name: unknown): string {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
    throw invalidParam(`invalid collection name: ${JSON.stringify(name)}`);
  }
  return name;
}

/** Validates a dotted field path usable in an index (no quotes, backslashes or `$`-segments). */
export function checkFieldPath(path: string): string {
  if (!path.split('.').every((s) => FIELD_SEGMENT.test(s))) {
    throw invalidParam(`invalid index field path: ${JSON.stringify(path)}`);
  }
  return path;
}

/** SQLite table holding one collection. */
export function tableName(collection: string): string {
  return `c_${collection}`;
}

/** SQLite index name of a declared index. */
export function indexName(collection: string, index: string): string {
  return `ix__${collection}__${index}`;
}

/** Double-quoted SQL identifier (names are validated, so no quote can appear). */
export function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

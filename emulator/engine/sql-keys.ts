/**
 * How an indexed field is seen by SQLite. Each index key becomes two expressions over the stored
 * JSON: a type rank (MongoDB's BSON sort order across types) and the value within that type, so
 * that equality, range and ORDER BY on (rank, value) follow MongoDB's type-bracketed semantics.
 */

/** MongoDB's cross-type ordering ranks (null/missing < numbers < strings < objects < arrays ...). */
export const RANK = { NULL: 1, NUMBER: 2, STRING: 3, OBJECT: 4, ARRAY: 5, BOOL: 8, DATE: 9 } as const;

/** A comparison value pushed down to SQL: its type rank and its SQLite value. */
export interface SqlKey {
  rank: number;
  value: number | string | null;
}

/** The SQL key of a scalar query value, or undefined when it cannot be pushed down. */
export function sqlKeyOf(value: unknown): SqlKey | undefined {
  if (value === null) return { rank: RANK.NULL, value: null };
  switch (typeof value) {
    case 'number':
      return Number.isNaN(value) ? undefined : { rank: RANK.NUMBER, value };
    case 'string':
      return { rank: RANK.STRING, value };
    case 'boolean':
      return { rank: RANK.BOOL, value: value ? 1 : 0 };
    default:
      if (value instanceof Date && !Number.isNaN(value.getTime())) return { rank: RANK.DATE, value: value.getTime() };
      return undefined;
  }
}

/** SQLite JSON path of a dotted field path, every segment quoted: `$."a"."b"`. */
export function jsonPath(field: string): string {
  return '$' + field.split('.').map((s) => `."${s}"`).join('');
}

function lit(path: string): string {
  return `'${path.replace(/'/g, "''")}'`;
}

/** The rank expression of a field (must be textually identical in index and query). */
export function rankExpr(field: string): string {
  const p = jsonPath(field);
  return (
    `(CASE json_type(doc,${lit(p)}) WHEN 'integer' THEN 2 WHEN 'real' THEN 2 WHEN 'text' THEN 3 ` +
    `WHEN 'object' THEN (CASE WHEN json_type(doc,${lit(p + '."$date"')}) IS NULL THEN 4 ELSE 9 END) ` +
    `WHEN 'array' THEN 5 WHEN 'true' THEN 8 WHEN 'false' THEN 8 ELSE 1 END)`
  );
}

/** The value expression of a field: the number, string, boolean (1/0) or Date milliseconds. */
export function valueExpr(field: string): string {
  const p = jsonPath(field);
  return (
    `(CASE json_type(doc,${lit(p)}) WHEN 'object' THEN json_extract(doc,${lit(p + '."$date"')}) ` +
    `WHEN 'array' THEN NULL ELSE json_extract(doc,${lit(p)}) END)`
  );
}

/**
 * SQL condition true for rows where the field is not a plain scalar: an array anywhere along
 * the path, or a non-Date object at the path. Such fields make pushdown unsafe.
 */
export function complexExpr(field: string): string {
  const segs = field.split('.');
  const parts: string[] = [];
  for (let i = 1; i <= segs.length; i++) {
    parts.push(`json_type(doc,${lit(jsonPath(segs.slice(0, i).join('.')))})='array'`);
  }
  const p = jsonPath(field);
  parts.push(`(json_type(doc,${lit(p)})='object' AND json_type(doc,${lit(p + '."$date"')}) IS NULL)`);
  return parts.join(' OR ');
}

/** Same test as complexExpr, on an in-memory document. */
export function isComplexAt(doc: unknown, field: string): boolean {
  let v: any = doc;
  for (const seg of field.split('.')) {
    if (Array.isArray(v)) return true;
    if (v === null || typeof v !== 'object' || v instanceof Date) return false;
    v = v[seg];
  }
  if (Array.isArray(v)) return true;
  return v !== null && typeof v === 'object' && !(v instanceof Date);
}

/**
 * A SQL pre-filter for a field condition on a path without an index: true for every row the
 * MongoDB condition could match. It compares the value expression (type brackets are left to
 * mingo, so it only errs on the side of keeping rows) and keeps any row with an array on the path.
 */
export function prefilterExpr(field: string, op: 'eq' | 'in' | 'gt' | 'gte' | 'lt' | 'lte', arity: number): string {
  const segs = field.split('.');
  const arrays: string[] = [];
  for (let i = 1; i <= segs.length; i++) {
    arrays.push(`json_type(doc,${lit(jsonPath(segs.slice(0, i).join('.')))})='array'`);
  }
  const v = valueExpr(field);
  const test =
    op === 'in'
      ? `${v} IN (${Array.from({ length: arity }, () => '?').join(', ')})`
      : `${v} ${{ eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' }[op]} ?`;
  return `(${test} OR ${arrays.join(' OR ')})`;
}

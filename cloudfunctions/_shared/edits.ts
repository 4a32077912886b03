import { toIso } from './time';

/**
 * Staff edits of a record (course, quiz, activity): which of its editable fields a request really
 * changes, and the before/after of just those fields for the audit entry.
 */
function sameValue(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}

function auditValue(value: unknown): unknown {
  return value instanceof Date ? toIso(value) : value;
}

/** The record as the request would leave it: each field the request names, else the current value. */
export function withEdits<T, K extends keyof T>(current: T, input: { [P in K]?: T[P] | undefined }, fields: readonly K[]): Pick<T, K> {
  return Object.fromEntries(fields.map((k) => [k, input[k] === undefined ? current[k] : input[k]])) as Pick<T, K>;
}

export function changedFields<T, K extends keyof T>(current: T, next: Pick<T, K>, fields: readonly K[]): K[] {
  return fields.filter((k) => !sameValue(next[k], current[k]));
}

export function auditDiff<T, K extends keyof T>(current: T, next: Pick<T, K>, changed: readonly K[]): { before: Record<string, unknown>; after: Record<string, unknown> } {
  return {
    before: Object.fromEntries(changed.map((k) => [k, auditValue(current[k])])),
    after: Object.fromEntries(changed.map((k) => [k, auditValue(next[k])])),
  };
}

/**
 * The server's clock. Production reads the system time; the local cloud may shift it
 * (tests of deadlines and course start times) through a process-wide offset it alone sets.
 */
const OFFSET_KEY = Symbol.for('csu.localCloud.clockOffsetMs');

export function now(): Date {
  const offset = (globalThis as Record<symbol, unknown>)[OFFSET_KEY];
  return new Date(Date.now() + (typeof offset === 'number' ? offset : 0));
}

/** Used by the local cloud only. */
export function setLocalClockOffset(ms: number): void {
  (globalThis as Record<symbol, unknown>)[OFFSET_KEY] = ms;
}

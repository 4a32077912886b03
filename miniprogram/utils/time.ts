/**
 * Asia/Shanghai time on the pages: the one place the mini-program knows the +08:00 offset (no
 * daylight saving). The functions' counterpart is cloudfunctions/_shared/time.ts; the two cannot
 * be one file, since a page may load only code inside miniprogram/ (test/miniprogram/package-size.test.ts).
 */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** `YYYY-MM-DD` of a moment (default: now) in Asia/Shanghai. */
export function shanghaiDate(ms: number = Date.now()): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Asia/Shanghai calendar year of a moment (default: now). */
export function shanghaiYear(ms: number = Date.now()): number {
  return new Date(ms + SHANGHAI_OFFSET_MS).getUTCFullYear();
}

/** A moment (default: now) as the functions write times: `2026-12-05T09:00:00+08:00`. */
export function shanghaiIso(ms: number = Date.now()): string {
  return `${new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** Date `YYYY-MM-DD` and time `HH:mm` read as Beijing time, as an ISO time with +08:00. */
export function shanghaiTime(date: string, time: string): string {
  return `${date}T${time}:00+08:00`;
}

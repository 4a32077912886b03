/** Asia/Shanghai has no daylight saving: a fixed +08:00 offset. */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** A Date as an ISO 8601 string in Asia/Shanghai: `2026-12-05T09:00:00+08:00`. */
export function toIso(date: Date): string {
  return `${new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

export function toIsoOrNull(date: Date | null | undefined): string | null {
  return date ? toIso(date) : null;
}

/** The Asia/Shanghai calendar day of a moment, as `YYYY-MM-DD`. */
export function shanghaiDay(date: Date): string {
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first instant of the Asia/Shanghai day containing `date`. */
export function startOfShanghaiDay(date: Date): Date {
  const day = Math.floor((date.getTime() + SHANGHAI_OFFSET_MS) / 86_400_000);
  return new Date(day * 86_400_000 - SHANGHAI_OFFSET_MS);
}

/** The Asia/Shanghai calendar year of a moment. */
export function shanghaiYear(date: Date): number {
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear();
}

/** The first instant of a calendar year (month 0–11: of that month) in Asia/Shanghai. */
export function startOfShanghaiMonth(year: number, month = 0): Date {
  return new Date(Date.UTC(year, month, 1) - SHANGHAI_OFFSET_MS);
}

/** The Asia/Shanghai calendar month of a moment, 0–11. */
export function shanghaiMonth(date: Date): number {
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).getUTCMonth();
}

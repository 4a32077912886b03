/**
 * One string whose ascending order is the ranking order: higher score, then shorter duration,
 * then earlier submission. Fixed-width digits, so string order = numeric order, and one index
 * (quizId[, unit], sortKey) serves both the top-N read and the "how many are better" count.
 */
const DURATION_DIGITS = 10;
const TIME_DIGITS = 15;

export function sortKeyOf(score: number, durationMs: number, submittedAt: Date): string {
  const s = String(100 - Math.max(0, Math.min(100, Math.round(score)))).padStart(3, '0');
  const d = String(Math.max(0, Math.min(10 ** DURATION_DIGITS - 1, Math.round(durationMs)))).padStart(DURATION_DIGITS, '0');
  const t = String(Math.max(0, submittedAt.getTime())).padStart(TIME_DIGITS, '0');
  return `${s}${d}${t}`;
}

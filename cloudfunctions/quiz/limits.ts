/** The bounds of a quiz's rules, shared by `create` and `update`. */
export const QUIZ_LIMITS = {
  questionCount: { min: 1, max: 100 },
  timeLimitSec: { min: 30, max: 7200 },
  attemptsPerDay: { min: 1, max: 20 },
} as const;

/** A quiz's window is at most a year long. */
export const MAX_WINDOW_MS = 366 * 86_400_000;

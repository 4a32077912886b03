import { randomInt } from 'node:crypto';

/** Server-side randomness for draws and option order: unpredictable to a client. */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** `count` distinct items drawn uniformly. */
export function sample<T>(items: readonly T[], count: number): T[] {
  return shuffled(items).slice(0, count);
}

export function randomUnit(): number {
  return randomInt(2 ** 47) / 2 ** 47;
}

export function randomId(prefix: string): string {
  return `${prefix}${randomInt(2 ** 47).toString(36)}${randomInt(2 ** 47).toString(36)}`;
}

/** Counts database round-trips and examined documents on the running invocation, if any. */
import { currentInvocation } from '../invocation';

export function countRead(): void {
  const inv = currentInvocation();
  if (inv) inv.reads++;
}

export function countWrite(): void {
  const inv = currentInvocation();
  if (inv) inv.writes++;
}

export function countExamined(n: number): void {
  const inv = currentInvocation();
  if (inv && n > 0) inv.docsExamined += n;
}

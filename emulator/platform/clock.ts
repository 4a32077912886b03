import { now as functionsNow, setLocalClockOffset } from '../../cloudfunctions/_shared/clock';

/**
 * The local cloud's one clock. The functions read it through `_shared/clock.ts` (a process-wide
 * offset from real time, zero in production), the engine through its `now` option, the timers and
 * signed storage URLs through `platformNow()`: moving it moves all of them together, and time goes
 * on from the new instant.
 */
export function platformNow(): number {
  return functionsNow().getTime();
}

/** Shifts the clock by `ms` from real time (0: real time). */
export function setClockOffset(ms: number): void {
  setLocalClockOffset(ms);
}

/** Sets the clock to `at` (ISO 8601 or a Date), or back to real time with `'reset'`; answers the new now. */
export function setClock(at: string | Date | 'reset'): Date {
  if (at === 'reset') {
    setLocalClockOffset(0);
  } else {
    const target = at instanceof Date ? at.getTime() : Date.parse(at);
    if (!Number.isFinite(target)) throw new RangeError('not an ISO 8601 time');
    setLocalClockOffset(target - Date.now());
  }
  return new Date(platformNow());
}

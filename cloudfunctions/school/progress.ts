import type { MonthProgress, PlanProgressResult } from '../../typings/school';
import type { Held } from './figures';
import { monthEnd, SLIP_MARGIN, type PlanDoc } from './model';

/** Planned vs held by month, with the slipping flag at each ended month's end. */
export function progressOf(plan: Pick<PlanDoc, 'status' | 'monthly'> | null, held: Held, year: number, now: Date): PlanProgressResult {
  const monthly = plan?.monthly ?? Array(12).fill(0);
  let cp = 0;
  let ch = 0;
  let slipping = false;
  const months: MonthProgress[] = [];
  for (let m = 1; m <= 12; m++) {
    cp += monthly[m - 1];
    ch += held.months[m - 1];
    const ended = monthEnd(year, m).getTime() <= now.getTime();
    const behind = plan !== null && ended && cp - ch >= SLIP_MARGIN;
    if (ended) slipping = behind;
    months.push({ month: m, planned: monthly[m - 1], held: held.months[m - 1], cumulativePlanned: cp, cumulativeHeld: ch, slipping: behind });
  }
  return { status: plan?.status ?? 'none', planned: cp, held: held.held, months, slipping, slipMargin: SLIP_MARGIN };
}

/** Courses behind the cumulative plan at the end of the latest ended month (0 if none ended). */
export function behindBy(progress: PlanProgressResult, now: Date, year: number): { behind: number; cumulativePlanned: number } {
  let last: MonthProgress | undefined;
  for (const m of progress.months) if (monthEnd(year, m.month).getTime() <= now.getTime()) last = m;
  if (!last) return { behind: 0, cumulativePlanned: 0 };
  return { behind: Math.max(0, last.cumulativePlanned - last.cumulativeHeld), cumulativePlanned: last.cumulativePlanned };
}

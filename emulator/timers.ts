import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FunctionHost } from './host';
import { platformNow } from './platform';

/**
 * Runs the timer triggers that functions declare in their config.json, as CloudBase does:
 * `{"triggers":[{"name":"remind","type":"timer","config":"0 0/5 * * * * *"}]}`, a 7-field cron
 * (second minute hour day month weekday year), evaluated in Asia/Shanghai time.
 */
export interface TimerTrigger {
  functionName: string;
  name: string;
  cron: CronSchedule;
}

type Field = (value: number) => boolean;
export interface CronSchedule {
  matches(at: Date): boolean;
}

const FIELD_RANGES: Array<[number, number]> = [
  [0, 59], // second
  [0, 59], // minute
  [0, 23], // hour
  [1, 31], // day of month
  [1, 12], // month
  [0, 7], // weekday (0 and 7 are Sunday)
  [1970, 2199], // year
];

function parseField(text: string, [min, max]: [number, number]): Field {
  const parts = text.split(',').map((part) => {
    const [rangeText, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let lo = min;
    let hi = max;
    if (rangeText !== '*' && rangeText !== '?') {
      const [a, b] = rangeText.split('-').map(Number);
      lo = a;
      hi = b ?? (stepText === undefined ? a : max);
    }
    if (![lo, hi, step].every(Number.isInteger) || step < 1 || lo < min || hi > max || lo > hi) {
      throw new Error(`invalid cron field "${text}"`);
    }
    return (v: number) => v >= lo && v <= hi && (v - lo) % step === 0;
  });
  return (v) => parts.some((p) => p(v));
}

export function parseCron(expression: string): CronSchedule {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 7) throw new Error(`a timer trigger needs 7 cron fields, got "${expression}"`);
  const [sec, min, hour, day, month, weekday, year] = fields.map((f, i) => parseField(f, FIELD_RANGES[i]));
  return {
    matches(at: Date) {
      const t = new Date(at.getTime() + 8 * 3600 * 1000); // Asia/Shanghai wall clock
      const wd = t.getUTCDay();
      return (
        sec(t.getUTCSeconds()) &&
        min(t.getUTCMinutes()) &&
        hour(t.getUTCHours()) &&
        day(t.getUTCDate()) &&
        month(t.getUTCMonth() + 1) &&
        (weekday(wd) || (wd === 0 && weekday(7))) &&
        year(t.getUTCFullYear())
      );
    },
  };
}

export function readTimerTriggers(host: FunctionHost): TimerTrigger[] {
  return host.names().flatMap((functionName) => {
    const file = path.join(host.functionsDir, functionName, 'config.json');
    if (!existsSync(file)) return [];
    const config = JSON.parse(readFileSync(file, 'utf8')) as { triggers?: Array<{ name: string; type: string; config: string }> };
    return (config.triggers ?? [])
      .filter((t) => t.type === 'timer')
      .map((t) => ({ functionName, name: t.name, cron: parseCron(t.config) }));
  });
}

/** A jump of the clock larger than this (or backwards) restarts the schedule from the new instant. */
const MAX_CATCH_UP_SEC = 5;

/**
 * Checks every second of the local clock (POST /v1/clock moves it: the schedule then runs on from
 * the new instant, without replaying the skipped time); returns a stop function.
 */
export function startTimers(host: Pick<FunctionHost, 'invoke'>, triggers: TimerTrigger[], tickMs = 1000): () => void {
  let last = Math.floor(platformNow() / 1000);
  const handle = setInterval(() => {
    const nowSec = Math.floor(platformNow() / 1000);
    if (nowSec < last || nowSec - last > MAX_CATCH_UP_SEC) last = nowSec - 1;
    for (let s = last + 1; s <= nowSec; s++) {
      const at = new Date(s * 1000);
      for (const trigger of triggers) {
        if (!trigger.cron.matches(at)) continue;
        const event = { Type: 'Timer', TriggerName: trigger.name, Time: at.toISOString() };
        host
          .invoke(trigger.functionName, event, { source: 'wx_trigger' })
          .catch((error) => console.error(`[timer] ${trigger.functionName}.${trigger.name} failed: ${error instanceof Error ? error.message : String(error)}`));
      }
    }
    last = nowSec;
  }, tickMs);
  handle.unref();
  return () => clearInterval(handle);
}

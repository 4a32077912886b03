import { parseCron, readTimerTriggers } from '../../emulator/timers';
import { FunctionHost } from '../../emulator/host';

const at = (shanghai: string) => new Date(`${shanghai}+08:00`);

describe('timer triggers (CloudBase 7-field cron, Asia/Shanghai)', () => {
  it('matches seconds, steps, lists, ranges and weekdays', () => {
    const everyFiveMinutes = parseCron('0 */5 * * * * *');
    expect(everyFiveMinutes.matches(at('2026-12-05T09:05:00'))).toBe(true);
    expect(everyFiveMinutes.matches(at('2026-12-05T09:05:01'))).toBe(false);
    expect(everyFiveMinutes.matches(at('2026-12-05T09:07:00'))).toBe(false);

    const weekdayMornings = parseCron('0 30 8 * * 1-5 *');
    expect(weekdayMornings.matches(at('2026-12-04T08:30:00'))).toBe(true); // Friday
    expect(weekdayMornings.matches(at('2026-12-05T08:30:00'))).toBe(false); // Saturday

    const sundays = parseCron('0 0 2 * * 7 *');
    expect(sundays.matches(at('2026-12-06T02:00:00'))).toBe(true);

    const list = parseCron('0 0 9,18 1 * * *');
    expect(list.matches(at('2027-01-01T18:00:00'))).toBe(true);
    expect(list.matches(at('2027-01-02T18:00:00'))).toBe(false);
  });

  it('rejects malformed expressions', () => {
    expect(() => parseCron('0 * * * *')).toThrow(/7 cron fields/);
    expect(() => parseCron('0 61 * * * * *')).toThrow(/invalid cron field/);
    expect(() => parseCron('0 */0 * * * * *')).toThrow(/invalid cron field/);
  });

  it('reads the triggers each function declares in config.json', () => {
    const triggers = readTimerTriggers(new FunctionHost({ log: () => {} }));
    for (const t of triggers) expect(typeof t.cron.matches).toBe('function');
  });
});

import { now } from '../../cloudfunctions/_shared/clock';
import { platformNow } from '../../emulator/platform';
import { parseCron, startTimers } from '../../emulator/timers';
import { startHarness, type PlatformHarness } from './support';

let h: PlatformHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
afterEach(() => h.cloud.setClock('reset'));

const setClock = async (body: unknown) => {
  const res = await fetch(`${h.base}/v1/clock`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { ok: boolean; now?: string } };
};

describe('POST /v1/clock: time travel for the functions, the database and the timers', () => {
  it('moves the functions clock and db.serverDate() to the instant, and time moves on from it', async () => {
    const res = await setClock({ now: '2026-10-31T23:59:00+08:00' });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(Math.abs(Date.parse(res.body.now!) - Date.parse('2026-10-31T15:59:00Z'))).toBeLessThan(1000);
    expect(res.body.now).toMatch(/^2026-10-31T23:59:0\d\.\d{3}\+08:00$/);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const t = now().getTime();
    expect(t).toBeGreaterThan(Date.parse('2026-10-31T15:59:00Z'));
    expect(t - Date.parse('2026-10-31T15:59:00Z')).toBeLessThan(5000);
    const { body } = await h.post('platform', { action: 'serverDate' });
    expect(Math.abs(Date.parse(body.at) - platformNow())).toBeLessThan(5000);
    expect(body.at.startsWith('2026-10-31T15:5')).toBe(true);
  });

  it('resets to real time, keeps LocalCloud.setClockOffset working, and refuses what is not an instant', async () => {
    await setClock({ now: '2030-01-01T00:00:00Z' });
    const reset = await setClock({ reset: true });
    expect(reset.body.ok).toBe(true);
    expect(Math.abs(Date.parse(reset.body.now!) - Date.now())).toBeLessThan(1000);
    h.cloud.setClockOffset(3_600_000);
    expect(Math.abs(now().getTime() - Date.now() - 3_600_000)).toBeLessThan(1000);
    const set = h.cloud.setClock('2027-05-30T08:00:00+08:00');
    expect(Math.abs(set.getTime() - Date.parse('2027-05-30T00:00:00Z'))).toBeLessThan(1000);
    for (const bad of [{ now: 'tomorrow' }, { now: '2026-12-05' }, { now: '2026-12-05T09:00:00' }, {}, { reset: 'yes' }]) {
      expect((await setClock(bad)).status).toBe(400);
    }
    expect((await fetch(`${h.base}/v1/clock`, { method: 'POST', body: '{not json' })).status).toBe(400);
  });

  it('runs the timers from the moved instant, with SOURCE wx_trigger, without replaying skipped time', async () => {
    const fired: Array<{ fn: string; event: { Time: string }; source?: string }> = [];
    const host = {
      invoke: async (fn: string, event: unknown, options?: { source?: string }) => {
        fired.push({ fn, event: event as { Time: string }, source: options?.source });
        return null;
      },
    };
    const stop = startTimers(host, [{ functionName: 'course', name: 'remind', cron: parseCron('0 */5 * * * * *') }], 100);
    try {
      await new Promise((resolve) => setTimeout(resolve, 250));
      // Days ahead, two seconds before a 5-minute mark (Asia/Shanghai): only that mark fires.
      const moved = await setClock({ now: '2030-12-05T09:04:58.200+08:00' });
      expect(moved.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2600));
    } finally {
      stop();
    }
    expect(fired).toEqual([{ fn: 'course', event: { Type: 'Timer', TriggerName: 'remind', Time: '2030-12-05T01:05:00.000Z' }, source: 'wx_trigger' }]);
  });
});

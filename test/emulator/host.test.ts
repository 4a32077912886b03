import path from 'node:path';
import { callerTag, FunctionHost, FunctionNotFoundError, type InvocationRecord } from '../../emulator/host';
import { startTestCloud, type LocalCloud } from '../support/cloud';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'functions');

describe('function host', () => {
  let cloud: LocalCloud;
  const records: InvocationRecord[] = [];
  const lines: string[] = [];

  beforeAll(async () => {
    cloud = await startTestCloud({
      functionsDir: FIXTURES,
      log: (line, record) => {
        lines.push(line);
        records.push(record);
      },
      warn: () => {},
    });
  });
  afterAll(() => cloud.close());

  it('serves every folder with an index exporting main, without registration', () => {
    // `broken` fails to load: it is still a function (its calls answer the failure).
    expect(cloud.host.names()).toEqual(['broken', 'counter', 'failing', 'platform', 'whoami']);
    expect(cloud.host.has('not-a-function')).toBe(false);
    expect(cloud.host.has('../whoami')).toBe(false);
  });

  it('rejects an unknown function', async () => {
    await expect(cloud.host.invoke('nope', {})).rejects.toBeInstanceOf(FunctionNotFoundError);
  });

  it('gives every overlapping invocation its own caller in getWXContext()', async () => {
    const calls = Array.from({ length: 100 }, (_, i) => cloud.call<{ before: string; after: string; tag: number }>('whoami', { tag: i }, `user-${i}`));
    const results = await Promise.all(calls);
    results.forEach((r, i) => {
      expect(r.tag).toBe(i);
      expect(r.before).toBe(`user-${i}`);
      expect(r.after).toBe(`user-${i}`);
    });
    const anonymous = await cloud.call<{ before: unknown }>('whoami', { tag: -1 });
    expect(anonymous.before).toBeUndefined();
  });

  it('logs function, action, a pseudonymous caller, duration, reads, writes and outcome, never the OPENID', async () => {
    lines.length = 0;
    records.length = 0;
    await cloud.call('counter', { action: 'reset' }, 'someone-secret');
    await cloud.call('counter', { action: 'read' }, 'someone-secret');
    await cloud.call('counter', { action: 'nope' }, 'someone-secret');
    expect(records.map((r) => [r.action, r.reads, r.writes, r.outcome])).toEqual([
      ['reset', 0, 1, 'OK'],
      ['read', 1, 0, 'OK'],
      ['nope', 0, 0, 'INVALID_ARGUMENT'],
    ]);
    expect(lines[0]).toMatch(/^\[fn\] counter\.reset caller=#[0-9a-f]{8} \d+\.\dms reads=0 writes=1 docs=\d+ OK$/);
    expect(lines.join('\n')).not.toContain('someone-secret');
    expect(callerTag(undefined)).toBe('anonymous');
  });

  it('keeps a guarded increment exact under 200 concurrent invocations', async () => {
    await cloud.call('counter', { action: 'reset' });
    const results = await Promise.all(Array.from({ length: 200 }, () => cloud.call<{ data: { updated: number } }>('counter', { action: 'bump', max: 50 })));
    expect(results.filter((r) => r.data.updated === 1)).toHaveLength(50);
    expect(await cloud.call('counter', { action: 'read' })).toEqual({ ok: true, data: 50 });
  });

  it('serves the repository functions by default', () => {
    const host = new FunctionHost({ log: () => {} });
    expect(host.names()).toContain('org');
    expect(host.names()).not.toContain('_shared');
  });
});

import type { AddressInfo } from 'node:net';
import http from 'node:http';
import path from 'node:path';
import { createHttpServer } from '../../emulator/server';
import { FunctionHost } from '../../emulator/host';
import { startTestCloud, type LocalCloud } from '../support/cloud';

/** The HTTP face of DESIGN.md, over a real socket. */
describe('local cloud HTTP face', () => {
  let cloud: LocalCloud;
  let server: http.Server;
  let base: string;
  let inFlight = 0;
  let maxInFlight = 0;

  beforeAll(async () => {
    cloud = await startTestCloud();
    // Repository functions plus the fixtures, through two hosts sharing one engine.
    const fixtures = new FunctionHost({ functionsDir: path.join(__dirname, '..', 'fixtures', 'functions'), log: () => {} });
    server = createHttpServer({
      has: (name) => cloud.host.has(name) || fixtures.has(name),
      invoke: async (name, event, options) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return await (cloud.host.has(name) ? cloud.host.invoke(name, event, options) : fixtures.invoke(name, event, options));
        } finally {
          inFlight--;
        }
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    cloud.close();
  });

  const post = (name: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${base}/v1/functions/${name}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it('answers /healthz', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('runs a function with the event as the body and answers its return value with 200', async () => {
    const res = await post('org', JSON.stringify({ action: 'listBranches' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; data: { items: unknown[] } };
    expect(body.ok).toBe(true);
    expect(body.data.items).toHaveLength(41);
  });

  it('passes x-wx-openid as the caller, and none as anonymous', async () => {
    const who = await (await post('whoami', JSON.stringify({ tag: 1 }), { 'x-wx-openid': 'o-abc' })).json();
    expect(who).toMatchObject({ before: 'o-abc', after: 'o-abc' });
    const anonymous = (await (await post('whoami', JSON.stringify({ tag: 2 }))).json()) as Record<string, unknown>;
    expect(anonymous.before).toBeUndefined();
  });

  it('overlaps concurrent callers at every database round-trip, as CloudBase does', async () => {
    maxInFlight = 0;
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post('whoami', JSON.stringify({ tag: i, rounds: 20 }), { 'x-wx-openid': `o-${i}` }).then((r) => r.json())),
    );
    answers.forEach((a, i) => expect(a).toMatchObject({ before: `o-${i}`, after: `o-${i}`, tag: i }));
    expect(maxInFlight).toBeGreaterThan(1);
  });

  it('answers 404 for an unknown function or path, 400 for a body that is not JSON, 413 over 1 MB', async () => {
    expect((await post('nope', '{}')).status).toBe(404);
    expect((await fetch(`${base}/v2/else`)).status).toBe(404);
    expect((await post('org', '{not json')).status).toBe(400);
    const big = JSON.stringify({ action: 'listBranches', pad: 'x'.repeat(1024 * 1024) });
    expect((await post('org', big)).status).toBe(413);
  });

  it('answers an unknown action with the INVALID_ARGUMENT envelope', async () => {
    const body = (await (await post('org', JSON.stringify({ action: 'nope' }))).json()) as { ok: boolean; error: { code: string; message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('INVALID_ARGUMENT');
    expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

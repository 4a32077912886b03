import { cpSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { database } from '../../cloudfunctions/_shared/cloud';
import { CloudFunctionError, FunctionHost } from '../../emulator/host';
import { startHarness, type PlatformHarness } from './support';

let h: PlatformHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('invocation context and getWXContext', () => {
  it('gives the CloudBase context fields, the env id and the caller as the mini-program sends them', async () => {
    const { status, body } = await h.post('platform', { action: 'context' }, 'o-ctx');
    expect(status).toBe(200);
    expect(body.wx).toMatchObject({ OPENID: 'o-ctx', APPID: h.cloud.platform.appId, SOURCE: 'wx_client', CLIENTIP: '127.0.0.1' });
    expect(body.wx.APPID).toMatch(/^wx[0-9a-f]{16}$/);
    expect(body.wx.ENV).toMatch(/^local-[0-9a-f]{6}$/);
    expect(body.wx.UNIONID).toMatch(/^o[\w-]{27}$/);
    expect(body.context).toMatchObject({ memory_limit_in_mb: 256, time_limit_in_ms: 3000, function_version: '$LATEST', function_name: 'platform' });
    expect(body.context.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.context.environ).toContain(`TCB_ENV=${body.wx.ENV}`);
    const anonymous = await h.post('platform', { action: 'context' });
    expect(anonymous.body.wx).toMatchObject({ SOURCE: 'wx_http' });
    expect(anonymous.body.wx.OPENID).toBeUndefined();
  });
});

describe('cloud.callFunction between functions', () => {
  it('runs the callee through the host with the caller identity, SOURCE chained with scf', async () => {
    const { body } = await h.post('platform', { action: 'call', name: 'platform', data: { action: 'context' } }, 'o-caller');
    expect(body).toMatchObject({ errMsg: 'callFunction:ok' });
    expect(body.requestID).toEqual(expect.any(String));
    expect(body.result.wx).toMatchObject({ OPENID: 'o-caller', APPID: h.cloud.platform.appId, SOURCE: 'wx_client,scf' });
    expect(body.result.context.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a failing callee as CloudBase does: the caller catches errCode -504002 with the message', async () => {
    const { body } = await h.post('platform', { action: 'caught', api: 'callFunction', params: { name: 'failing', data: { action: 'throw', courseId: 'cs_9' } } });
    expect(body).toMatchObject({ thrown: true, errCode: -504002 });
    expect(body.errMsg).toContain('TypeError: cannot read the course cs_9');
    const missing = await h.post('platform', { action: 'caught', api: 'callFunction', params: { name: 'nope' } });
    expect(missing.body).toMatchObject({ thrown: true });
    expect(missing.body.errMsg).toContain('ResourceNotFound.Function');
  });
});

describe('a host that never goes down for one function', () => {
  it('answers a thrown error with CloudBase callFunction error body, logs the stack without the message', async () => {
    h.records.length = 0;
    const { status, body } = await h.post('failing', { action: 'throw', courseId: 'secret-course-42' }, 'o-1');
    expect(status).toBe(200);
    expect(body.errCode).toBe(-504002);
    expect(body.errMsg).toBe('cloud.callFunction:fail Error: errCode: -504002 functions execute fail | errMsg: TypeError: cannot read the course secret-course-42');
    const record = h.records.find((r) => r.functionName === 'failing')!;
    expect(record.outcome).toBe('THREW');
    expect(record.stack).toMatch(/^TypeError\n\s+at .*failing[\\/]index\.js/);
    expect(record.stack).not.toContain('secret-course-42');
    expect((await h.post('platform', { action: 'context' })).status).toBe(200);
  });

  it('cuts off a function that never resolves at its time limit, and nothing it sends later arrives', async () => {
    const started = Date.now();
    const { status, body } = await h.post('failing', { action: 'hang' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(status).toBe(200);
    expect(body).toMatchObject({ errCode: -504003, errMsg: 'cloud.callFunction:fail Error: errCode: -504003 | errMsg: Invoking task timed out after 1 seconds' });

    const late = await h.post('failing', { action: 'late-write', id: 'late-1' });
    expect(late.body.errCode).toBe(-504003);
    await new Promise((resolve) => setTimeout(resolve, 900));
    // The collection was created before the limit; the write after it never arrived.
    expect((await database().collection('late').count()).total).toBe(0);
    expect(h.records.filter((r) => r.outcome === 'TIMEOUT').length).toBeGreaterThanOrEqual(2);
  });

  it('fails only the invocation an unhandled rejection or a callback exception arose in', async () => {
    const stray = await h.post('failing', { action: 'stray-rejection', secret: 'x' });
    expect(stray.body).toMatchObject({ errCode: -504002 });
    expect(stray.body.errMsg).toContain('RangeError: stray x');
    const thrown = await h.post('failing', { action: 'callback-throw', secret: 'y' });
    expect(thrown.body).toMatchObject({ errCode: -504002 });
    expect(thrown.body.errMsg).toContain('Error: thrown in a callback y');
    expect((await h.post('failing', { action: 'other' })).body).toEqual({ ok: true, data: 'fine' });
  });

  it('isolates a function that fails to load: its calls answer the error, the others serve', async () => {
    expect(h.cloud.host.names()).toEqual(expect.arrayContaining(['broken', 'platform', 'whoami']));
    expect(h.cloud.host.loadError('broken')).toMatch(/Cannot find module 'a-dependency-nobody-installed'/);
    expect(h.warnings.join('\n')).toContain('function broken failed to load');
    const { status, body } = await h.post('broken', {});
    expect(status).toBe(200);
    expect(body.errCode).toBe(-504002);
    expect(body.errMsg).toContain("Cannot find module 'a-dependency-nobody-installed'");
    await expect(h.cloud.host.invoke('broken', {})).rejects.toBeInstanceOf(CloudFunctionError);
    expect((await h.post('whoami', { tag: 1 }, 'o-w')).body).toMatchObject({ before: 'o-w' });
  });
});

describe('a function folder with its own node_modules/wx-server-sdk', () => {
  let dir: string;
  beforeAll(() => {
    // What `npm install` inside the folder produces: its own copy of the SDK (dependencies linked).
    dir = mkdtempSync(path.join(os.tmpdir(), 'own-sdk-'));
    const fn = path.join(dir, 'ownsdk');
    const modules = path.join(fn, 'node_modules');
    mkdirSync(modules, { recursive: true });
    const repoModules = path.join(__dirname, '..', '..', 'node_modules');
    cpSync(path.join(repoModules, 'wx-server-sdk'), path.join(modules, 'wx-server-sdk'), { recursive: true });
    for (const dep of ['@cloudbase', 'json-bigint', 'protobufjs', 'mime-db', 'tslib']) symlinkSync(path.join(repoModules, dep), path.join(modules, dep));
    writeFileSync(
      path.join(fn, 'index.js'),
      `const cloud = require('wx-server-sdk');
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
exports.main = async () => {
  const db = cloud.database();
  await db.createCollection('own').catch(() => undefined);
  await db.collection('own').add({ data: { at: db.serverDate() } });
  const { total } = await db.collection('own').count();
  const upload = await cloud.uploadFile({ cloudPath: 'own/a.txt', fileContent: Buffer.from('own') });
  return { sdk: require.resolve('wx-server-sdk'), openid: cloud.getWXContext().OPENID, total, fileID: upload.fileID };
};
`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gets the same engine, identity and storage as the repository functions', async () => {
    const host = new FunctionHost({ functionsDir: dir, log: () => {} });
    const res = (await host.invoke('ownsdk', {}, { openid: 'o-own' })) as { sdk: string; openid: string; total: number; fileID: string };
    expect(res.sdk).toBe(path.join(dir, 'ownsdk', 'node_modules', 'wx-server-sdk', 'index.js'));
    expect(res.openid).toBe('o-own');
    expect(res.total).toBe(1);
    expect(res.fileID).toBe(h.cloud.platform.storage.fileIdOf('own/a.txt'));
    expect(h.cloud.platform.storage.read('own/a.txt')?.bytes.toString()).toBe('own');
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BANNED_WORDS } from '../../emulator/platform/openapi';
import { startHarness, type PlatformHarness } from './support';

let h: PlatformHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const openapi = async (api: string, params: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  (await h.post('platform', { action: 'openapi', api, params, ...extra }, 'o-caller')).body;
const outbox = async () => {
  const res = await fetch(`${h.base}/v1/outbox`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { ok: boolean; items: Array<Record<string, any>> }).items;
};

const message = (touser: string) => ({
  touser,
  templateId: 'tpl-1',
  page: 'pages/course/index?id=cs_1',
  data: { thing1: { value: '老年人慢性病防治' }, time2: { value: '2026-12-05 09:00' } },
  miniprogramState: 'formal',
});

describe('open APIs through cloud.openapi, answered locally in the SDK shapes', () => {
  it('subscribeMessage.send: ok, recorded newest first in /v1/outbox with the request as sent', async () => {
    expect(await openapi('subscribeMessage.send', message('o-a'))).toMatchObject({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' });
    await openapi('subscribeMessage.send', message('o-b'));
    const items = await outbox();
    expect(items[0]).toMatchObject({ api: 'subscribeMessage.send', functionName: 'platform', errCode: 0, request: { touser: 'o-b', template_id: 'tpl-1', miniprogram_state: 'formal' } });
    expect(items[1].request.touser).toBe('o-a');
    expect(Date.parse(items[0].at)).toBeGreaterThanOrEqual(Date.parse(items[1].at));
  });

  it('subscribeMessage.send to a user who has not subscribed fails with 43101, as WeChat answers', async () => {
    const res = await openapi('subscribeMessage.send', message('o-grandma-refuses'));
    expect(res).toMatchObject({ thrown: true, errCode: 43101 });
    expect(res.errMsg).toMatch(/^openapi\.subscribeMessage\.send:fail user refuse to accept the msg/);
    expect((await outbox())[0]).toMatchObject({ request: { touser: 'o-grandma-refuses' }, errCode: 43101 });
    const tooLong = await openapi('subscribeMessage.send', { ...message('o-a'), data: { thing1: { value: '一'.repeat(21) } } });
    expect(tooLong).toMatchObject({ thrown: true, errCode: 47003 });
  });

  it('an API the function did not declare in config.json permissions.openapi fails with -604101', async () => {
    const res = await openapi('customerServiceMessage.send', { touser: 'o-a', msgtype: 'text', text: { content: 'hi' } });
    expect(res).toMatchObject({ thrown: true, errCode: -604101 });
    expect((await outbox())[0]).toMatchObject({ api: 'customerServiceMessage.send', errCode: -604101 });
  });

  it('wxacode.getUnlimited answers a real PNG', async () => {
    const res = await openapi('wxacode.getUnlimited', { scene: 'c=cs_1&k=123456', page: 'pages/checkin/index', width: 430 });
    expect(res).toEqual({ errCode: 0, errMsg: 'openapi.wxacode.getUnlimited:ok', contentType: 'image/png', png: 'PNG' });
    expect((await outbox())[0]).toMatchObject({ api: 'wxacode.getUnlimited', request: { scene: 'c=cs_1&k=123456', page: 'pages/checkin/index' } });
    expect(await openapi('wxacode.getUnlimited', { scene: 'x'.repeat(33) })).toMatchObject({ thrown: true, errCode: 40169 });
  });

  it('security checks follow the documented local rules', async () => {
    expect(await openapi('security.msgSecCheck', { content: '欢迎参加社区科普讲座' })).toMatchObject({ errCode: 0, errMsg: 'openapi.security.msgSecCheck:ok' });
    expect(await openapi('security.msgSecCheck', { content: `课程里有${BANNED_WORDS[0]}` })).toMatchObject({ thrown: true, errCode: 87014 });
    const v2 = (content: string) => openapi('security.msgSecCheck', { content, openid: 'o-author', scene: 1, version: 2 });
    expect(await v2(`出售${BANNED_WORDS[1]}`)).toMatchObject({ errCode: 0, result: { suggest: 'risky', label: 20006 } });
    expect(await v2('今天的讲座很精彩')).toMatchObject({ errCode: 0, result: { suggest: 'pass', label: 100 } });
    expect(await openapi('security.msgSecCheck', { content: 'x', version: 2, scene: 1 })).toMatchObject({ thrown: true, errCode: 40003 });
    const media = (text: string) => ({ media: { contentType: 'image/png', text, fileName: 'poster.png' } });
    expect(await openapi('security.imgSecCheck', {}, media('risky poster'))).toMatchObject({ thrown: true, errCode: 87014 });
    expect(await openapi('security.imgSecCheck', {}, media('GIF89a'))).toMatchObject({ errCode: 0, errMsg: 'openapi.security.imgSecCheck:ok' });
    expect((await outbox())[0]).toMatchObject({ api: 'security.imgSecCheck', request: { media: { contentType: 'image/png', bytes: 6 } } });
  });

  it('phonenumber.getPhoneNumber gives the same fake mainland number for the same code', async () => {
    const a = await openapi('phonenumber.getPhoneNumber', { code: 'code-1' });
    const again = await openapi('phonenumber.getPhoneNumber', { code: 'code-1' });
    const other = await openapi('phonenumber.getPhoneNumber', { code: 'code-2' });
    expect(a).toMatchObject({ errCode: 0, phoneInfo: { countryCode: '86', watermark: { appid: h.cloud.platform.appId } } });
    expect(a.phoneInfo.phoneNumber).toMatch(/^138\d{8}$/);
    expect(again.phoneInfo.phoneNumber).toBe(a.phoneInfo.phoneNumber);
    expect(other.phoneInfo.phoneNumber).not.toBe(a.phoneInfo.phoneNumber);
    expect(await openapi('phonenumber.getPhoneNumber', { code: 'invalid' })).toMatchObject({ thrown: true, errCode: 40029 });
  });
});

describe('the repository functions use the platform without any local branch', () => {
  it('no file under cloudfunctions/ asks whether it runs on the local cloud, and the host does not say so', () => {
    const root = path.join(__dirname, '..', '..', 'cloudfunctions');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|js)$/.test(f) && !f.includes('node_modules'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) expect([file, readFileSync(path.join(root, file), 'utf8').includes('LOCAL_CLOUD')]).toEqual([file, false]);
    expect(process.env.LOCAL_CLOUD).toBeUndefined();
  });
});

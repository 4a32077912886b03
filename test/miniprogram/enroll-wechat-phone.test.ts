/** @jest-environment jsdom */
import path from 'node:path';
import type { MeResult } from '../../typings/user';
import { setupOrg, type OrgFixture } from '../org/fixtures';
import { expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { MINIPROGRAM_ROOT, renderPage, settle, setupWx, tap, textOf, type Backend, type SimComponent } from '../support/simulate';

/** 使用微信手机号 on the enrollment form: shown only when the deployment turns it on; typing stays. */
let cloud: LocalCloud;
let f: OrgFixture;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
beforeAll(async () => {
  cloud = await startTestCloud();
  f = await setupOrg(cloud);
});
afterAll(() => cloud.close());

const CONFIG = path.join(MINIPROGRAM_ROOT, 'config');
function withVerifiedPhone(on: boolean) {
  jest.doMock(CONFIG, () => {
    const actual = jest.requireActual<{ config: Record<string, unknown> }>(CONFIG);
    return { ...actual, config: { ...actual.config, verifiedPhone: on } };
  });
}
afterEach(() => jest.dontMock(CONFIG));

const phoneButton = (comp: SimComponent) => comp.querySelector('#btn-wechat-phone');
const phoneValue = (comp: SimComponent) => (comp.data.form as { phone: string }).phone;

test('off by default: no button, the number is typed', async () => {
  setupWx({ backend, storage: { devOpenid: { openid: 'phone-off' } } });
  const { comp } = await renderPage('pages/enroll/index', { pointId: f.pointA });
  expect(phoneButton(comp)).toBeUndefined();
  expect(comp.querySelector('#input-phone')).toBeDefined();
});

test('on: the button’s code fills the verified number, and the form enrolls with it', async () => {
  withVerifiedPhone(true);
  const wx = setupWx({ backend, storage: { devOpenid: { openid: 'phone-on' } } });
  const { comp } = await renderPage('pages/enroll/index', { pointId: f.pointA });
  const button = phoneButton(comp);
  expect(textOf(button)).toBe('使用微信手机号');

  // Declined in WeChat's sheet: no code, nothing sent.
  const before = wx.calls.length;
  button!.dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } });
  await settle();
  expect(wx.calls).toHaveLength(before);

  button!.dispatchEvent('getphonenumber', { detail: { code: 'wechat-code-7', errMsg: 'getPhoneNumber:ok' } });
  await settle();
  expect(wx.calls[wx.calls.length - 1].event).toEqual({ action: 'phoneFromCode', code: 'wechat-code-7' });
  const phone = phoneValue(comp);
  expect(phone).toMatch(/^138\d{8}$/);
  expect(expectOk<{ phone: string }>(await cloud.call('user', { action: 'phoneFromCode', code: 'wechat-code-7' }, 'x'))).toEqual({ phone });

  comp.querySelector('#input-name')!.dispatchEvent('input', { detail: { value: '李桂芳' } });
  tap(comp.querySelectorAll('.choice')[1]);
  comp.querySelector('#picker-birthYear')!.dispatchEvent('change', { detail: { value: '1958' } });
  comp.querySelector('#picker-occupation')!.dispatchEvent('change', { detail: { value: 0 } });
  tap(comp.querySelector('#consent'));
  await settle();
  tap(comp.querySelector('#submit'));
  await settle();
  const mine = expectOk<MeResult>(await cloud.call('user', { action: 'me' }, 'phone-on'));
  expect(mine.learner?.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
});

test('a refused code shows a Chinese error dialog and keeps the field for typing', async () => {
  withVerifiedPhone(true);
  const wx = setupWx({ backend, storage: { devOpenid: { openid: 'phone-refused' } } });
  const { comp } = await renderPage('pages/enroll/index', { pointId: f.pointA });
  phoneButton(comp)!.dispatchEvent('getphonenumber', { detail: { code: 'invalid' } });
  await settle();
  expect(wx.dialogs[wx.dialogs.length - 1]).toContain('直接输入手机号');
  expect(phoneValue(comp)).toBe('');
  expect(textOf(phoneButton(comp))).toBe('使用微信手机号');
});

/** @jest-environment jsdom */
import { database } from '../../cloudfunctions/_shared/cloud';
import type { LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';
import { startVolunteerCloud } from '../volunteer/fixtures';

// The page talks to the real volunteer function on the local cloud.
let cloud: LocalCloud;
let backend: Backend;
beforeAll(async () => {
  ({ cloud } = await startVolunteerCloud());
  backend = (name, event, openid) => cloud.call(name, event, openid);
});
afterAll(() => cloud.close());

function type(comp: any, id: string, value: string): void {
  comp.querySelector(id).dispatchEvent('input', { detail: { value } });
}

test('registration needs a name, a valid phone and the consent tick; then it is stored', async () => {
  const wx = setupWx({ backend, storage: { devOpenid: { openid: 'page-vol-1' } } });
  const { comp } = await renderPage('pages/volunteer-register/index');
  expect(textOf(comp.querySelector('#volunteer-register'))).toContain('登记成为科技志愿者');

  tap(comp.querySelector('#submit'));
  await settle();
  expect(textOf(comp.querySelector('#error-realName'))).toContain('请填写真实姓名');
  expect(textOf(comp.querySelector('#error-phone'))).toContain('11位手机号');
  expect(textOf(comp.querySelector('#error-consent'))).toContain('勾选同意');
  expect(wx.calls.filter((c) => c.event.action === 'register')).toHaveLength(0);

  type(comp, '#input-realName', '陈秀英');
  type(comp, '#input-phone', '13512345678');
  tap(comp.querySelectorAll('.skill')[1]);
  tap(comp.querySelector('#consent'));
  await settle();
  expect(comp.querySelector('#error-consent')).toBeUndefined();
  tap(comp.querySelector('#submit'));
  await settle();

  expect(textOf(comp.querySelector('#register-done'))).toContain('您已成为科技志愿者');
  const doc = (await database().collection('volunteers').doc('page-vol-1').get()).data as any;
  expect(doc).toMatchObject({ realName: '陈秀英', phone: '13512345678', skills: ['老年人数字技能'] });
  tap(comp.querySelector('#register-done .btn-primary'));
  await settle();
  expect(wx.navigations).toEqual(['/pages/teams/index']);
});

test('a registered volunteer sees the form filled in and can update it', async () => {
  setupWx({ backend, storage: { devOpenid: { openid: 'page-vol-1' }, elderMode: true } });
  const { comp } = await renderPage('pages/volunteer-register/index');
  expect(textOf(comp.querySelector('#volunteer-register'))).toContain('修改志愿者信息');
  expect(comp.instance.data.realName).toBe('陈秀英');
  expect(comp.querySelector('#volunteer-register')!.dom!.className).toContain('elder');
  type(comp, '#input-phone', '13612345678');
  tap(comp.querySelector('#consent'));
  tap(comp.querySelector('#submit'));
  await settle();
  expect(textOf(comp.querySelector('#register-done'))).toContain('登记信息已保存');
  expect(((await database().collection('volunteers').doc('page-vol-1').get()).data as any).phone).toBe('13612345678');
});

test('a function error is shown as it is, and the form stays', async () => {
  setupWx({ backend: async () => ({ ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } }) });
  const { comp } = await renderPage('pages/volunteer-register/index');
  expect(textOf(comp.querySelector('#register-state'))).toContain('系统繁忙，请稍后再试');
});

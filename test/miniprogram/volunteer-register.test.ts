/** @jest-environment jsdom */
import { database } from '../../cloudfunctions/_shared/cloud';
import { expectOk, type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, withDialogs, type Backend } from '../support/simulate';
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

test('the consent notice says what a deletion removes and what it keeps', async () => {
  setupWx({ backend, storage: { devOpenid: { openid: 'page-vol-new' } } });
  const { comp } = await renderPage('pages/volunteer-register/index');
  // Folded to its first paragraph until opened (ten paragraphs before the form was too much).
  expect(textOf(comp.querySelector('#volunteer-register'))).not.toContain('注销时删除');
  tap(comp.querySelector('#notice-toggle'));
  await settle();
  const text = textOf(comp.querySelector('#volunteer-register'));
  expect(text).toContain('注销时删除：您的姓名、手机号和服务技能');
  expect(text).toContain('已审核通过的服务时长记录');
  expect(text).toContain('已注销志愿者');
  // Not registered yet: nothing to delete, no button.
  expect(comp.querySelector('#unregister')).toBeUndefined();
});

describe('注销志愿者信息', () => {
  test('asks first; "再想想" changes nothing', async () => {
    const wx = withDialogs(setupWx({ backend, storage: { devOpenid: { openid: 'page-vol-1' } } }));
    wx.confirm = false;
    const { comp } = await renderPage('pages/volunteer-register/index');
    tap(comp.querySelector('#unregister'));
    await settle();
    expect(wx.modals).toHaveLength(1);
    expect(wx.modals[0]!.title).toBe('注销志愿者信息');
    expect(wx.modals[0]!.content).toContain('姓名、手机号');
    expect(wx.modals[0]!.content).toContain('不能恢复');
    expect(wx.calls.filter((c) => c.event.action === 'unregister')).toHaveLength(0);
    expect((await database().collection('volunteers').where({ _id: 'page-vol-1' }).get()).data).toHaveLength(1);
  });

  test('a team leader is told to have the leader changed first', async () => {
    process.env.HEAD_ADMIN_OPENIDS = 'head-1';
    expectOk(await cloud.call('volunteer', { action: 'register', realName: '刘队长', phone: '13700001111' }, 'page-leader'));
    await database().collection('points').add({ data: { _id: 'pt_page_unreg', branchId: 'br_500103', name: '石油路社区', address: '石油路1号', active: true, learnerCount: 0 } });
    expectOk(await cloud.call('volunteer', { action: 'createTeam', unitId: 'pt_page_unreg', leaderOpenid: 'page-leader' }, 'head-1'));
    withDialogs(setupWx({ backend, storage: { devOpenid: { openid: 'page-leader' } } }));
    const { comp } = await renderPage('pages/volunteer-register/index');
    tap(comp.querySelector('#unregister'));
    await settle();
    expect(textOf(comp.querySelector('#form-alert'))).toContain('更换队长');
    expect(comp.querySelector('#unregister-done')).toBeUndefined();
  });

  test('confirmed: the registration is deleted and the page says what was kept', async () => {
    const wx = withDialogs(setupWx({ backend, storage: { devOpenid: { openid: 'page-vol-1' }, elderMode: true } }));
    const { comp } = await renderPage('pages/volunteer-register/index');
    tap(comp.querySelector('#unregister'));
    await settle();
    expect(wx.calls.find((c) => c.event.action === 'unregister')!.event).toEqual({ action: 'unregister', confirm: true });
    expect(textOf(comp.querySelector('#unregister-done'))).toContain('您的志愿者信息已注销');
    expect((await database().collection('volunteers').where({ _id: 'page-vol-1' }).get()).data).toEqual([]);
    tap(comp.querySelector('#unregister-done .btn'));
    await settle();
    expect(wx.navigations).toEqual(['/pages/index/index']);
  });
});

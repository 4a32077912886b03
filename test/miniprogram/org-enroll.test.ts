/** @jest-environment jsdom */
import type { MeResult } from '../../typings/user';
import { HEAD, PEOPLE, setupOrg, type OrgFixture } from '../org/fixtures';
import { expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';

/** The enrollment form against the real local cloud: the fake wx.request goes to the function host. */
let cloud: LocalCloud;
let f: OrgFixture;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
beforeAll(async () => {
  cloud = await startTestCloud();
  f = await setupOrg(cloud);
});
afterAll(() => cloud.close());

const as = (openid: string) => ({ devOpenid: { openid } });
const input = (comp: { querySelector(s: string): any }, id: string, value: string) =>
  comp.querySelector(id).dispatchEvent('input', { detail: { value } });

test('shows every field’s problem at once, sends nothing, then submits a corrected form', async () => {
  const wx = setupWx({ backend, storage: as('page-resident') });
  const { comp } = await renderPage('pages/enroll/index', { pointId: f.pointA });
  expect(textOf(comp.querySelector('#point-name'))).toBe('解放碑');
  const callsAfterLoad = wx.calls.length;

  tap(comp.querySelector('#submit'));
  await settle();
  expect(wx.calls).toHaveLength(callsAfterLoad);
  expect(textOf(comp.querySelector('#form-alert'))).toContain('请修改后再提交：姓名至少2个字');
  expect(textOf(comp.querySelector('#error-gender'))).toBe('请选择性别：男或女');
  expect(textOf(comp.querySelector('#error-birthYear'))).toContain('请选择出生年份');
  expect(textOf(comp.querySelector('#error-occupation'))).toBe('请从列表中选择职业，没有合适的请选「其他」');
  expect(textOf(comp.querySelector('#error-phone'))).toBe('手机号应为11位中国大陆手机号，如 13812345678');
  expect(textOf(comp.querySelector('#error-consent'))).toBe('请阅读《个人信息保护说明》并勾选同意后再提交');

  input(comp, '#input-name', '王秀兰');
  tap(comp.querySelectorAll('.choice')[1]);
  comp.querySelector('#picker-birthYear')!.dispatchEvent('change', { detail: { value: '1956' } });
  comp.querySelector('#picker-occupation')!.dispatchEvent('change', { detail: { value: 0 } });
  input(comp, '#input-phone', '1391234');
  await settle();
  expect(comp.querySelector('#error-name')).toBeUndefined();

  tap(comp.querySelector('#submit'));
  await settle();
  expect(textOf(comp.querySelector('#error-phone'))).toContain('11位');
  input(comp, '#input-phone', '13912345678');
  tap(comp.querySelector('#consent'));
  await settle();
  tap(comp.querySelector('#submit'));
  await settle();

  expect(textOf(comp.querySelector('#enroll-done'))).toContain('报名成功！欢迎加入社区科普大学');
  const enrollCall = wx.calls.find((c) => c.event.action === 'enroll')!;
  expect(enrollCall).toMatchObject({ via: 'request', name: 'user', openid: 'page-resident' });
  expect(enrollCall.event).toEqual({ action: 'enroll', pointId: f.pointA, name: '王秀兰', gender: 'female', birthYear: 1956, occupation: 'retired', phone: '13912345678', consent: true });
  const m = expectOk<MeResult>(await cloud.call('user', { action: 'me' }, 'page-resident'));
  expect(m.learner).toMatchObject({ pointId: f.pointA, name: '王秀兰', gender: 'female', phoneMasked: '139****5678' });
});

test('the privacy notice opens on tap and names the data, its use, and the right to withdraw', async () => {
  setupWx({ backend, storage: as('page-reader') });
  const { comp } = await renderPage('pages/enroll/index', { pointId: f.pointA });
  expect(comp.querySelector('#notice-text')).toBeUndefined();
  tap(comp.querySelector('.notice-head'));
  await settle();
  const text = textOf(comp.querySelector('#notice-text'));
  expect(text).toContain('姓名、性别、出生年份、职业、手机号');
  expect(text).toContain('注销学籍');
  // What a withdrawal deletes and what it keeps (anonymised), stated exactly.
  expect(text).toContain('注销学籍时删除：您的报名信息（姓名、性别、出生年份、职业、手机号、转点记录）和科普信息员登记');
  expect(text).toContain('竞答成绩（排行榜上显示为“微信用户”）');
  expect(text).toContain('累计注销人数');
});

test('an enrolled learner opening another point’s form sees a transfer, prefilled, and the server moves them', async () => {
  setupWx({ backend, storage: as(PEOPLE.learner) });
  const { comp } = await renderPage('pages/enroll/index', { pointId: f.pointC });
  expect(textOf(comp.querySelector('#transfer-note'))).toContain('您目前在「解放碑」学习');
  expect(comp.instance.data.form.name).toBe('张三明');
  expect(textOf(comp.querySelector('#submit'))).toBe('确认转到这个教学点');
  input(comp, '#input-phone', '13812345678');
  tap(comp.querySelector('#consent'));
  await settle();
  tap(comp.querySelector('#submit'));
  await settle();
  expect(textOf(comp.querySelector('#enroll-done'))).toContain('已为您转到新的教学点');
  expect(expectOk<MeResult>(await cloud.call('user', { action: 'me' }, PEOPLE.learner)).learner!.pointId).toBe(f.pointC);
});

test('a server refusal is shown as it is; a network failure keeps what was typed', async () => {
  const pointId = expectOk<{ pointId: string }>(
    await cloud.call('org', { action: 'createPoint', branchId: 'br_500103', name: '即将停用', address: '重庆市渝中区某路1号', leaderName: '刘洋', leaderTitle: '教科文卫委员' }, HEAD),
  ).pointId;
  let offline = false;
  const wx = setupWx({ backend: (n, e, o) => (offline ? Promise.reject(new Error('offline')) : backend(n, e, o)), storage: as('page-late') });
  const { comp } = await renderPage('pages/enroll/index', { pointId });
  expectOk(await cloud.call('org', { action: 'deactivatePoint', pointId, reason: '社区合并' }, HEAD));
  const fill = async () => {
    input(comp, '#input-name', '周建国');
    tap(comp.querySelectorAll('.choice')[0]);
    comp.querySelector('#picker-birthYear')!.dispatchEvent('change', { detail: { value: '1950' } });
    comp.querySelector('#picker-occupation')!.dispatchEvent('change', { detail: { value: 1 } });
    input(comp, '#input-phone', '13512345678');
    if (!comp.instance.data.form.consent) tap(comp.querySelector('#consent'));
    await settle();
  };
  await fill();
  tap(comp.querySelector('#submit'));
  await settle();
  expect(textOf(comp.querySelector('#form-alert'))).toBe('这个教学点已停止招生，请选择其他教学点');

  offline = true;
  tap(comp.querySelector('#submit'));
  await settle();
  expect(textOf(comp.querySelector('#form-alert'))).toBe('网络不太好，请稍后再试，您填写的内容已保留');
  expect(comp.instance.data.form).toMatchObject({ name: '周建国', phone: '13512345678', consent: true });
  expect(wx.calls.filter((c) => c.event.action === 'enroll')).toHaveLength(2);
});

test('without a point the form sends the resident to the finder', async () => {
  const wx = setupWx({ backend, storage: as('page-lost') });
  const { comp } = await renderPage('pages/enroll/index', {});
  expect(textOf(comp.querySelector('#enroll'))).toContain('请先选择要报名的教学点');
  tap(comp.querySelector('.action'));
  await settle();
  expect(wx.navigations).toEqual(['/pages/points/index']);
});

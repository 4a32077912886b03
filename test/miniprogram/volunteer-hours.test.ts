/** @jest-environment jsdom */
import type { LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';
import { HOUR, YUZHONG, addPoint, at, grant, member, phone, startVolunteerCloud, type Vol } from '../volunteer/fixtures';

let cloud: LocalCloud;
let v: Vol;
let backend: Backend;
let teamId: string;
let activityId: string;

beforeAll(async () => {
  ({ cloud, v } = await startVolunteerCloud());
  backend = (name, event, openid) => cloud.call(name, event, openid);
  await addPoint('pt_page', YUZHONG, '两路口社区');
  await grant('padmin', 'point_admin', 'pt_page');
  await v.ok('register', { realName: '蒋队长', phone: phone() }, 'leader');
  ({ teamId } = await v.ok('createTeam', { unitId: 'pt_page', leaderOpenid: 'leader' }, 'padmin'));
  await member(v, teamId, 'page-vol', 'leader', '谢桂兰');
  const mk = async (title: string) =>
    (await v.ok('createActivity', { teamId, title, startsAt: at(HOUR), endsAt: at(3 * HOUR), location: '两路口', slots: 10, hours: 2, keyDay: '全国科普日' }, 'leader')).activityId as string;
  const done = await mk('全国科普日义诊');
  activityId = await mk('科普讲座');
  await v.ok('signupActivity', { activityId: done }, 'page-vol');
  await v.ok('signupActivity', { activityId }, 'page-vol');
  cloud.setClockOffset(4 * HOUR);
  const { recordId } = await v.ok('logHours', { activityId: done, hours: 2 }, 'page-vol');
  await v.ok('reviewHours', { recordId, approve: true }, 'leader');
});
afterEach(() => cloud.setClockOffset(4 * HOUR));
afterAll(() => cloud.close());

test('my hours: approved and pending totals, star progress, records and their history', async () => {
  setupWx({ backend, storage: { devOpenid: { openid: 'page-vol' } } });
  const { comp } = await renderPage('pages/hours/index');
  expect(textOf(comp.querySelector('#approved-hours'))).toBe('2');
  expect(textOf(comp.querySelector('#pending-hours'))).toBe('0');
  // What was done, then the next milestone; no row of empty stars.
  expect(textOf(comp.querySelector('#summary'))).toContain('您已服务 2 小时，谢谢您！累计满 100 小时可评为一星志愿者');
  expect(textOf(comp.querySelector('#summary'))).not.toContain('☆');
  expect(textOf(comp.querySelector('#main-action'))).toBe('报名志愿活动 · 签到签退');
  expect(textOf(comp.querySelector('#hours'))).toContain('全国科普日义诊');
  expect(textOf(comp.querySelector('#hours'))).toContain('已通过');
  expect(textOf(comp.querySelector('#hours'))).toContain('队员');

  const historyButton = comp.querySelectorAll('.record .history-link')[0];
  tap(historyButton);
  await settle();
  const text = textOf(comp.querySelector('#hours'));
  expect(text).toContain('本人登记');
  expect(text).toContain('蒋*长审核通过');
});

test('claiming hours on the activity page: over the length refused on the page, then pending', async () => {
  const wx = setupWx({ backend, storage: { devOpenid: { openid: 'page-vol' } } });
  const { comp } = await renderPage('pages/activity/index', { activityId });
  expect(textOf(comp.querySelector('#signup-status'))).toContain('您已报名');
  comp.querySelector('#input-hours')!.dispatchEvent('input', { detail: { value: '3' } });
  tap(comp.querySelector('#claim'));
  await settle();
  expect(textOf(comp.querySelector('#claim-error'))).toContain('不能超过活动时长 2 小时');
  expect(wx.calls.some((c) => c.event.action === 'logHours')).toBe(false);

  comp.querySelector('#input-hours')!.dispatchEvent('input', { detail: { value: '1.5' } });
  tap(comp.querySelector('#claim'));
  await settle();
  expect(wx.toasts.map((t) => t.title)).toContain('已提交，等待队长审核');
  expect(textOf(comp.querySelector('#record-status'))).toContain('1.5小时 · 待审核');

  const hours = await renderPage('pages/hours/index');
  expect(textOf(hours.comp.querySelector('#pending-hours'))).toBe('1.5');
  expect(textOf(hours.comp.querySelector('#approved-hours'))).toBe('2');
});

test('someone not registered is offered the registration', async () => {
  const wx = setupWx({ backend, storage: { devOpenid: { openid: 'page-nobody' } } });
  const { comp } = await renderPage('pages/hours/index');
  expect(textOf(comp.querySelector('#not-registered'))).toContain('您还不是科技志愿者');
  tap(comp.querySelector('#not-registered .btn-primary'));
  await settle();
  expect(wx.navigations).toEqual(['/pages/volunteer-register/index']);
});

test('the leader reviews a claim: rejecting needs a reason, which the volunteer then sees', async () => {
  const wx = setupWx({ backend, storage: { devOpenid: { openid: 'leader' } } });
  const { comp } = await renderPage('packages/staff/pages/hours-review/index', { teamId });
  expect(textOf(comp.querySelector('#claims-state'))).toContain('谢桂兰 · 1.5小时');
  tap(comp.querySelector('.claim .reject'));
  await settle();
  tap(comp.querySelector('.confirm-reject'));
  await settle();
  expect(textOf(comp.querySelector('.reason-error'))).toContain('请写明不通过的原因');
  comp.querySelector('.reason-input')!.dispatchEvent('input', { detail: { value: '签到表上没有您的名字' } });
  tap(comp.querySelector('.confirm-reject'));
  await settle();
  expect(wx.calls.filter((c) => c.event.action === 'reviewHours').map((c) => c.event)).toEqual([
    { action: 'reviewHours', recordId: `${activityId}:page-vol`, approve: false, reason: '签到表上没有您的名字' },
  ]);
  expect(textOf(comp.querySelector('#claims-state'))).toContain('没有需要处理的记录');

  setupWx({ backend, storage: { devOpenid: { openid: 'page-vol' } } });
  const hours = await renderPage('pages/hours/index');
  expect(textOf(hours.comp.querySelector('#hours'))).toContain('原因：签到表上没有您的名字');
});

/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import type { MeResult } from '../../typings/user';
import { expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend, type SimComponent } from '../support/simulate';
import { BRANCH_ADMIN, setupCourseOrg, type CourseOrg } from '../course/fixtures';

/** 身份码: 我的 shows 6 digits; the branch admin types them on 任命管理员; no OPENID on either screen. */
let cloud: LocalCloud;
let org: CourseOrg;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
const as = (openid: string) => ({ devOpenid: { openid } });
beforeAll(async () => {
  cloud = await startTestCloud();
  org = await setupCourseOrg(cloud);
});
afterEach(() => cloud.setClockOffset(0));
afterAll(() => cloud.close());

async function codeOnMe(openid: string): Promise<{ comp: SimComponent; code: string }> {
  setupWx({ backend, storage: as(openid) });
  const { comp } = await renderPage('pages/me/index');
  expect(comp.querySelector('#staff-code')).toBeUndefined();
  tap(comp.querySelector('#btn-staff-code'));
  await settle();
  const code = textOf(comp.querySelector('#staff-code'));
  expect(code).toMatch(/^\d{6}$/);
  expect(textOf(comp.querySelector('#staff-code-until'))).toMatch(/^\d{2}:\d{2} 前有效$/);
  expect(textOf(comp.querySelector('#me'))).not.toContain(openid);
  return { comp, code };
}

async function grantWith(code: string): Promise<SimComponent> {
  setupWx({ backend, storage: as(BRANCH_ADMIN) });
  const { comp } = await renderPage('packages/staff/pages/grants/index', { unitId: org.pointB });
  comp.querySelector('#input-code')!.dispatchEvent('input', { detail: { value: code } });
  await settle();
  tap(comp.querySelector('#btn-grant'));
  await settle();
  return comp;
}

test('a code from 我的 appoints its owner; used again it is refused in Chinese', async () => {
  const { code } = await codeOnMe('code-page-person');
  const comp = await grantWith(code);
  expect(textOf(comp.querySelector('#grants-notice'))).toBe('已任命为教学点负责人');
  const mine = expectOk<MeResult>(await cloud.call('user', { action: 'me' }, 'code-page-person'));
  expect(mine.roles).toEqual([expect.objectContaining({ role: 'point_admin', scopeId: org.pointB })]);

  const again = await grantWith(code);
  expect(textOf(again.querySelector('#grants-alert'))).toContain('已用过');
});

test('an expired code is refused; a typo is caught before sending', async () => {
  const { code } = await codeOnMe('code-page-late');
  cloud.setClockOffset(11 * 60_000);
  const late = await grantWith(code);
  expect(textOf(late.querySelector('#grants-alert'))).toContain('已过期');

  const wx = setupWx({ backend, storage: as(BRANCH_ADMIN) });
  const { comp } = await renderPage('packages/staff/pages/grants/index', { unitId: org.pointB });
  const sent = wx.calls.length;
  comp.querySelector('#input-code')!.dispatchEvent('input', { detail: { value: '12345' } });
  tap(comp.querySelector('#btn-grant'));
  await settle();
  expect(wx.calls).toHaveLength(sent);
  expect(textOf(comp.querySelector('#grants-alert'))).toContain('6 位身份码');
});

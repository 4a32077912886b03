/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import type { LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';
import { startOrgCloud } from '../org/fixtures';

/** 我的 → 申请成为科普讲师, against the real functions on the local cloud. */
let cloud: LocalCloud;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);

beforeAll(async () => {
  ({ cloud } = await startOrgCloud());
});
afterAll(() => cloud.close());

test('我的 offers the way to apply as a science teacher, for anyone signed in', async () => {
  const wx = setupWx({ backend, storage: { devOpenid: { openid: 'me-teacher-guest' } } });
  const { comp } = await renderPage('pages/me/index');
  await settle();
  const entry = comp.querySelector('#btn-teacher-apply');
  expect(textOf(entry)).toBe('申请成为科普讲师');
  tap(entry);
  await settle();
  expect(wx.navigations).toEqual(['/pages/teacher-apply/index']);
});

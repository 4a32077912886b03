/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { TextEncoder } from 'node:util';
import { typedApi, type LocalCloud } from '../support/cloud';
import { PEOPLE, startOrgCloud, YUZHONG, JIANGBEI } from '../org/fixtures';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';

// jsdom has no TextEncoder; the emulator's QR library (the backend here) needs it.
Object.assign(globalThis, { TextEncoder });

/** 师资库 against the real teacher function: qualify, turn down with a reason, the letter's QR code, revoke. */
let cloud: LocalCloud;
let api: ReturnType<typeof typedApi>;
let backend: Backend;
const ids: Record<string, string> = {};

const apply = (openid: string, name: string, phone: string, branchId = YUZHONG) =>
  api.ok('teacher', 'apply', { name, organisation: '重庆市第一中学', title: '高级教师', field: '物理', topics: ['用'], phone, branchId, consent: true }, openid);

beforeAll(async () => {
  ({ cloud } = await startOrgCloud());
  api = typedApi(cloud);
  backend = (name, event, openid) => cloud.call(name, event, openid);
  ids.a = (await apply('pool-a', '周建华', '13800001111')).teacherId;
  ids.b = (await apply('pool-b', '吴秀兰', '13800002222')).teacherId;
  await apply('pool-c', '郑国强', '13800003333', JIANGBEI);
});
afterAll(() => cloud.close());

type Comp = Awaited<ReturnType<typeof renderPage>>['comp'];
const el = (comp: Comp, part: string, who: 'a' | 'b') => comp.querySelector(`#${part}-${ids[who]}`);

test('a branch admin approves one, turns one down with a reason (asked inline), then shows the QR and revokes', async () => {
  const wx = setupWx({ backend, storage: { devOpenid: { openid: PEOPLE.branchAdminYuzhong } } });
  (globalThis as unknown as { wx: Record<string, unknown> }).wx.previewImage = () => undefined;
  const { comp, unmount } = await renderPage('packages/staff/pages/teacher-pool/index');
  expect(comp.querySelectorAll('.name').map(textOf)).toEqual(expect.arrayContaining(['周建华', '吴秀兰']));
  expect(textOf(comp.querySelector('#teachers'))).not.toContain('郑国强');
  expect(textOf(comp.querySelector('#teachers'))).toContain('13800001111');

  tap(el(comp, 'approve', 'a'));
  await settle();
  expect(textOf(comp.querySelector('#teachers'))).not.toContain('周建华');

  tap(el(comp, 'reject', 'b'));
  await settle();
  tap(el(comp, 'confirm', 'b'));
  await settle();
  expect(textOf(el(comp, 'reason-error', 'b'))).toBe('请写明原因，对方会看到');
  el(comp, 'reason-input', 'b')!.dispatchEvent('input', { detail: { value: '专业领域与科普主题不符' } });
  tap(el(comp, 'confirm', 'b'));
  await settle();
  expect(comp.querySelectorAll('.teacher')).toHaveLength(0);
  expect(textOf(comp.querySelector('#pool-state'))).toContain('这里还没有讲师');
  expect((await api.ok('teacher', 'mine', {}, 'pool-b')).teacher).toMatchObject({ status: 'rejected', rejectReason: '专业领域与科普主题不符' });

  tap(comp.querySelectorAll('.filter')[1]);
  await settle();
  expect(textOf(el(comp, 'teacher', 'a'))).toMatch(/聘书 渝科普聘〔\d{4}〕0001号（有效）/);
  tap(el(comp, 'qr', 'a'));
  await settle();
  expect(wx.calls.some((c) => c.event.action === 'letterImage')).toBe(true);
  expect(textOf(el(comp, 'qr-number', 'a'))).toMatch(/^渝科普聘/);

  tap(el(comp, 'revoke', 'a'));
  await settle();
  el(comp, 'reason-input', 'a')!.dispatchEvent('input', { detail: { value: '调离本市' } });
  tap(el(comp, 'confirm', 'a'));
  await settle();
  expect(textOf(el(comp, 'teacher', 'a'))).toContain('（已撤销）');
  expect(el(comp, 'revoke', 'a')).toBeUndefined();
  unmount();
});

test('the head school sees every branch but does not qualify; a learner is told why', async () => {
  setupWx({ backend, storage: { devOpenid: { openid: PEOPLE.head } } });
  const head = await renderPage('packages/staff/pages/teacher-pool/index');
  expect(textOf(head.comp.querySelector('#teachers'))).toContain('郑国强');
  expect(head.comp.querySelector('.approve')).toBeUndefined();
  head.unmount();

  setupWx({ backend, storage: { devOpenid: { openid: PEOPLE.learner } } });
  const learner = await renderPage('packages/staff/pages/teacher-pool/index');
  expect(textOf(learner.comp.querySelector('#pool-state'))).toContain('只有总校或分校管理员');
  learner.unmount();
});

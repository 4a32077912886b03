/** @jest-environment jsdom */
import { typedApi, type LocalCloud } from '../support/cloud';
import { courseInput } from '../course/fixtures';
import { PEOPLE, startOrgCloud, YUZHONG, type OrgFixture } from '../org/fixtures';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';

/** The resident's teacher pages (聘书查验, 申请成为讲师) and the teacher card of a course, on the real functions. */
let cloud: LocalCloud;
let f: OrgFixture;
let api: ReturnType<typeof typedApi>;
let backend: Backend;
let letterNumber: string;
let teacherId: string;

beforeAll(async () => {
  ({ cloud, f } = await startOrgCloud());
  api = typedApi(cloud);
  backend = (name, event, openid) => cloud.call(name, event, openid);
  ({ teacherId } = await api.ok(
    'teacher',
    'addTeacher',
    { branchId: YUZHONG, name: '孙立平', organisation: '重庆市科技馆', title: '高级馆员', field: '应急科普', topics: ['用'], phone: '13700002222' },
    PEOPLE.branchAdminYuzhong,
  ));
  letterNumber = (await api.ok('teacher', 'qualify', { teacherId, approve: true }, PEOPLE.branchAdminYuzhong)).letterNumber!;
});
afterAll(() => cloud.close());

const shortCode = (n: string) => {
  const m = /〔(\d{4})〕(\d{4})号/.exec(n)!;
  return `l=${m[1]}-${m[2]}`;
};

test('the QR scene opens the letter: number, name, issuer and 有效 in big words; revoked shows 已撤销', async () => {
  setupWx({ backend });
  const open = await renderPage('pages/letter/index', { scene: encodeURIComponent(shortCode(letterNumber)) });
  expect(textOf(open.comp.querySelector('#letter-status'))).toBe('有效');
  expect(textOf(open.comp.querySelector('#letter-name'))).toBe('孙立平');
  expect(textOf(open.comp.querySelector('#letter-number'))).toBe(letterNumber);
  expect(textOf(open.comp.querySelector('#letter-issuer'))).toContain('渝中');
  expect(textOf(open.comp.querySelector('#letter'))).not.toContain(teacherId);
  open.unmount();

  await api.ok('teacher', 'revokeLetter', { letterNumber, reason: '本人申请退出' }, PEOPLE.branchAdminYuzhong);
  setupWx({ backend });
  const typed = await renderPage('pages/letter/index');
  expect(textOf(typed.comp.querySelector('#letter-state'))).toContain('输入聘书编号');
  tap(typed.comp.querySelector('#letter-submit'));
  await settle();
  expect(textOf(typed.comp.querySelector('#input-error'))).toBe('请输入聘书上的编号');
  typed.comp.querySelector('#letter-input')!.dispatchEvent('input', { detail: { value: letterNumber } });
  tap(typed.comp.querySelector('#letter-submit'));
  await settle();
  expect(textOf(typed.comp.querySelector('#letter-status'))).toBe('已撤销');

  typed.comp.querySelector('#letter-input')!.dispatchEvent('input', { detail: { value: '渝科普聘〔2026〕9999号' } });
  tap(typed.comp.querySelector('#letter-submit'));
  await settle();
  expect(textOf(typed.comp.querySelector('#letter-state'))).toContain('没有查到这份聘书');
  typed.unmount();
});

test('apply: every field checked inline, then the application is sent and shows as 待审核 next time', async () => {
  const wx = setupWx({ backend, storage: { devOpenid: { openid: 'apply-page-1' } } });
  const { comp, unmount } = await renderPage('pages/teacher-apply/index');
  tap(comp.querySelector('#submit'));
  await settle();
  for (const id of ['name', 'organisation', 'title', 'field', 'phone', 'branch', 'topics', 'consent']) expect(textOf(comp.querySelector(`#error-${id}`))).not.toBe('');
  expect(wx.calls.filter((c) => c.event.action === 'apply')).toHaveLength(0);

  const type = (id: string, value: string) => comp.querySelector(`#input-${id}`)!.dispatchEvent('input', { detail: { value } });
  type('name', '李文华');
  type('organisation', '重庆医科大学附属第一医院');
  type('title', '主任医师');
  type('field', '老年医学');
  type('phone', '13912345678');
  const page = comp.instance as unknown as { onBranch(e: unknown): void; data: { branchNames: string[] } };
  page.onBranch({ detail: { value: String(page.data.branchNames.findIndex((n) => n.indexOf('渝中') >= 0)) } });
  tap(comp.querySelectorAll('.topic')[8]);
  tap(comp.querySelector('#consent'));
  tap(comp.querySelector('#submit'));
  await settle();
  expect(comp.querySelector('#apply-done')).toBeDefined();
  expect(wx.calls.find((c) => c.event.action === 'apply')!.event).toMatchObject({ branchId: YUZHONG, topics: ['病'], consent: true });
  unmount();

  setupWx({ backend, storage: { devOpenid: { openid: 'apply-page-1' } } });
  const again = await renderPage('pages/teacher-apply/index');
  expect(textOf(again.comp.querySelector('#apply-current'))).toBe('您的申请：待审核');
  expect(again.comp.querySelectorAll('.topic.chosen')).toHaveLength(1);
  again.unmount();
});

test('a course given by a pool teacher shows their card after the signup button; a one-off speaker shows none', async () => {
  const other = (await api.ok('teacher', 'addTeacher', { branchId: YUZHONG, name: '钱学敏', organisation: '重庆大学', title: '教授', field: '材料科学', topics: ['用'], phone: '13700003333' }, PEOPLE.branchAdminYuzhong)).teacherId;
  await api.ok('teacher', 'qualify', { teacherId: other, approve: true }, PEOPLE.branchAdminYuzhong);
  const withTeacher = (await api.ok('course', 'create', { ...courseInput(f.pointA), teacherId: other }, PEOPLE.pointAdminA)).courseId;
  const oneOff = (await api.ok('course', 'create', courseInput(f.pointA), PEOPLE.pointAdminA)).courseId;

  setupWx({ backend, storage: { devOpenid: { openid: PEOPLE.learner } } });
  wxExtras();
  const a = await renderPage('pages/course/index', { id: withTeacher });
  const card = textOf(a.comp.querySelector('#course-teacher'));
  expect(card).toContain('钱学敏');
  expect(card).toContain('重庆大学 · 教授');
  expect(card).toContain('材料科学');
  expect(card).not.toContain('137');
  // The card comes after the 报名 button (which stays on the first screen).
  const page = textOf(a.comp.querySelector('#course'));
  expect(page.indexOf('我要报名')).toBeGreaterThan(0);
  expect(page.indexOf('我要报名')).toBeLessThan(page.indexOf('授课老师'));
  a.unmount();

  const b = await renderPage('pages/course/index', { id: oneOff });
  expect(b.comp.querySelector('#course')).toBeDefined();
  expect(b.comp.querySelector('#course-teacher')).toBeUndefined();
  b.unmount();
});

function wxExtras(): void {
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  wx.requestSubscribeMessage = (o: { success?: (r: Record<string, string>) => void }) => o.success?.({});
}

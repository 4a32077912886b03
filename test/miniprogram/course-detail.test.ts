/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { database } from '../../cloudfunctions/_shared/cloud';
import { expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend, type FakeWx } from '../support/simulate';
import { courseInput, createCourse, enrollLearners, POINT_ADMIN, setupCourseOrg, type CourseOrg } from '../course/fixtures';

/** The course detail page against the real course function on the local cloud. */
let cloud: LocalCloud;
let org: CourseOrg;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
const as = (openid: string) => ({ devOpenid: { openid } });
const [FIRST, SECOND] = ['page-detail-1', 'page-detail-2'];

beforeAll(async () => {
  cloud = await startTestCloud();
  org = await setupCourseOrg(cloud);
  await enrollLearners(cloud, org.pointA, [FIRST, SECOND]);
});
afterAll(() => cloud.close());

interface Extra {
  modals: Array<{ title?: string; content?: string }>;
  subscribeAsks: number;
}

/** APIs the detail page uses beyond the shared fake: a confirming modal and the subscription prompt. */
function withDialogs(fake: FakeWx, confirm = true): Extra {
  const extra: Extra = { modals: [], subscribeAsks: 0 };
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  wx.showModal = (o: { title?: string; content?: string; success?: (r: { confirm: boolean; cancel: boolean }) => void }) => {
    extra.modals.push(o);
    o.success?.({ confirm, cancel: !confirm });
  };
  wx.requestSubscribeMessage = (o: { success?: (r: Record<string, string>) => void }) => {
    extra.subscribeAsks++;
    o.success?.({});
  };
  wx.setClipboardData = () => {};
  void fake;
  return extra;
}

test('sign up (reminder recorded in the same tap), see the seat, cancel with confirmation', async () => {
  const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { capacity: 1 }));
  const fake = setupWx({ backend, storage: as(FIRST) });
  const extra = withDialogs(fake);
  const { comp } = await renderPage('pages/course/index', { id: courseId });
  const text = textOf(comp.querySelector('#course'));
  expect(text).toContain('老年人慢性病防治');
  expect(text).toContain('刘医生');
  expect(text).toContain('社区服务中心二楼活动室');
  expect(textOf(comp.querySelector('#seats'))).toContain('剩余 1 个名额');
  expect(textOf(comp.querySelector('#signup'))).toBe('我要报名');
  expect(comp.querySelector('#staff-tools')).toBeUndefined();

  tap(comp.querySelector('#signup'));
  await settle();
  const actions = fake.calls.map((c) => c.event.action);
  expect(actions).toEqual(['get', 'courseResources', 'signup', 'subscribeReminder', 'get']);
  expect(textOf(comp.querySelector('#notice'))).toBe('报名成功！开课前会提醒您。');
  expect(textOf(comp.querySelector('#my-place'))).toBe('您已报名成功');
  // The course's state and mine, each under its own name: the course is now full, I have a seat.
  expect(textOf(comp.querySelector('#course-status'))).toBe('已满·可候补');
  expect(textOf(comp.querySelector('#my-status'))).toBe('已报名 ✓');
  expect(comp.querySelector('#signup')).toBeUndefined();
  // Local cloud: no WeChat prompt, the subscription is recorded.
  expect(extra.subscribeAsks).toBe(0);
  const signup = await database().collection('signups').doc(`${courseId}:${FIRST}`).get();
  expect(signup.data.remind).toBe('pending');

  tap(comp.querySelector('#cancel'));
  await settle();
  expect(extra.modals[0].title).toBe('取消报名');
  expect(textOf(comp.querySelector('#notice'))).toBe('已取消报名。');
  expect(textOf(comp.querySelector('#signup'))).toBe('我要报名');
});

test('a full course offers the waitlist and shows the position', async () => {
  const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { capacity: 1 }));
  expectOk(await cloud.call('course', { action: 'signup', courseId }, FIRST));
  const fake = setupWx({ backend, storage: as(SECOND) });
  withDialogs(fake);
  const { comp } = await renderPage('pages/course/index', { id: courseId });
  expect(textOf(comp.querySelector('#signup'))).toBe('加入候补');
  tap(comp.querySelector('#signup'));
  await settle();
  expect(textOf(comp.querySelector('#notice'))).toContain('名额已满，您已进入候补第 1 位');
  expect(textOf(comp.querySelector('#my-place'))).toContain('候补名单第 1 位');
  expect(textOf(comp.querySelector('#my-status'))).toBe('候补第 1 位');
  // A waitlisted resident leaves the waitlist; they never "cancel a signup" they do not have.
  expect(textOf(comp.querySelector('#cancel'))).toBe('退出候补');
});

test('a resident who has not enrolled is told what to do', async () => {
  const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA));
  const fake = setupWx({ backend, storage: as('page-not-enrolled') });
  withDialogs(fake);
  const { comp } = await renderPage('pages/course/index', { id: courseId });
  tap(comp.querySelector('#signup'));
  await settle();
  expect(textOf(comp.querySelector('#notice'))).toContain('请先报名入学成为学员');
  expect(textOf(comp.querySelector('#signup'))).toBe('我要报名');
});

test('in production without a configured template nothing is asked; the signup still works', async () => {
  const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA));
  const fake = setupWx({ backend, envVersion: 'release', cloudOpenid: SECOND });
  const extra = withDialogs(fake);
  const { comp } = await renderPage('pages/course/index', { id: courseId });
  tap(comp.querySelector('#signup'));
  await settle();
  expect(extra.subscribeAsks).toBe(0);
  expect(fake.calls.map((c) => c.event.action)).toEqual(['get', 'courseResources', 'signup', 'get']);
  expect(textOf(comp.querySelector('#notice'))).toBe('报名成功！');
});

test('staff of the point get the management entries; unknown courses show the error', async () => {
  const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA));
  const fake = setupWx({ backend, storage: as(POINT_ADMIN) });
  withDialogs(fake);
  const { comp } = await renderPage('pages/course/index', { id: courseId });
  const tools = textOf(comp.querySelector('#staff-tools'));
  expect(tools).toContain('编辑或取消课程');
  expect(tools).toContain('出示签到码');
  tap(comp.querySelector('#staff-code'));
  await settle();
  expect(fake.navigations).toContain(`/packages/staff/pages/checkin-code/index?id=${courseId}`);

  setupWx({ backend, storage: as(FIRST) });
  const missing = await renderPage('pages/course/index', { id: 'cs_000000000000' });
  expect(textOf(missing.comp.querySelector('#course-state'))).toContain('没有找到这门课程');
});

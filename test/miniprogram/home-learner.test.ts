/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, textOf, type Backend } from '../support/simulate';
import { courseInput, createCourse, enrollLearners, inDays, POINT_ADMIN, setupCourseOrg, type CourseOrg } from '../course/fixtures';

/** The home page of an enrolled learner, against the real functions on the local cloud. */
let cloud: LocalCloud;
let org: CourseOrg;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
const LEARNER = 'home-learner-1';

beforeAll(async () => {
  cloud = await startTestCloud();
  org = await setupCourseOrg(cloud);
  await enrollLearners(cloud, org.pointA, [LEARNER]);
  const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { title: '冬季防跌倒讲座', startsAt: inDays(3, 9), endsAt: inDays(3, 11) }));
  await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { title: '智能手机防诈骗', startsAt: inDays(4, 9), endsAt: inDays(4, 11) }));
  expectOk(await cloud.call('course', { action: 'signup', courseId }, LEARNER));
});
afterAll(() => cloud.close());

test('first screen: my next course with my own status, then the entries; at most two cloud calls', async () => {
  const wx = setupWx({ backend, storage: { devOpenid: { openid: LEARNER } } });
  const { comp } = await renderPage('pages/index/index');
  await settle();
  expect(wx.calls.map((c) => `${c.name}.${c.event.action}`)).toEqual(['user.me', 'course.nextCourses']);
  const step = textOf(comp.querySelector('#next-step'));
  expect(step).toContain('我的下一堂课');
  expect(step).toContain('冬季防跌倒讲座');
  expect(step).toContain('我：已报名 ✓');
  expect(step).toContain('课程：可报名');
  expect(textOf(comp.querySelector('#my-point'))).toBeTruthy();
  // A learner may look for other points; a newcomer's one way in is 报名入学.
  expect(comp.querySelectorAll('.entry-title').map((e) => textOf(e))).toEqual(['课程', '答题', '志愿服务', '找教学点']);
});

test('a resident who has not enrolled sees the way to enroll and no course panel', async () => {
  setupWx({ backend, storage: { devOpenid: { openid: 'home-newcomer' } } });
  const { comp } = await renderPage('pages/index/index');
  expect(textOf(comp.querySelector('#enroll-cta'))).toContain('报名入学');
  expect(comp.querySelector('#next-list')).toBeUndefined();
});

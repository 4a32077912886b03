/**
 * Security review of the course function: a mini-program call dressed up as a timer event is not
 * run as the timer, and staff actions act only on courses of the caller's own units.
 */
import { errorCode, expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { courseInput, createCourse, enrollLearners, HEAD, JIANGBEI, OTHER_POINT_ADMIN, POINT_ADMIN, setupCourseOrg, type CourseOrg } from './fixtures';

let cloud: LocalCloud;
let org: CourseOrg;

beforeAll(async () => {
  cloud = await startTestCloud();
  org = await setupCourseOrg(cloud);
  await enrollLearners(cloud, org.pointA, ['sec-l1']);
  const grant = async (openid: string, role: string, scopeId: string) => expectOk(await cloud.call('org', { action: 'grantRole', openid, role, scopeId }, HEAD));
  await grant('sec-ba-jiangbei', 'branch_admin', JIANGBEI);
  await grant('sec-pa-b', 'point_admin', org.pointB);
});
afterAll(() => cloud.close());

test('a user cannot run the reminder timer by sending a timer-shaped event', async () => {
  const fake = { Type: 'Timer', TriggerName: 'remind' };
  expect(errorCode(await cloud.call('course', fake, 'sec-l1'))).toBe('INVALID_ARGUMENT');
  // As wx.cloud.callFunction delivers it: with `userInfo` added by the client SDK.
  expect(errorCode(await cloud.call('course', { ...fake, userInfo: { appId: 'wx1', openId: 'sec-l1' } }))).toBe('INVALID_ARGUMENT');
  // The real trigger (no caller) still runs.
  expect(expectOk<{ courses: number; sent: number }>(await cloud.call('course', fake))).toEqual({ courses: expect.any(Number), sent: expect.any(Number) });
});

test('staff of other units cannot manage, read the roster of, or check learners into another point’s course', async () => {
  const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA));
  expectOk(await cloud.call('course', { action: 'signup', courseId }, 'sec-l1'));
  // A learner of the point, a sibling point's admin, another branch's point admin and branch admin.
  for (const outsider of ['sec-l1', 'sec-pa-b', OTHER_POINT_ADMIN, 'sec-ba-jiangbei']) {
    for (const [act, params] of [
      ['roster', { courseId }],
      ['checkinCode', { courseId }],
      ['checkinByStaff', { courseId, openid: 'sec-l1' }],
      ['update', { courseId, title: '越权修改的课程' }],
      ['cancelCourse', { courseId, reason: '越权取消' }],
    ] as const) {
      const res = await cloud.call('course', { action: act, ...params }, outsider);
      expect([outsider, act, errorCode(res)]).toEqual([outsider, act, 'PERMISSION_DENIED']);
    }
  }
});

/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';
import { courseInput, createCourse, enrollLearners, expectConsistent, inDays, nameFor, POINT_ADMIN, setupCourseOrg, storedCourse, type CourseOrg } from '../course/fixtures';

/** The staff roster's 现场登记 form against the real course and user functions on the local cloud. */
let cloud: LocalCloud;
let org: CourseOrg;
let courseId: string;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
const learners = ['page-wi-0', 'page-wi-1', 'page-wi-2'];
const [SIGNED, FIRST, SECOND] = learners;
const startsAt = inDays(2, 9);

beforeAll(async () => {
  cloud = await startTestCloud();
  org = await setupCourseOrg(cloud);
  await enrollLearners(cloud, org.pointA, learners);
  courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { capacity: 2, startsAt, endsAt: inDays(2, 11) }));
  expectOk(await cloud.call('course', { action: 'signup', courseId }, SIGNED));
  // The functions' clock: ten minutes into the course.
  cloud.setClockOffset(new Date(startsAt).getTime() + 10 * 60_000 - Date.now());
});
afterAll(() => cloud.close());

type Comp = Awaited<ReturnType<typeof renderPage>>['comp'];
const learnerRow = (comp: Comp, name: string) => comp.querySelectorAll('.learner').find((n) => textOf(n).includes(name));

test('现场登记: pick a learner of the point, a free seat is taken; when full, only over capacity by choice', async () => {
  const wx = setupWx({ backend, storage: { devOpenid: { openid: POINT_ADMIN } } });
  const { comp } = await renderPage('packages/staff/pages/roster/index', { id: courseId });
  expect(comp.querySelector('#walkin')).toBeUndefined();

  tap(comp.querySelector('#walkin-toggle'));
  await settle();
  expect(wx.calls.map((c) => c.event)).toContainEqual({ action: 'listLearners', pointId: org.pointA });
  expect(comp.querySelectorAll('.learner')).toHaveLength(3);
  expect(textOf(learnerRow(comp, nameFor(0)))).toContain('已在名单中');

  // Nothing chosen: told what to do, nothing sent.
  tap(comp.querySelector('#walkin-submit'));
  await settle();
  expect(textOf(comp.querySelector('#walkin-message'))).toContain('请先在下面的名单中点选学员');
  expect(wx.calls.some((c) => c.event.action === 'checkinWalkIn')).toBe(false);

  // A free seat.
  tap(learnerRow(comp, nameFor(1)));
  await settle();
  expect(textOf(comp.querySelector('#walkin-submit'))).toBe(`为「${nameFor(1)}」登记并签到`);
  tap(comp.querySelector('#walkin-submit'));
  await settle();
  expect(textOf(comp.querySelector('#notice'))).toBe(`已为「${nameFor(1)}」登记报名并签到`);
  expect(textOf(comp.querySelector('#roster'))).toContain('已报名 2 人 · 已签到 1 人');
  expect(textOf(comp.querySelector('#roster'))).toContain('已签到（现场登记）');

  // Full now: refused with the way out, then registered over capacity by choice.
  tap(learnerRow(comp, nameFor(2)));
  await settle();
  tap(comp.querySelector('#walkin-submit'));
  await settle();
  expect(textOf(comp.querySelector('#walkin-message'))).toContain('名额已满');
  tap(comp.querySelector('#walkin-over'));
  await settle();
  expect(textOf(comp.querySelector('#walkin-over'))).toContain('☑');
  tap(comp.querySelector('#walkin-submit'));
  await settle();
  expect(textOf(comp.querySelector('#notice'))).toBe(`已为「${nameFor(2)}」超额登记签到（不占名额）`);
  expect(textOf(comp.querySelector('#extra'))).toContain(nameFor(2));
  expect(textOf(comp.querySelector('#roster'))).toContain('已报名 2 人 · 已签到 2 人');

  const walkIns = wx.calls.filter((c) => c.event.action === 'checkinWalkIn').map((c) => c.event);
  expect(walkIns).toEqual([
    { action: 'checkinWalkIn', courseId, openid: FIRST },
    { action: 'checkinWalkIn', courseId, openid: SECOND },
    { action: 'checkinWalkIn', courseId, openid: SECOND, overCapacity: true },
  ]);
  expect(await storedCourse(courseId)).toMatchObject({ signedCount: 2, capacity: 2, checkinCount: 2 });
  await expectConsistent(courseId);
});

test('a learner of another point, by number; the learner list failing shows a retry', async () => {
  const OUTSIDER = 'page-wi-outsider';
  await enrollLearners(cloud, org.pointC, [OUTSIDER], {}, 7);
  let failLearners = true;
  const flaky: Backend = (name, event, openid) =>
    name === 'user' && failLearners ? Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } }) : backend(name, event, openid);
  setupWx({ backend: flaky, storage: { devOpenid: { openid: POINT_ADMIN } } });
  const { comp } = await renderPage('packages/staff/pages/roster/index', { id: courseId });
  tap(comp.querySelector('#walkin-toggle'));
  await settle();
  expect(textOf(comp.querySelector('#walkin'))).toContain('系统繁忙，请稍后再试');
  failLearners = false;
  tap(comp.querySelector('#walkin-state')?.querySelector('.retry'));
  await settle();
  expect(comp.querySelectorAll('.learner').length).toBeGreaterThan(0);

  comp.querySelector('#walkin-openid')?.dispatchEvent('input', { detail: { value: ` ${OUTSIDER} ` } });
  tap(comp.querySelector('#walkin-over'));
  tap(comp.querySelector('#walkin-submit'));
  await settle();
  expect(textOf(comp.querySelector('#notice'))).toBe('已为「该学员」超额登记签到（不占名额）');
  expect(textOf(comp.querySelector('#extra'))).toContain(nameFor(7));
});

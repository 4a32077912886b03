/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { TextEncoder } from 'node:util';
import type { CheckinCodeResult } from '../../typings/course';
import { expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';
import { courseInput, createCourse, enrollLearners, inDays, POINT_ADMIN, setupCourseOrg, storedCourse, type CourseOrg } from '../course/fixtures';

// jsdom has no TextEncoder; the course function's QR library (running here as the backend) needs it.
Object.assign(globalThis, { TextEncoder });

/** The check-in page against the real course function on the local cloud, at the course's time. */
let cloud: LocalCloud;
let org: CourseOrg;
let courseId: string;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
const as = (openid: string) => ({ devOpenid: { openid } });
const learners = ['page-ck-1', 'page-ck-2', 'page-ck-3', 'page-ck-4'];
const startsAt = inDays(2, 9);

beforeAll(async () => {
  cloud = await startTestCloud();
  org = await setupCourseOrg(cloud);
  await enrollLearners(cloud, org.pointA, learners);
  courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { startsAt, endsAt: inDays(2, 11) }));
  for (const o of learners) expectOk(await cloud.call('course', { action: 'signup', courseId }, o));
  // The functions' clock: ten minutes into the course.
  cloud.setClockOffset(new Date(startsAt).getTime() + 10 * 60_000 - Date.now());
});
afterAll(() => cloud.close());

const currentCode = async () => expectOk<CheckinCodeResult>(await cloud.call('course', { action: 'checkinCode', courseId }, POINT_ADMIN));
const input = (comp: { querySelector(s: string): any }, id: string, value: string) => comp.querySelector(id).dispatchEvent('input', { detail: { value } });

test('opened by scanning the mini-program code (scene c=…&k=…): checks in at once', async () => {
  const { code } = await currentCode();
  const wx = setupWx({ backend, storage: as(learners[0]) });
  const { comp } = await renderPage('pages/checkin/index', { scene: encodeURIComponent(`c=${courseId}&k=${code}`) });
  expect(wx.calls.map((c) => c.event)).toEqual([{ action: 'checkin', courseId, code }]);
  expect(textOf(comp.querySelector('#done'))).toMatch(/签到成功！签到时间 \d{2}:\d{2}/);
  expect((await storedCourse(courseId)).checkinCount).toBe(1);
});

test('typing the 6 digits: a wrong code is explained, the right one checks in', async () => {
  const { code } = await currentCode();
  setupWx({ backend, storage: as(learners[1]) });
  const { comp } = await renderPage('pages/checkin/index', { id: courseId });
  expect(textOf(comp.querySelector('#checkin'))).toContain('老年人慢性病防治');

  input(comp, '#digits', '12');
  tap(comp.querySelector('#submit'));
  await settle();
  expect(textOf(comp.querySelector('#error'))).toBe('请输入现场屏幕上的6位数字');

  const wrong = code === '000000' ? '000001' : '000000';
  input(comp, '#digits', wrong);
  tap(comp.querySelector('#submit'));
  await settle();
  expect(textOf(comp.querySelector('#error'))).toContain('签到码不正确');

  input(comp, '#digits', code);
  tap(comp.querySelector('#submit'));
  await settle();
  expect(comp.querySelector('#done')).toBeDefined();
  expect(comp.querySelector('#error')).toBeUndefined();
});

test('the 扫码 button reads the local QR (the check-in path) with wx.scanCode; other codes are refused', async () => {
  const { code } = await currentCode();
  setupWx({ backend, storage: as(learners[2]) });
  const scans = [{ result: 'https://example.com/not-ours' }, { result: `pages/checkin/index?c=${courseId}&k=${code}` }];
  (globalThis as unknown as { wx: Record<string, unknown> }).wx.scanCode = (o: { success?: (r: unknown) => void }) => o.success?.(scans.shift());
  const { comp } = await renderPage('pages/checkin/index');
  tap(comp.querySelector('#scan'));
  await settle();
  expect(textOf(comp.querySelector('#error'))).toBe('这不是课程签到码，请扫描现场屏幕上的签到二维码');
  tap(comp.querySelector('#scan'));
  await settle();
  expect(textOf(comp.querySelector('#done'))).toContain('签到成功');
});

test('without a course chosen, the learner picks one of their courses; checking in twice is fine', async () => {
  const { code } = await currentCode();
  setupWx({ backend, storage: as(learners[0]) });
  const { comp } = await renderPage('pages/checkin/index');
  // One signed course today: it is chosen for them.
  expect(textOf(comp.querySelector('#checkin'))).toContain('课程：老年人慢性病防治');
  input(comp, '#digits', code);
  tap(comp.querySelector('#submit'));
  await settle();
  expect(textOf(comp.querySelector('#done'))).toContain('签到成功');
  expect((await storedCourse(courseId)).checkinCount).toBe(3);
});

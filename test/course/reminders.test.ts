import { database } from '../../cloudfunctions/_shared/cloud';
import { errorCode, expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { courseInput, createCourse, enrollLearners, inDays, POINT_ADMIN, setupCourseOrg, type CourseOrg } from './fixtures';

let cloud: LocalCloud;
let org: CourseOrg;
const [SUBSCRIBED, SILENT, WAITING, LATE] = ['rm-1', 'rm-2', 'rm-3', 'rm-4'];

beforeAll(async () => {
  cloud = await startTestCloud();
  org = await setupCourseOrg(cloud);
  await enrollLearners(cloud, org.pointA, [SUBSCRIBED, SILENT, WAITING, LATE]);
});
afterAll(() => cloud.close());
afterEach(() => cloud.setClockOffset(0));

const call = (action: string, params: object, openid?: string) => cloud.call('course', { action, ...params }, openid);
const runTimer = () => cloud.call<{ ok: boolean; data: { courses: number; sent: number } }>('course', { Type: 'Timer', TriggerName: 'remind' });
const remindersFor = async (courseId: string) =>
  (await database().collection('outbox').where({ kind: 'course_remind' }).limit(1000).get()).data.filter((d) => (d._id as string).startsWith(`remind:${courseId}:`));

test('config.json declares the remind timer', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require('../../cloudfunctions/course/config.json');
  // (The hourly `reconcile` timer is checked in reconcile.test.ts.)
  expect(config.triggers).toContainEqual({ name: 'remind', type: 'timer', config: '0 */5 * * * * *' });
});

test('"课程即将开始" goes once to each subscribed signed learner, within 2 hours of the start, even when the timer runs twice', async () => {
  const startsAt = inDays(2, 9);
  const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { startsAt, endsAt: inDays(2, 10), capacity: 2 }));
  for (const o of [SUBSCRIBED, SILENT, WAITING]) expectOk(await call('signup', { courseId }, o));
  expect(expectOk(await call('subscribeReminder', { courseId }, SUBSCRIBED))).toEqual({ subscribed: true });
  expect(expectOk(await call('subscribeReminder', { courseId }, SUBSCRIBED))).toEqual({ subscribed: true });
  expectOk(await call('subscribeReminder', { courseId }, WAITING)); // waitlisted: reminded only if promoted
  expect(errorCode(await call('subscribeReminder', { courseId }, LATE))).toBe('FAILED_PRECONDITION');
  expect(errorCode(await call('subscribeReminder', { courseId }, 'not-enrolled'))).toBe('PERMISSION_DENIED');

  // Three hours before: too early.
  cloud.setClockOffset(new Date(startsAt).getTime() - 3 * 3600_000 - Date.now());
  expectOk(await runTimer());
  expect(await remindersFor(courseId)).toHaveLength(0);

  // 90 minutes before: due. Two overlapping runs and a third later send one message.
  cloud.setClockOffset(new Date(startsAt).getTime() - 90 * 60_000 - Date.now());
  const runs = await Promise.all([runTimer(), runTimer()]);
  expect(runs.map((r) => expectOk<{ sent: number }>(r).sent).sort()).toEqual([0, 1]);
  expect(expectOk<{ sent: number }>(await runTimer()).sent).toBe(0);
  const sent = await remindersFor(courseId);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({
    touser: SUBSCRIBED,
    status: 'sent',
    page: `pages/course/index?id=${courseId}`,
    data: { thing1: { value: '老年人慢性病防治' }, thing4: { value: '课程即将开始，请准时参加' } },
  });
  expect((sent[0].data as { time2: { value: string } }).time2.value).toBe(startsAt.slice(0, 16).replace('T', ' '));
});

test('a learner promoted from the waitlist is told, and then reminded if subscribed', async () => {
  const startsAt = inDays(3, 9);
  const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { startsAt, endsAt: inDays(3, 10), capacity: 1 }));
  expectOk(await call('signup', { courseId }, SILENT));
  expect(expectOk(await call('signup', { courseId }, WAITING))).toEqual({ status: 'waitlisted', position: 1 });
  expectOk(await call('subscribeReminder', { courseId }, WAITING));
  expectOk(await call('cancel', { courseId }, SILENT));
  const promoted = (await database().collection('outbox').where({ touser: WAITING, kind: 'course_promoted' }).limit(100).get()).data;
  expect(promoted.filter((d) => (d._id as string).includes(courseId))).toHaveLength(1);

  cloud.setClockOffset(new Date(startsAt).getTime() - 30 * 60_000 - Date.now());
  expectOk(await runTimer());
  expect((await remindersFor(courseId)).map((d) => d.touser)).toEqual([WAITING]);
});

import { database } from '../../cloudfunctions/_shared/cloud';
import { now } from '../../cloudfunctions/_shared/clock';
import { releaseLearnerSeats } from '../../cloudfunctions/course/release';
import { expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { courseInput, createCourse, enrollLearners, expectConsistent, inDays, POINT_ADMIN, setupCourseOrg, storedCourse, type CourseOrg } from './fixtures';

/** `releaseLearnerSeats`: what `user.withdraw` calls to give back a leaving learner's places. */
let cloud: LocalCloud;
let org: CourseOrg;
const LEAVING = 'rl-leaving';
const [NEXT, OTHER, LATER] = ['rl-next', 'rl-other', 'rl-later'];
const HOUR = 3600_000;

beforeAll(async () => {
  cloud = await startTestCloud();
  org = await setupCourseOrg(cloud);
  await enrollLearners(cloud, org.pointA, [LEAVING, NEXT, OTHER, LATER]);
});
afterAll(() => cloud.close());
afterEach(() => cloud.setClockOffset(0));

const call = (action: string, params: object, openid: string) => cloud.call('course', { action, ...params }, openid);
const statusOf = async (courseId: string, openid: string) => (await database().collection('signups').doc(`${courseId}:${openid}`).get()).data.status as string;

test('upcoming seats and waitlist places go back through the cancel path; started courses keep theirs; idempotent', async () => {
  // Signed in a full course (NEXT waits behind), waitlisted in another, signed in one that starts tomorrow.
  const full = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { capacity: 1, startsAt: inDays(3, 9), endsAt: inDays(3, 11) }));
  const queued = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { capacity: 1, startsAt: inDays(4, 9), endsAt: inDays(4, 11) }));
  const started = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { capacity: 5, startsAt: inDays(1, 9), endsAt: inDays(1, 11) }));
  expectOk(await call('signup', { courseId: full }, LEAVING));
  expectOk(await call('signup', { courseId: full }, NEXT));
  expectOk(await call('signup', { courseId: queued }, OTHER));
  expectOk(await call('signup', { courseId: queued }, LEAVING));
  expectOk(await call('signup', { courseId: queued }, LATER));
  expectOk(await call('signup', { courseId: started }, LEAVING));
  // Ten minutes into tomorrow's course.
  cloud.setClockOffset(new Date(inDays(1, 9)).getTime() + 10 * 60_000 - Date.now());

  expect(await releaseLearnerSeats(database(), LEAVING, now())).toBe(2);

  expect(await statusOf(full, LEAVING)).toBe('cancelled');
  expect(await statusOf(full, NEXT)).toBe('signed');
  const told = (await database().collection('outbox').where({ touser: NEXT, kind: 'course_promoted' }).get()).data;
  expect(told.filter((n) => String(n._id).startsWith(`promoted:${full}:`))).toHaveLength(1);
  expect(await statusOf(queued, LEAVING)).toBe('cancelled');
  expect((await storedCourse(queued)).waitlist).toEqual([LATER]);
  expect(await statusOf(started, LEAVING)).toBe('signed');
  for (const c of [full, queued, started]) await expectConsistent(c);

  expect(await releaseLearnerSeats(database(), LEAVING, now())).toBe(0);
  expect(await releaseLearnerSeats(database(), 'rl-nobody', now())).toBe(0);
});

test('many upcoming places (more than one read batch) are all released', async () => {
  const courses: string[] = [];
  for (let i = 0; i < 105; i++) {
    const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { capacity: 2, startsAt: inDays(5, 9), endsAt: inDays(5, 11) }));
    courses.push(courseId);
    expectOk(await call('signup', { courseId }, OTHER));
  }
  // One of them is cancelled: its signup stays (the course's own rules).
  expectOk(await cloud.call('course', { action: 'cancelCourse', courseId: courses[0], reason: '场地临时维修' }, POINT_ADMIN));
  cloud.setClockOffset(HOUR);
  // 104 here, plus OTHER's seat from the first test.
  expect(await releaseLearnerSeats(database(), OTHER, now())).toBe(105);
  expect(await statusOf(courses[0], OTHER)).toBe('signed');
  expect(await statusOf(courses[104], OTHER)).toBe('cancelled');
  expect((await storedCourse(courses[50])).signedCount).toBe(0);
});

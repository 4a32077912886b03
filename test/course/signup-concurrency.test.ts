import type { CourseDetail, RosterResult, SignupResult } from '../../typings/course';
import { database } from '../../cloudfunctions/_shared/cloud';
import { MAX_WAITLIST } from '../../cloudfunctions/course/model';
import { errorCode, expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { courseInput, createCourse, enrollLearners, expectConsistent, HEAD, POINT_ADMIN, setupCourseOrg, storedCourse, type CourseOrg } from './fixtures';

const CALLERS = 300;
const SEATS = 30;
const learners = Array.from({ length: CALLERS }, (_x, i) => `c-learner-${String(i).padStart(3, '0')}`);

interface Record {
  action?: string;
  reads: number;
  writes: number;
  outcome: string;
}

let cloud: LocalCloud;
let org: CourseOrg;
const records: Record[] = [];

beforeAll(async () => {
  cloud = await startTestCloud({ log: (_line, r) => records.push(r) });
  org = await setupCourseOrg(cloud);
  await enrollLearners(cloud, org.pointA, learners);
});
afterAll(() => cloud.close());

const call = (action: string, params: object, openid?: string) => cloud.call('course', { action, ...params }, openid);

describe('signup under real concurrency', () => {
  let courseId: string;
  let results: SignupResult[];

  beforeAll(async () => {
    courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { capacity: SEATS }));
    records.length = 0;
    results = (await Promise.all(learners.map((o) => call('signup', { courseId }, o)))).map((r) => expectOk<SignupResult>(r));
  });

  test(`${CALLERS} learners for ${SEATS} seats: exactly ${SEATS} signed, the rest waitlisted 1..${CALLERS - SEATS}`, async () => {
    const signed = results.filter((r) => r.status === 'signed');
    const waitlisted = results.filter((r): r is { status: 'waitlisted'; position: number } => r.status === 'waitlisted');
    expect(signed).toHaveLength(SEATS);
    expect(waitlisted).toHaveLength(CALLERS - SEATS);
    const positions = waitlisted.map((r) => r.position).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: CALLERS - SEATS }, (_x, i) => i + 1));
    const counts = await expectConsistent(courseId);
    expect(counts).toEqual({ signed: SEATS, waitlisted: CALLERS - SEATS, pending: 0, cancelled: 0 });
  });

  test('positions are the order in which the server queued them, and get() agrees', async () => {
    const course = await storedCourse(courseId);
    learners.forEach((o, i) => {
      const r = results[i];
      if (r.status === 'waitlisted') expect(course.waitlist[r.position - 1]).toBe(o);
      else expect(course.waitlist).not.toContain(o);
    });
    const firstWaiting = course.waitlist[0];
    const detail = expectOk<CourseDetail>(await call('get', { courseId }, firstWaiting));
    expect(detail.mySignup).toMatchObject({ status: 'waitlisted', position: 1 });
    expect(detail).toMatchObject({ signedCount: SEATS, waitlistCount: CALLERS - SEATS, capacity: SEATS, status: 'scheduled', full: true, canSignup: false, canCancel: true, canCheckin: false });
  });

  test('a signup takes a small constant number of round-trips', () => {
    const signups = records.filter((r) => r.action === 'signup');
    expect(signups).toHaveLength(CALLERS);
    const max = (xs: number[]) => Math.max(...xs);
    // A seat: learner + course reads; claim, seat, mark writes.
    // A waitlist place: + the queue push, a read of one's position, the mark; no loops over signups.
    expect(max(signups.map((r) => r.reads))).toBeLessThanOrEqual(4);
    expect(max(signups.map((r) => r.writes))).toBeLessThanOrEqual(4);
  });

  test('a repeated signup returns the current status and changes nothing', async () => {
    const before = await storedCourse(courseId);
    const again = await Promise.all(learners.slice(0, 40).map((o) => call('signup', { courseId }, o)));
    again.forEach((r, i) => expect(expectOk(r)).toEqual(results[i]));
    const after = await storedCourse(courseId);
    expect(after.signedCount).toBe(before.signedCount);
    expect(after.waitlist).toEqual(before.waitlist);
    await expectConsistent(courseId);
  });

  test('cancel by a signed learner promotes the earliest waitlisted learner and notifies them', async () => {
    const before = await storedCourse(courseId);
    const leaver = learners.find((_o, i) => results[i].status === 'signed')!;
    const first = before.waitlist[0];
    records.length = 0;
    expect(expectOk(await call('cancel', { courseId }, leaver))).toEqual({ status: 'cancelled' });
    const cancelRecord = records.find((r) => r.action === 'cancel')!;
    // learner, course, signup; then the signup, the seat handed to the head, the head's signup, and the
    // outbox record before and after subscribeMessage.send (as in production).
    expect(cancelRecord.reads).toBeLessThanOrEqual(3);
    expect(cancelRecord.writes).toBeLessThanOrEqual(5);

    const after = await storedCourse(courseId);
    expect(after.signedCount).toBe(SEATS);
    expect(after.waitlist[0]).toBe(before.waitlist[1]);
    expect(expectOk<CourseDetail>(await call('get', { courseId }, first)).mySignup).toMatchObject({ status: 'signed' });
    expect(expectOk<CourseDetail>(await call('get', { courseId }, leaver)).mySignup).toBeNull();
    expect(expectOk<CourseDetail>(await call('get', { courseId }, before.waitlist[1])).mySignup).toMatchObject({ status: 'waitlisted', position: 1 });
    const outbox = await database().collection('outbox').where({ touser: first, kind: 'course_promoted' }).get();
    expect(outbox.data).toHaveLength(1);
    expect(outbox.data[0]).toMatchObject({ status: 'sent', page: `pages/course/index?id=${courseId}` });
    await expectConsistent(courseId);
    // Cancelling again is harmless.
    expect(expectOk(await call('cancel', { courseId }, leaver))).toEqual({ status: 'cancelled' });
    await expectConsistent(courseId);
  });

  test('concurrent cancels never promote anyone twice, nor past the capacity', async () => {
    const course = await storedCourse(courseId);
    const signupsNow = await database().collection('signups').where({ courseId, status: 'signed' }).limit(100).get();
    const leavers = signupsNow.data.slice(0, 20).map((s) => s.openid as string);
    const waitLeavers = course.waitlist.slice(5, 25); // waitlisted learners leaving at the same time
    const expectedPromoted = course.waitlist.filter((o) => !waitLeavers.includes(o)).slice(0, 20);
    const res = await Promise.all([...leavers, ...waitLeavers].map((o) => call('cancel', { courseId }, o)));
    res.forEach((r) => expect(expectOk(r)).toEqual({ status: 'cancelled' }));

    const counts = await expectConsistent(courseId);
    expect(counts.signed).toBe(SEATS);
    expect(counts.waitlisted).toBe(CALLERS - SEATS - 1 - 20 - 20);
    const signedNow = await database().collection('signups').where({ courseId, status: 'signed' }).limit(100).get();
    const signedSet = new Set(signedNow.data.map((s) => s.openid as string));
    for (const o of expectedPromoted) expect(signedSet.has(o)).toBe(true);
    const after = await storedCourse(courseId);
    // The remaining waitlist keeps the arrival order.
    expect(after.waitlist).toEqual(course.waitlist.filter((o) => !waitLeavers.includes(o) && !expectedPromoted.includes(o)));
    // Each promotion told once.
    const promotedNotices = await database().collection('outbox').where({ kind: 'course_promoted' }).limit(1000).get();
    const perPerson = new Map<string, number>();
    for (const n of promotedNotices.data) perPerson.set(n.touser as string, (perPerson.get(n.touser as string) ?? 0) + 1);
    for (const o of expectedPromoted) expect(perPerson.get(o)).toBe(1);
  });

  test('signups racing cancellations and re-signups keep every count consistent', async () => {
    const course = await storedCourse(courseId);
    const signed = await database().collection('signups').where({ courseId, status: 'signed' }).limit(100).get();
    const cancelled = await database().collection('signups').where({ courseId, status: 'cancelled' }).limit(100).get();
    const ops = [
      ...signed.data.slice(0, 10).map((s) => call('cancel', { courseId }, s.openid as string)),
      ...cancelled.data.slice(0, 15).map((s) => call('signup', { courseId }, s.openid as string)),
      ...course.waitlist.slice(0, 10).map((o) => call('cancel', { courseId }, o)),
    ];
    (await Promise.all(ops)).forEach((r) => expectOk(r));
    const counts = await expectConsistent(courseId);
    expect(counts.signed).toBe(SEATS);
  });

  test('roster lists signed in order and the waitlist by position', async () => {
    const roster = expectOk<RosterResult>(await call('roster', { courseId }, POINT_ADMIN));
    const course = await storedCourse(courseId);
    expect(roster.signed).toHaveLength(SEATS);
    expect(roster.waitlisted.map((w) => w.openid)).toEqual(course.waitlist);
    expect(roster.waitlisted.map((w) => w.position)).toEqual(course.waitlist.map((_o, i) => i + 1));
    expect(roster.signed[0].phoneMasked).toMatch(/^139\*{4}\d{4}$/);
    expect(roster.checkedIn).toEqual([]);
  });
});

describe('capacity edits race signups', () => {
  test('raising the capacity promotes waitlisted learners in order; lowering below the signed count is refused', async () => {
    const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { capacity: 5 }));
    const group = learners.slice(0, 40);
    const raced = await Promise.all([
      ...group.map((o) => call('signup', { courseId }, o)),
      call('update', { courseId, capacity: 20 }, HEAD),
    ]);
    raced.forEach((r) => expectOk(r));
    const counts = await expectConsistent(courseId);
    expect(counts).toMatchObject({ signed: 20, waitlisted: 20 });
    expect(errorCode(await call('update', { courseId, capacity: 19 }, HEAD))).toBe('INVALID_ARGUMENT');
  });
});

describe('contract codes', () => {
  test('after start, cancelled course, unknown course, non-learner, anonymous', async () => {
    const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { capacity: 2 }));
    expect(errorCode(await call('signup', { courseId }, 'not-a-learner'))).toBe('PERMISSION_DENIED');
    expect(errorCode(await call('signup', { courseId }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await call('signup', { courseId: 'cs_nothere' }, learners[0]))).toBe('NOT_FOUND');
    expect(errorCode(await call('signup', { courseId: '../x' }, learners[0]))).toBe('INVALID_ARGUMENT');
    expect(expectOk(await call('signup', { courseId }, learners[0]))).toEqual({ status: 'signed' });
    expect(errorCode(await call('cancel', { courseId }, learners[1]))).toBe('FAILED_PRECONDITION');

    // 4 days ahead: the course (3 days ahead, 9:00–11:00) has started and ended.
    cloud.setClockOffset(4 * 24 * 3600_000);
    try {
      expect(errorCode(await call('signup', { courseId }, learners[1]))).toBe('FAILED_PRECONDITION');
      // A repeated signup still answers the learner's own place.
      expect(expectOk(await call('signup', { courseId }, learners[0]))).toEqual({ status: 'signed' });
      expect(errorCode(await call('cancel', { courseId }, learners[0]))).toBe('FAILED_PRECONDITION');
    } finally {
      cloud.setClockOffset(0);
    }

    const other = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { capacity: 2 }));
    expectOk(await call('cancelCourse', { courseId: other, reason: '老师临时生病' }, POINT_ADMIN));
    expect(errorCode(await call('signup', { courseId: other }, learners[2]))).toBe('FAILED_PRECONDITION');
  });

  test('the waitlist is bounded: RESOURCE_EXHAUSTED when seats and waitlist are full', async () => {
    // Direct state: a course whose waitlist is at its limit (building 2000 learners would be slow).
    const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { capacity: 1 }));
    await database()
      .collection('courses')
      .doc(courseId)
      .update({ data: { signedCount: 1, waitlistCount: MAX_WAITLIST } });
    expect(errorCode(await call('signup', { courseId }, learners[3]))).toBe('RESOURCE_EXHAUSTED');
    const mine = await database().collection('signups').where({ courseId, openid: learners[3] }).count();
    expect(mine.total).toBe(0);
  });
});

import type { CheckinByStaffResult, CheckinCodeResult, CheckinResult, CourseDetail, PointStatsResult, RosterResult } from '../../typings/course';
import { database } from '../../cloudfunctions/_shared/cloud';
import { currentCode } from '../../cloudfunctions/_shared/rotating-code';
import { shanghaiYear } from '../../cloudfunctions/_shared/time';
import { errorCode, expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { BRANCH_ADMIN, courseInput, createCourse, enrollLearners, HEAD, inDays, OTHER_POINT_ADMIN, POINT_ADMIN, setupCourseOrg, storedCourse, type CourseOrg } from './fixtures';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

let cloud: LocalCloud;
let org: CourseOrg;
const learners = ['ck-1', 'ck-2', 'ck-3', 'ck-4', 'ck-5'];

beforeAll(async () => {
  cloud = await startTestCloud();
  org = await setupCourseOrg(cloud);
  await enrollLearners(cloud, org.pointA, learners);
});
afterAll(() => cloud.close());
afterEach(() => cloud.setClockOffset(0));

const call = (action: string, params: object, openid?: string) => cloud.call('course', { action, ...params }, openid);

/** Offset that puts the functions' clock at `iso` + `extraMs`. */
const at = (iso: string, extraMs = 0) => new Date(iso).getTime() + extraMs - Date.now();

describe('check-in', () => {
  let courseId: string;
  const startsAt = inDays(2, 9);
  const endsAt = inDays(2, 11);

  beforeAll(async () => {
    courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { startsAt, endsAt, capacity: 3 }));
    for (const o of learners.slice(0, 4)) expectOk(await call('signup', { courseId }, o)); // ck-4 waits
  });

  test('the code is for staff of the point or above, and only around the course time', async () => {
    expect(errorCode(await call('checkinCode', { courseId }, POINT_ADMIN))).toBe('FAILED_PRECONDITION'); // two days early
    cloud.setClockOffset(at(startsAt, -10 * 60_000));
    expect(errorCode(await call('checkinCode', { courseId }, OTHER_POINT_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await call('checkinCode', { courseId }, learners[0]))).toBe('PERMISSION_DENIED');
    const res = expectOk<CheckinCodeResult>(await call('checkinCode', { courseId }, BRANCH_ADMIN));
    expect(res.code).toMatch(/^\d{6}$/);
    expect(res.expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    const expires = new Date(res.expiresAt).getTime();
    const now = Date.now() + at(startsAt, -10 * 60_000);
    expect(expires).toBeGreaterThan(now);
    expect(expires - now).toBeLessThanOrEqual(60_000);
    // Locally: a PNG QR code of the check-in page path with the course and the code.
    expect(res.qrImage).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(res.qrImage.split(',')[1], 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  test('a signed learner checks in once with the current code; the count moves once', async () => {
    cloud.setClockOffset(at(startsAt, 5 * 60_000));
    const { code } = expectOk<CheckinCodeResult>(await call('checkinCode', { courseId }, POINT_ADMIN));
    const first = await Promise.all([1, 2, 3].map(() => call('checkin', { courseId, code }, learners[0])));
    const times = first.map((r) => expectOk<CheckinResult>(r).checkedInAt);
    expect(new Set(times).size).toBe(1);
    expect((await storedCourse(courseId)).checkinCount).toBe(1);
    const detail = expectOk<CourseDetail>(await call('get', { courseId }, learners[0]));
    expect(detail.mySignup).toMatchObject({ status: 'signed', checkedInAt: times[0] });
    // The server says what the page may offer: started, so no signup or cancel; checked in, so no check-in.
    expect(detail).toMatchObject({ canSignup: false, canCancel: false, canCheckin: false });
    expect(expectOk<CourseDetail>(await call('get', { courseId }, learners[1]))).toMatchObject({ canCheckin: true, canCancel: false });
  });

  test('the previous window is still accepted; an older code is expired; a wrong code is refused', async () => {
    const base = at(startsAt, 20 * 60_000);
    cloud.setClockOffset(base);
    const { code } = expectOk<CheckinCodeResult>(await call('checkinCode', { courseId }, POINT_ADMIN));
    cloud.setClockOffset(base + 60_000);
    expectOk(await call('checkin', { courseId, code }, learners[1]));
    cloud.setClockOffset(base + 3 * 60_000);
    expect(errorCode(await call('checkin', { courseId, code }, learners[2]))).toBe('FAILED_PRECONDITION');
    const secret = (await storedCourse(courseId)).codeSecret;
    const now = new Date(Date.now() + base + 3 * 60_000);
    const valid = new Set([currentCode(secret, now).code, currentCode(secret, new Date(now.getTime() - 60_000)).code]);
    let wrong = '000000';
    while (valid.has(wrong)) wrong = String(Number(wrong) + 1).padStart(6, '0');
    const res = (await call('checkin', { courseId, code: wrong }, learners[2])) as { error: { message: string } };
    expect(errorCode(res)).toBe('INVALID_ARGUMENT');
    expect(res.error.message).toContain('签到码不正确');
    expect(errorCode(await call('checkin', { courseId, code: '12ab56' }, learners[2]))).toBe('INVALID_ARGUMENT');
  });

  test('wrong codes are rate-limited per learner: RESOURCE_EXHAUSTED even for the right code, others unaffected', async () => {
    const base = at(startsAt, 40 * 60_000);
    cloud.setClockOffset(base);
    const { code } = expectOk<CheckinCodeResult>(await call('checkinCode', { courseId }, POINT_ADMIN));
    const wrong = code === '999999' ? '999998' : '999999';
    // Five wrong codes at once (all checked before any was recorded) reach the limit of five.
    const tries = await Promise.all([1, 2, 3, 4, 5].map(() => call('checkin', { courseId, code: wrong }, learners[2])));
    tries.forEach((r) => expect(errorCode(r)).toBe('INVALID_ARGUMENT'));
    expect(errorCode(await call('checkin', { courseId, code }, learners[2]))).toBe('RESOURCE_EXHAUSTED');
    // The waitlisted learner has the right code but no seat.
    expect(errorCode(await call('checkin', { courseId, code }, learners[3]))).toBe('FAILED_PRECONDITION');
    expect(errorCode(await call('checkin', { courseId, code }, learners[4]))).toBe('FAILED_PRECONDITION');
    expect(errorCode(await call('checkin', { courseId, code }, 'not-enrolled'))).toBe('PERMISSION_DENIED');
    expect(errorCode(await call('checkin', { courseId, code }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await call('checkin', { courseId: 'cs_000000000000', code }, learners[0]))).toBe('NOT_FOUND');
  });

  test('staff check in a learner without a phone (audited, once); the roster shows who and how', async () => {
    cloud.setClockOffset(at(startsAt, 50 * 60_000));
    expect(errorCode(await call('checkinByStaff', { courseId, openid: learners[2] }, OTHER_POINT_ADMIN))).toBe('PERMISSION_DENIED');
    const first = expectOk<CheckinByStaffResult>(await call('checkinByStaff', { courseId, openid: learners[2] }, POINT_ADMIN));
    expect(first.created).toBe(true);
    const again = expectOk<CheckinByStaffResult>(await call('checkinByStaff', { courseId, openid: learners[2] }, POINT_ADMIN));
    expect(again).toEqual({ checkedInAt: first.checkedInAt, created: false });
    expect(errorCode(await call('checkinByStaff', { courseId, openid: learners[3] }, POINT_ADMIN))).toBe('FAILED_PRECONDITION');
    const audit = await database().collection('audit').where({ action: 'course.checkinByStaff', targetId: `${courseId}:${learners[2]}` }).get();
    expect(audit.data).toHaveLength(1);
    expect(audit.data[0]).toMatchObject({ actor: POINT_ADMIN, scope: { pointId: org.pointA } });

    const roster = expectOk<RosterResult>(await call('roster', { courseId }, POINT_ADMIN));
    expect(roster.signed).toHaveLength(3);
    expect(roster.checkedIn.map((e) => [e.openid, e.checkinBy])).toEqual([
      [learners[0], 'self'],
      [learners[1], 'self'],
      [learners[2], 'staff'],
    ]);
    expect(roster.waitlisted).toEqual([{ openid: learners[3], name: expect.any(String), phoneMasked: expect.stringMatching(/^139\*{4}/), position: 1 }]);
    expect(errorCode(await call('roster', { courseId }, learners[0]))).toBe('PERMISSION_DENIED');
    expect((await storedCourse(courseId)).checkinCount).toBe(3);
  });

  test('check-in closes an hour after the end', async () => {
    cloud.setClockOffset(at(endsAt, 61 * 60_000));
    expect(errorCode(await call('checkinCode', { courseId }, POINT_ADMIN))).toBe('FAILED_PRECONDITION');
    const secret = (await storedCourse(courseId)).codeSecret;
    const code = currentCode(secret, new Date(Date.now() + at(endsAt, 61 * 60_000))).code;
    expect(errorCode(await call('checkin', { courseId, code }, learners[1]))).toBe('FAILED_PRECONDITION');
  });
});

describe('pointStats: courses held (ended with ≥ 1 check-in) and attendances per point and year', () => {
  test('counts held courses and attendances; staff of the point or above only', async () => {
    const year = shanghaiYear(new Date());
    const before = expectOk<PointStatsResult>(await call('pointStats', { pointId: org.pointA, year }, POINT_ADMIN));
    // Two more courses: one attended by two learners, one without any check-in, one cancelled.
    const startsAt = inDays(1, 15);
    const endsAt = inDays(1, 16);
    const held = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { startsAt, endsAt }));
    const empty = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { startsAt, endsAt }));
    const cancelled = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { startsAt, endsAt }));
    expectOk(await call('cancelCourse', { courseId: cancelled, reason: '场地冲突' }, POINT_ADMIN));
    for (const o of learners.slice(0, 2)) expectOk(await call('signup', { courseId: held }, o));
    cloud.setClockOffset(at(startsAt, 10 * 60_000));
    const { code } = expectOk<CheckinCodeResult>(await call('checkinCode', { courseId: held }, POINT_ADMIN));
    for (const o of learners.slice(0, 2)) expectOk(await call('checkin', { courseId: held, code }, o));
    // Not held while running.
    const during = expectOk<PointStatsResult>(await call('pointStats', { pointId: org.pointA, year }, POINT_ADMIN));
    expect(during.coursesHeld).toBe(before.coursesHeld);

    cloud.setClockOffset(at(endsAt, DAY * 3)); // the check-in course (two days ahead) has ended too
    const after = expectOk<PointStatsResult>(await call('pointStats', { pointId: org.pointA }, BRANCH_ADMIN));
    const sameYear = shanghaiYear(new Date(Date.now() + at(endsAt, DAY * 3))) === year;
    if (sameYear) {
      // held: the check-in course above (3 attendances) and this one (2).
      expect(after.coursesHeld).toBe(2);
      expect(after.attendances).toBe(5);
      expect(after.coursesCancelled).toBe(1);
      expect(after.demoTarget).toBe(24);
      expect(after.months.reduce((s, m) => s + m.coursesHeld, 0)).toBe(2);
    }
    expect(after).toMatchObject({ pointId: org.pointA, pointName: '解放碑' });
    void empty;
    expect(errorCode(await call('pointStats', { pointId: org.pointA }, OTHER_POINT_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await call('pointStats', { pointId: org.pointA }, learners[0]))).toBe('PERMISSION_DENIED');
    expect(errorCode(await call('pointStats', { pointId: 'pt_missing' }, HEAD))).toBe('NOT_FOUND');
  });
});

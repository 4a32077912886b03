import type { CheckinWalkInResult, ReconcileResult, RosterResult } from '../../typings/course';
import { database } from '../../cloudfunctions/_shared/cloud';
import { errorCode, expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { courseInput, createCourse, enrollLearners, expectConsistent, inDays, OTHER_POINT_ADMIN, POINT_ADMIN, setupCourseOrg, storedCourse, type CourseOrg } from './fixtures';

/** `checkinWalkIn`: staff register a resident on site, within the capacity or (by choice) over it. */
interface LogRecord {
  action?: string;
  reads: number;
  writes: number;
}

let cloud: LocalCloud;
let org: CourseOrg;
const records: LogRecord[] = [];
const MINUTE = 60_000;
const signed = ['wi-signed-1', 'wi-signed-2'];
const waiting = 'wi-waiting';
const walkers = Array.from({ length: 24 }, (_x, i) => `wi-walker-${i}`);
const startsAt = inDays(2, 9);

beforeAll(async () => {
  cloud = await startTestCloud({ log: (_line, r) => records.push(r) });
  org = await setupCourseOrg(cloud);
  await enrollLearners(cloud, org.pointA, [...signed, waiting]);
  // Walk-ins may be learners of any point.
  await enrollLearners(cloud, org.pointB, walkers, {}, 10);
});
afterAll(() => cloud.close());
afterEach(() => cloud.setClockOffset(0));

const call = (action: string, params: object, openid?: string) => cloud.call('course', { action, ...params }, openid);
const walkIn = (courseId: string, openid: string, extra: object = {}, caller = POINT_ADMIN) => call('checkinWalkIn', { courseId, openid, ...extra }, caller);
/** The functions' clock `minutes` after the course's start. */
const duringCourse = (minutes = 10) => cloud.setClockOffset(new Date(startsAt).getTime() + minutes * MINUTE - Date.now());

async function course(capacity: number, people: string[]): Promise<string> {
  const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { capacity, startsAt, endsAt: inDays(2, 11) }));
  for (const o of people) expectOk(await call('signup', { courseId }, o));
  return courseId;
}

describe('one course: 3 seats, 2 signed up', () => {
  let courseId: string;
  beforeAll(async () => {
    courseId = await course(3, signed);
  });

  test('a free seat: signed up and checked in at once, audited, counted; a second tap changes nothing', async () => {
    duringCourse();
    records.length = 0;
    const first = expectOk<CheckinWalkInResult>(await walkIn(courseId, walkers[0]));
    expect(first).toMatchObject({ status: 'signed', created: true });
    // 4 for the walk-in; the course's first check-in also claims it as held and counts it in the
    // point's year (_shared/held.ts: 3) and moves the statistics' unit counters (stat-counters.ts: 9)
    expect(records[0]).toMatchObject({ action: 'checkinWalkIn', reads: 3, writes: 16 });
    const again = expectOk<CheckinWalkInResult>(await walkIn(courseId, walkers[0]));
    expect(again).toEqual({ ...first, created: false });
    expect(await storedCourse(courseId)).toMatchObject({ signedCount: 3, checkinCount: 1 });
    await expectConsistent(courseId);
    const audit = await database().collection('audit').where({ action: 'course.checkinWalkIn', targetId: `${courseId}:${walkers[0]}` }).get();
    expect(audit.data).toHaveLength(1);
    expect(audit.data[0]).toMatchObject({ actor: POINT_ADMIN, scope: { pointId: org.pointA }, before: { status: null }, after: { status: 'signed', overCapacity: false } });
  });

  test('full: RESOURCE_EXHAUSTED with what to do, and nothing left behind', async () => {
    duringCourse();
    const res = await walkIn(courseId, walkers[1]);
    expect(errorCode(res)).toBe('RESOURCE_EXHAUSTED');
    expect((res as { error: { message: string } }).error.message).toContain('超额登记');
    expect((await database().collection('signups').where({ _id: `${courseId}:${walkers[1]}` }).get()).data).toHaveLength(0);
    await expectConsistent(courseId);
  });

  test('full, over capacity by choice: attendance counted, no seat taken, signedCount stays within capacity', async () => {
    duringCourse();
    const extra = expectOk<CheckinWalkInResult>(await walkIn(courseId, walkers[1], { overCapacity: true }));
    expect(extra).toMatchObject({ status: 'attended', created: true });
    expect(expectOk<CheckinWalkInResult>(await walkIn(courseId, walkers[1], { overCapacity: true })).created).toBe(false);
    expect(await storedCourse(courseId)).toMatchObject({ signedCount: 3, capacity: 3, checkinCount: 2 });
    await expectConsistent(courseId);
    const r = expectOk<RosterResult>(await call('roster', { courseId }, POINT_ADMIN));
    expect(r.signed.map((s) => s.openid)).not.toContain(walkers[1]);
    expect(r.signed.find((s) => s.openid === walkers[0])).toMatchObject({ walkIn: true, checkinBy: 'staff' });
    expect(r.checkedIn.find((s) => s.openid === walkers[1])).toMatchObject({ walkIn: true, overCapacity: true, checkinBy: 'staff' });
    expect(r.checkedIn).toHaveLength(2);
  });

  test('a learner already signed up is simply checked in', async () => {
    duringCourse();
    expect(expectOk<CheckinWalkInResult>(await walkIn(courseId, signed[0]))).toMatchObject({ status: 'signed', created: true });
    expect((await storedCourse(courseId)).checkinCount).toBe(3);
  });

  test('counters stay what reconcile would compute: reconcile finds the course healthy', async () => {
    duringCourse(20);
    expect(expectOk<ReconcileResult>(await call('reconcile', { courseId }, POINT_ADMIN))).toMatchObject({ state: 'healthy', after: { signedCount: 3, checkinCount: 3 } });
  });

  test('who may, and when', async () => {
    duringCourse();
    expect(errorCode(await walkIn(courseId, walkers[2], {}, OTHER_POINT_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await walkIn(courseId, walkers[2], {}, walkers[3]))).toBe('PERMISSION_DENIED');
    expect(errorCode(await call('checkinWalkIn', { courseId, openid: walkers[2] }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await walkIn(courseId, 'not-enrolled-anyone'))).toBe('NOT_FOUND');
    expect(errorCode(await walkIn(courseId, ''))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await call('checkinWalkIn', { courseId, openid: walkers[2], overCapacity: 'yes' }, POINT_ADMIN))).toBe('INVALID_ARGUMENT');
    cloud.setClockOffset(0); // two days before the start
    expect(errorCode(await walkIn(courseId, walkers[2]))).toBe('FAILED_PRECONDITION');
  });
});

test('a waitlisted learner who comes anyway: refused when full, or over capacity leaves the waitlist', async () => {
  const courseId = await course(2, [...signed, waiting]);
  duringCourse();
  expect(errorCode(await walkIn(courseId, waiting))).toBe('RESOURCE_EXHAUSTED');
  expect((await storedCourse(courseId)).waitlist).toEqual([waiting]);
  expect(expectOk<CheckinWalkInResult>(await walkIn(courseId, waiting, { overCapacity: true }))).toMatchObject({ status: 'attended', created: true });
  expect(await storedCourse(courseId)).toMatchObject({ signedCount: 2, waitlistCount: 0, waitlist: [], checkinCount: 1 });
  await expectConsistent(courseId);
});

test('a cancelled course takes no walk-ins', async () => {
  const courseId = await course(5, []);
  expectOk(await call('cancelCourse', { courseId, reason: '老师临时生病' }, POINT_ADMIN));
  duringCourse();
  expect(errorCode(await walkIn(courseId, walkers[4]))).toBe('FAILED_PRECONDITION');
});

test('walk-ins racing each other and online signups (in the hour before the start) never exceed the capacity', async () => {
  const courseId = await course(6, []);
  duringCourse(-30);
  const online = walkers.slice(0, 12).map((o) => call('signup', { courseId }, o));
  const onSite = walkers.slice(12).map((o) => walkIn(courseId, o));
  const results = await Promise.all([...online, ...onSite]);
  const walkInResults = results.slice(12) as Array<{ ok: boolean; data?: CheckinWalkInResult; error?: { code: string } }>;
  for (const r of walkInResults) if (!r.ok) expect(r.error?.code).toBe('RESOURCE_EXHAUSTED');
  const counts = await expectConsistent(courseId);
  expect(counts.signed).toBe(6);
  const seatedWalkIns = walkInResults.filter((r) => r.ok).length;
  expect(counts.waitlisted).toBe(12 - (6 - seatedWalkIns));
  expect((await storedCourse(courseId)).checkinCount).toBe(seatedWalkIns);
});

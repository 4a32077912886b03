import type { ReconcileResult } from '../../typings/course';
import { database } from '../../cloudfunctions/_shared/cloud';
import { now } from '../../cloudfunctions/_shared/clock';
import { releaseLearnerSeats } from '../../cloudfunctions/course/release';
import { observePlans, type PlanRecord } from '../../emulator/engine/metrics';
import { errorCode, expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { courseInput, createCourse, enrollLearners, expectConsistent, OTHER_POINT_ADMIN, POINT_ADMIN, setupCourseOrg, storedCourse, type CourseOrg } from './fixtures';

/**
 * Reconciliation on the local engine: counters corrupted and signups abandoned with direct database
 * writes (what an invocation that died mid-way leaves behind), then the real timer / action.
 */
interface LogRecord {
  action?: string;
  reads: number;
  writes: number;
}

let cloud: LocalCloud;
let org: CourseOrg;
const records: LogRecord[] = [];
const learners = Array.from({ length: 12 }, (_x, i) => `rc-learner-${i}`);
const [a, b, c, d, e, f, g, h, x, y] = learners;
const MINUTE = 60_000;

beforeAll(async () => {
  cloud = await startTestCloud({ log: (_line, r) => records.push(r) });
  org = await setupCourseOrg(cloud);
  await enrollLearners(cloud, org.pointA, learners);
});
afterAll(() => cloud.close());
afterEach(() => cloud.setClockOffset(0));

const call = (action: string, params: object, openid?: string) => cloud.call('course', { action, ...params }, openid);
const runTimer = () => cloud.call('course', { Type: 'Timer', TriggerName: 'reconcile' });

async function courseWith(capacity: number, people: string[]): Promise<string> {
  const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { capacity }));
  for (const o of people) expectOk(await call('signup', { courseId }, o));
  return courseId;
}

/** A `pending` signup as a claim leaves it, `ageMs` old on the functions' clock at offset 0. */
async function leavePending(courseId: string, openid: string, ageMs: number): Promise<void> {
  const course = await database().collection('courses').doc(courseId).get();
  const at = new Date(Date.now() - ageMs);
  await database()
    .collection('signups')
    .add({
      data: {
        _id: `${courseId}:${openid}`,
        courseId,
        openid,
        status: 'pending',
        courseStartsAt: course.data.startsAt,
        courseTopic: course.data.topic,
        learnerPointId: org.pointA,
        signedAt: null,
        waitlistedAt: null,
        cancelledAt: null,
        checkedIn: false,
        checkedInAt: null,
        checkinBy: null,
        remind: 'none',
        updatedAt: at,
      },
    });
}

const setCourse = (courseId: string, data: Record<string, unknown>) => database().collection('courses').doc(courseId).update({ data });
const setSignup = (courseId: string, openid: string, data: Record<string, unknown>) => database().collection('signups').doc(`${courseId}:${openid}`).update({ data });
const statusOf = async (courseId: string, openid: string) =>
  ((await database().collection('signups').where({ _id: `${courseId}:${openid}` }).get()).data[0]?.status as string | undefined) ?? null;

test('the hourly timer and its index are declared', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require('../../cloudfunctions/course/config.json');
  expect(config.triggers).toContainEqual({ name: 'reconcile', type: 'timer', config: '0 17 * * * * *' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const indexes = require('../../database/indexes.json');
  expect(indexes.collections.courses.indexes.map((i: { name: string }) => i.name)).toContain('status_startsAt_id');
});

describe('the timer repairs drifted courses', () => {
  let drifted: string;
  let seatTaken: string;
  let healthy: string;
  let run: { courses: number; repaired: number; busy: number; promoted: number };

  beforeAll(async () => {
    // 3 seats: a, b, c signed; d, e, f waiting in that order.
    drifted = await courseWith(3, [a, b, c, d, e, f]);
    // a's cancel died after its signup was written, before the course was told; and the counters
    // and the array were corrupted besides: e lost from the array, a stranger in it.
    await setSignup(drifted, a, { status: 'cancelled', cancelledAt: new Date(), updatedAt: new Date() });
    await setCourse(drifted, { signedCount: 1, waitlistCount: 7, waitlist: [d, f, 'ghost', h] });
    // g's signup died after the claim (nothing taken); h's after joining the queue.
    await leavePending(drifted, g, 5 * MINUTE);
    await leavePending(drifted, h, 5 * MINUTE);
    // x holds a seat; y's signup died after taking the other seat, before recording it (y was
    // answered an error and never shown a place).
    seatTaken = await courseWith(2, [x]);
    await setCourse(seatTaken, { signedCount: 2 });
    await leavePending(seatTaken, y, 3 * MINUTE);
    healthy = await courseWith(2, [a, b, c]);

    // Two minutes on: every fixture write is older than any invocation can live.
    cloud.setClockOffset(2 * MINUTE);
    records.length = 0;
    run = expectOk(await runTimer());
  });

  test('counters equal the signups again; abandoned claims resolved; the freed seat went to the queue head', async () => {
    expect(run).toMatchObject({ repaired: 2, busy: 0, promoted: 1, conflicts: 0, failed: 0 });
    expect(run.courses).toBeGreaterThanOrEqual(3);
    const counts = await expectConsistent(drifted);
    expect(counts).toMatchObject({ signed: 3, waitlisted: 3 });
    // Queue order kept for those still waiting, h (queued before dying) kept its place, e appended.
    expect((await storedCourse(drifted)).waitlist).toEqual([f, h, e]);
    expect(await statusOf(drifted, d)).toBe('signed');
    expect(await statusOf(drifted, g)).toBeNull();
    expect(await statusOf(drifted, h)).toBe('waitlisted');
    const told = await database().collection('outbox').where({ touser: d, kind: 'course_promoted' }).get();
    expect(told.data.filter((n) => String(n._id).startsWith(`promoted:${drifted}:`))).toHaveLength(1);

    expect(await expectConsistent(seatTaken)).toMatchObject({ signed: 1, waitlisted: 0 });
    expect(await statusOf(seatTaken, y)).toBeNull();
    expect(expectOk(await call('signup', { courseId: seatTaken }, y))).toEqual({ status: 'signed' });
    expect(await expectConsistent(healthy)).toMatchObject({ signed: 2, waitlisted: 1 });
  });

  test('repairs are audited as the timer', async () => {
    const audit = await database().collection('audit').where({ action: 'course.reconcile', targetId: drifted }).get();
    expect(audit.data).toHaveLength(1);
    expect(audit.data[0]).toMatchObject({ actor: 'system:reconcile', scope: { pointId: org.pointA }, before: { signedCount: 1, waitlistCount: 7 } });
  });

  test('a second run finds everything healthy and writes nothing', async () => {
    records.length = 0;
    expect(expectOk(await runTimer())).toMatchObject({ repaired: 0, promoted: 0 });
    expect(records).toHaveLength(1);
    expect(records[0].writes).toBe(0);
  });

  test('a timer event from a caller is not a timer', async () => {
    expect(errorCode(await cloud.call('course', { Type: 'Timer', TriggerName: 'reconcile' }, POINT_ADMIN))).toBe('INVALID_ARGUMENT');
  });
});

describe('the reconcile action (staff, one course)', () => {
  test('a healthy course: nothing changes, 0 writes, 3 reads', async () => {
    const courseId = await courseWith(2, [a, b, c, d]);
    const before = await storedCourse(courseId);
    cloud.setClockOffset(2 * MINUTE);
    records.length = 0;
    const result = expectOk<ReconcileResult>(await call('reconcile', { courseId }, POINT_ADMIN));
    const counters = { signedCount: 2, waitlistCount: 2, checkinCount: 0 };
    expect(result).toEqual({ courseId, state: 'healthy', before: counters, after: counters, pendingResolved: 0, promoted: 0 });
    expect(records[0]).toMatchObject({ action: 'reconcile', writes: 0, reads: 3 });
    expect(await storedCourse(courseId)).toEqual(before);
  });

  test('a course with a signup being decided right now is left alone (busy), not "repaired" mid-way', async () => {
    const courseId = await courseWith(2, [a]);
    await setCourse(courseId, { signedCount: 2 }); // a seat taken by the claim below, moments ago
    await leavePending(courseId, b, 0);
    records.length = 0;
    expect(expectOk<ReconcileResult>(await call('reconcile', { courseId }, POINT_ADMIN)).state).toBe('busy');
    expect(records[0].writes).toBe(0);
    expect(await statusOf(courseId, b)).toBe('pending');
    // A minute later the claim is abandoned: removed, and the seat it took is free again.
    cloud.setClockOffset(2 * MINUTE);
    const later = expectOk<ReconcileResult>(await call('reconcile', { courseId }, POINT_ADMIN));
    expect(later).toMatchObject({ state: 'repaired', pendingResolved: 1, before: { signedCount: 2 }, after: { signedCount: 1 } });
    expect(await statusOf(courseId, b)).toBeNull();
    await expectConsistent(courseId);
  });

  test('many reconciles at once on a drifted course: one repair, each freed seat promoted once', async () => {
    const courseId = await courseWith(3, [a, b, c, d, e, f, g]);
    await setSignup(courseId, a, { status: 'cancelled', cancelledAt: new Date(), updatedAt: new Date() });
    await setSignup(courseId, b, { status: 'cancelled', cancelledAt: new Date(), updatedAt: new Date() });
    await leavePending(courseId, h, 5 * MINUTE);
    cloud.setClockOffset(2 * MINUTE);
    const results = (await Promise.all(Array.from({ length: 8 }, () => call('reconcile', { courseId }, POINT_ADMIN)))).map((r) => expectOk<ReconcileResult>(r));
    expect(results.filter((r) => r.state === 'conflict')).toHaveLength(0);
    expect(results.reduce((n, r) => n + r.promoted, 0)).toBe(2);
    expect(await expectConsistent(courseId)).toMatchObject({ signed: 3, waitlisted: 2 });
    expect((await storedCourse(courseId)).waitlist).toEqual([f, g]);
    for (const o of [d, e]) {
      expect(await statusOf(courseId, o)).toBe('signed');
      const told = (await database().collection('outbox').where({ touser: o, kind: 'course_promoted' }).get()).data;
      expect(told.filter((n) => String(n._id).startsWith(`promoted:${courseId}:`))).toHaveLength(1);
    }
    expect((await database().collection('audit').where({ action: 'course.reconcile', targetId: courseId }).get()).data).toHaveLength(1);
  });

  test('reconciles racing live signups and cancellations never introduce drift', async () => {
    const courseId = await courseWith(4, []);
    const ops = [
      ...learners.map((o) => call('signup', { courseId }, o)),
      ...learners.slice(0, 6).map((o) => call('cancel', { courseId }, o)),
      ...Array.from({ length: 6 }, () => call('reconcile', { courseId }, POINT_ADMIN)),
      runTimer(),
    ];
    const results = (await Promise.all(ops)) as Array<{ ok: boolean; data?: ReconcileResult }>;
    expect(results.slice(learners.length + 6).every((r) => r.ok)).toBe(true);
    await expectConsistent(courseId);
    cloud.setClockOffset(2 * MINUTE);
    expect(expectOk<ReconcileResult>(await call('reconcile', { courseId }, POINT_ADMIN)).state).toBe('healthy');
  });

  test('every query of the timer, reconcile, walk-ins and the seat release is served by an index', async () => {
    const courseId = await courseWith(2, [a, b, c]);
    const plans: PlanRecord[] = [];
    const stop = observePlans((p) => plans.push(p));
    try {
      cloud.setClockOffset(2 * MINUTE);
      expectOk(await runTimer());
      expectOk(await call('reconcile', { courseId }, POINT_ADMIN));
      await releaseLearnerSeats(database(), c, now());
    } finally {
      stop();
    }
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.filter((p) => p.filtered && !p.index)).toEqual([]);
    expect(plans.some((p) => p.collection === 'courses' && p.index === 'status_startsAt_id')).toBe(true);
  });

  test('only staff of the course point or above; anonymous callers are told to log in', async () => {
    const courseId = await courseWith(2, []);
    expect(errorCode(await call('reconcile', { courseId }, OTHER_POINT_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await call('reconcile', { courseId }, a))).toBe('PERMISSION_DENIED');
    expect(errorCode(await call('reconcile', { courseId }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await call('reconcile', { courseId: 'cs_missing000' }, POINT_ADMIN))).toBe('NOT_FOUND');
    expect(expectOk<ReconcileResult>(await call('reconcile', { courseId }, 'course-ba-yuzhong')).state).toBe('healthy');
  });
});

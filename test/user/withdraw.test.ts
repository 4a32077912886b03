/**
 * Withdrawal (PIPL) follow-ups: upcoming course seats are given back (the waitlist moves up),
 * a withdrawal interrupted half-way is finished by calling again, and the 科普信息员 record
 * follows a transfer. Through `main`; the interrupted states are written directly (fixtures).
 */
import { database } from '../../cloudfunctions/_shared/cloud';
import type { InvocationRecord } from '../../emulator/host';
import { createCourse, courseInput, enrollLearners, expectConsistent, JIANGBEI, POINT_ADMIN, OTHER_POINT_ADMIN, HEAD, setupCourseOrg, type CourseOrg } from '../course/fixtures';
import { errorCode, expectOk, startTestCloud, type LocalCloud } from '../support/cloud';

let cloud: LocalCloud;
let f: CourseOrg;
const log: InvocationRecord[] = [];

beforeAll(async () => {
  cloud = await startTestCloud({ log: (_line, record) => log.push(record) });
  f = await setupCourseOrg(cloud);
});
afterAll(() => cloud.close());

const signup = async (courseId: string, openid: string) => expectOk<{ status: string }>(await cloud.call('course', { action: 'signup', courseId }, openid));
const signupStatus = async (courseId: string, openid: string) =>
  (await database().collection<{ _id: string; status: string }>('signups').where({ courseId, openid }).get()).data[0]?.status;
const learnerCount = async (pointId: string) => (await database().collection<{ _id: string; learnerCount: number }>('points').doc(pointId).get()).data.learnerCount;

describe('withdraw gives back upcoming course seats', () => {
  test('the seat goes to the first on the waitlist; a waitlist place is given up too', async () => {
    await enrollLearners(cloud, f.pointA, ['wd-a', 'wd-b', 'wd-c'], {}, 100);
    const full = await createCourse(cloud, POINT_ADMIN, courseInput(f.pointA, { title: '家庭急救知识', capacity: 1 }));
    const other = await createCourse(cloud, POINT_ADMIN, courseInput(f.pointA, { title: '防范电信诈骗', capacity: 1 }));
    expect(await signup(full, 'wd-a')).toEqual({ status: 'signed' });
    expect((await signup(full, 'wd-b')).status).toBe('waitlisted');
    expect(await signup(other, 'wd-c')).toEqual({ status: 'signed' });
    expect((await signup(other, 'wd-a')).status).toBe('waitlisted');

    log.length = 0;
    expect(expectOk(await cloud.call('user', { action: 'withdraw', confirm: true }, 'wd-a'))).toEqual({ withdrawn: true });
    const cost = log.find((l) => l.functionName === 'user' && l.action === 'withdraw')!;
    console.log(`withdraw with 2 course places: ${cost.reads}r/${cost.writes}w, ${cost.docsExamined} docs examined`);

    expect(await signupStatus(full, 'wd-b')).toBe('signed');
    expect(await signupStatus(full, 'wd-a')).toBe('cancelled');
    expect(await signupStatus(other, 'wd-a')).toBe('cancelled');
    expect(await expectConsistent(full)).toMatchObject({ signed: 1, waitlisted: 0 });
    expect(await expectConsistent(other)).toMatchObject({ signed: 1, waitlisted: 0 });
  });
});

describe('an interrupted withdrawal is finished by calling again', () => {
  test('enrollment already deleted, but a seat, the officer record and a quiz name were left behind', async () => {
    await enrollLearners(cloud, f.pointA, ['wd-d', 'wd-e'], {}, 110);
    const name = (await database().collection<{ _id: string; name: string }>('learners').doc('wd-d').get()).data.name;
    const course = await createCourse(cloud, POINT_ADMIN, courseInput(f.pointA, { title: '智能手机入门', capacity: 1 }));
    expect(await signup(course, 'wd-d')).toEqual({ status: 'signed' });
    expect((await signup(course, 'wd-e')).status).toBe('waitlisted');
    expectOk(await cloud.call('volunteer', { action: 'registerOfficer' }, 'wd-d'));

    // Fixture: the state a withdrawal that died right after deleting the enrollment leaves.
    const db = database();
    const countBefore = await learnerCount(f.pointA);
    await db.collection('learners').doc('wd-d').remove();
    await db.collection('points').doc(f.pointA).update({ data: { learnerCount: db.command.inc(-1), withdrawnTotal: db.command.inc(1) } });
    await db.collection('quizBests').add({ data: { _id: 'qz_left:wd-d', quizId: 'qz_left', openid: 'wd-d', displayName: name, pointId: f.pointA, branchId: 'br_500103', bestScore: 90, sortKey: 'x' } });

    expect(expectOk(await cloud.call('user', { action: 'withdraw', confirm: true }, 'wd-d'))).toEqual({ withdrawn: true });
    expect(await signupStatus(course, 'wd-e')).toBe('signed');
    await expectConsistent(course);
    expect((await db.collection('scienceOfficers').where({ _id: 'wd-d' }).get()).data).toEqual([]);
    expect((await db.collection('quizBests').doc('qz_left:wd-d').get()).data).toMatchObject({ displayName: '微信用户', bestScore: 90 });
    // The point's anonymous counters moved once, not twice.
    expect(await learnerCount(f.pointA)).toBe(countBefore - 1);
    // Now nothing is left: a further call says so.
    expect(errorCode(await cloud.call('user', { action: 'withdraw', confirm: true }, 'wd-d'))).toBe('PERMISSION_DENIED');
  });

  test('enrollment still there, clean-up half done: the call completes and counts once', async () => {
    await enrollLearners(cloud, f.pointB, ['wd-f'], {}, 120);
    expectOk(await cloud.call('volunteer', { action: 'registerOfficer' }, 'wd-f'));
    // Fixture: the officer record went, the enrollment did not.
    await database().collection('scienceOfficers').where({ _id: 'wd-f' }).remove();
    const before = await learnerCount(f.pointB);
    expect(expectOk(await cloud.call('user', { action: 'withdraw', confirm: true }, 'wd-f'))).toEqual({ withdrawn: true });
    expect(await learnerCount(f.pointB)).toBe(before - 1);
    expect((await database().collection('learners').where({ _id: 'wd-f' }).get()).data).toEqual([]);
  });

  test('two taps at once: the point counts one withdrawal', async () => {
    await enrollLearners(cloud, f.pointB, ['wd-g'], {}, 130);
    const before = await learnerCount(f.pointB);
    const results = await Promise.all(Array.from({ length: 4 }, () => cloud.call('user', { action: 'withdraw', confirm: true }, 'wd-g')));
    expect(results.filter((r) => (r as { ok: boolean }).ok).length).toBeGreaterThanOrEqual(1);
    expect(await learnerCount(f.pointB)).toBe(before - 1);
  });
});

describe('科普信息员 after a transfer', () => {
  test('the officer record follows the learner to the new point and branch (and a new name)', async () => {
    await enrollLearners(cloud, f.pointA, ['wd-officer'], {}, 140);
    const { officerId } = expectOk<{ officerId: string }>(await cloud.call('volunteer', { action: 'registerOfficer' }, 'wd-officer'));
    const stats = async (params: Record<string, string>, caller: string) =>
      expectOk<{ officers: Array<{ officerId: string; name: string; pointId: string; branchId: string }> }>(await cloud.call('volunteer', { action: 'officerStats', ...params }, caller)).officers;
    expect((await stats({ pointId: f.pointA }, POINT_ADMIN)).map((o) => o.officerId)).toContain(officerId);

    const learner = (await database().collection('learners').doc('wd-officer').get()).data as Record<string, unknown>;
    const moved = { pointId: f.pointC, name: '孙新名', gender: learner.gender, birthYear: learner.birthYear, occupation: learner.occupation, phone: learner.phone, consent: true };
    expect(expectOk(await cloud.call('user', { action: 'enroll', ...moved }, 'wd-officer'))).toEqual({ pointId: f.pointC, status: 'transferred' });

    expect((await stats({ pointId: f.pointA }, POINT_ADMIN)).map((o) => o.officerId)).not.toContain(officerId);
    expect(await stats({ pointId: f.pointC }, OTHER_POINT_ADMIN)).toContainEqual(expect.objectContaining({ officerId, name: '孙新名', pointId: f.pointC, branchId: JIANGBEI }));
    expect((await stats({ branchId: JIANGBEI }, HEAD)).map((o) => o.officerId)).toContain(officerId);
    // The officer's own view agrees.
    expect(expectOk<{ officer: { pointId: string } }>(await cloud.call('volunteer', { action: 'myOfficer' }, 'wd-officer')).officer.pointId).toBe(f.pointC);
  });
});

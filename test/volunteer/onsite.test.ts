import { database } from '../../cloudfunctions/_shared/cloud';
import { currentCode } from '../../cloudfunctions/_shared/rotating-code';
import { errorCode, type LocalCloud } from '../support/cloud';
import { HOUR, YUZHONG, addPoint, at, grant, member, phone, startVolunteerCloud, type Vol } from './fixtures';

let cloud: LocalCloud;
let v: Vol;
let teamId: string;
const POINT = 'pt_onsite';

beforeAll(async () => {
  ({ cloud, v } = await startVolunteerCloud());
  await addPoint(POINT, YUZHONG, '较场口社区');
  await grant('padmin', 'point_admin', POINT);
  await v.ok('register', { realName: '刘队长', phone: phone() }, 'leader');
  ({ teamId } = await v.ok('createTeam', { unitId: POINT, leaderOpenid: 'leader' }, 'padmin'));
  for (const id of ['s1', 's2', 's3', 's4']) await member(v, teamId, id, 'leader', '吴志愿');
});
afterEach(() => setClock(0));
afterAll(() => cloud.close());

/** A 2-hour activity starting in one hour, the given people signed up. */
async function activity(people: string[]): Promise<string> {
  const { activityId } = await v.ok('createActivity', { teamId, title: '科技活动周义诊', startsAt: at(HOUR), endsAt: at(3 * HOUR), location: '较场口', slots: 10, hours: 2, keyDay: '科技活动周' }, 'leader');
  for (const p of people) await v.ok('signupActivity', { activityId }, p);
  return activityId;
}

let offset = 0;
const shown = new Set<string>();
function setClock(ms: number): void {
  offset = ms;
  cloud.setClockOffset(ms);
}

/**
 * The code the leader's screen shows now. The first time per activity it comes from `signinCode`
 * (which makes the leader the certifier and renders the QR, slow under jest); afterwards it is
 * derived from the activity's secret and the shifted clock, exactly as the function derives it.
 */
async function code(activityId: string): Promise<string> {
  if (!shown.has(activityId)) {
    shown.add(activityId);
    return (await v.ok('signinCode', { activityId }, 'leader')).code;
  }
  const a = (await database().collection('volunteerActivities').doc(activityId).get()).data as any;
  return currentCode(a.codeSecret, new Date(Date.now() + offset)).code;
}

test('the leader shows a rotating code with a QR; volunteers and strangers cannot', async () => {
  const activityId = await activity([]);
  setClock(HOUR - 5 * 60_000);
  const res = await v.ok('signinCode', { activityId }, 'leader');
  expect(res.code).toMatch(/^\d{6}$/);
  expect(res.qrText).toBe(`csu-vsign:${activityId}:${res.code}`);
  expect(res.qrDataUrl).toMatch(/^data:image\/png;base64,/);
  expect(res.expiresAt).toMatch(/\+08:00$/);
  expect(errorCode(await v.call('signinCode', { activityId }, 's1'))).toBe('PERMISSION_DENIED');
  setClock(-10 * 60_000);
  expect(errorCode(await v.call('signinCode', { activityId }, 'leader'))).toBe('FAILED_PRECONDITION');
});

test('sign-in/out computes the hours from the two server times and records them approved', async () => {
  const activityId = await activity(['s1']);
  setClock(HOUR + 10 * 60_000);
  expect(errorCode(await v.call('signIn', { activityId, code: '000000' }, 's1'))).toBe('INVALID_ARGUMENT');
  const { signInAt } = await v.ok('signIn', { activityId, code: await code(activityId) }, 's1');
  expect(await v.ok('signIn', { activityId, code: await code(activityId) }, 's1')).toEqual({ signInAt });
  expect(errorCode(await v.call('signOut', { activityId, code: await code(activityId) }, 's2'))).toBe('FAILED_PRECONDITION');
  // 1 h 27 min later: 1.4 h (floored to a tenth: only actual time counts).
  setClock(HOUR + 97 * 60_000);
  const out = await v.ok('signOut', { activityId, code: await code(activityId) }, 's1');
  expect(out).toMatchObject({ recordId: `${activityId}:s1`, hours: 1.4, status: 'approved' });
  const worked = new Date(out.signOutAt).getTime() - new Date(out.signInAt).getTime();
  expect(worked).toBeGreaterThanOrEqual(87 * 60_000);
  expect(worked).toBeLessThan(88 * 60_000);
  expect((await database().collection('volunteers').doc('s1').get()).data.approvedHours).toBe(1.4);
  const rec = (await database().collection('hourRecords').doc(`${activityId}:s1`).get()).data as any;
  expect(rec).toMatchObject({ source: 'onsite', certifiedBy: 'leader', status: 'approved' });
  expect(errorCode(await v.call('signOut', { activityId, code: await code(activityId) }, 's1'))).toBe('FAILED_PRECONDITION');
  expect(errorCode(await v.call('logHours', { activityId, hours: 2 }, 's1'))).toBe('ALREADY_EXISTS');
});

test('hours are capped at the activity length; a pending claim gives way to the on-site record', async () => {
  const activityId = await activity(['s2']);
  setClock(HOUR - 20 * 60_000);
  await v.ok('signIn', { activityId, code: await code(activityId) }, 's2');
  setClock(2 * HOUR);
  await v.ok('logHours', { activityId, hours: 1 }, 's2');
  // Signs out an hour after the end: 4 h 20 min on site, capped at the 2-hour length.
  setClock(4 * HOUR);
  const out = await v.ok('signOut', { activityId, code: await code(activityId) }, 's2');
  expect(out).toMatchObject({ hours: 2, status: 'approved' });
  expect((await database().collection('volunteers').doc('s2').get()).data.approvedHours).toBe(2);
  const changes = (await database().collection('hourRecordChanges').where({ recordId: `${activityId}:s2` }).get()).data;
  expect(changes.map((c: any) => c.action).sort()).toEqual(['claim', 'onsite']);
});

test('whoever can show the code cannot certify themselves: their on-site record is pending', async () => {
  const activityId = await activity(['leader', 's3']);
  setClock(HOUR);
  await v.ok('signIn', { activityId, code: await code(activityId) }, 'leader');
  await v.ok('signIn', { activityId, code: await code(activityId) }, 's3');
  setClock(2 * HOUR);
  const own = await v.ok('signOut', { activityId, code: await code(activityId) }, 'leader');
  expect(own).toMatchObject({ hours: 1, status: 'pending' });
  expect(errorCode(await v.call('reviewHours', { recordId: own.recordId, approve: true }, 'leader'))).toBe('PERMISSION_DENIED');
  await v.ok('reviewHours', { recordId: own.recordId, approve: true }, 'padmin');
  expect((await database().collection('volunteers').doc('leader').get()).data.approvedHours).toBe(1);
});

test('sign-in needs a signup and the time window; wrong codes are rate-limited', async () => {
  const activityId = await activity(['s4']);
  expect(errorCode(await v.call('signIn', { activityId, code: '123456' }, 's4'))).toBe('FAILED_PRECONDITION');
  setClock(HOUR);
  expect(errorCode(await v.call('signIn', { activityId, code: await code(activityId) }, 's1'))).toBe('FAILED_PRECONDITION');
  expect(errorCode(await v.call('signIn', { activityId, code: '12345' }, 's4'))).toBe('INVALID_ARGUMENT');
  const good = await code(activityId);
  const wrong = good === '999999' ? '999998' : '999999';
  for (let i = 0; i < 10; i++) expect(errorCode(await v.call('signIn', { activityId, code: wrong }, 's4'))).toBe('INVALID_ARGUMENT');
  expect(errorCode(await v.call('signIn', { activityId, code: good }, 's4'))).toBe('RESOURCE_EXHAUSTED');
  setClock(HOUR + 11 * 60_000);
  expect((await v.ok('signIn', { activityId, code: await code(activityId) }, 's4')).signInAt).toMatch(/\+08:00$/);
  setClock(3 * HOUR + 60_000);
  expect(errorCode(await v.call('signIn', { activityId, code: await code(activityId) }, 's1'))).toBe('FAILED_PRECONDITION');
});

import { database } from '../../cloudfunctions/_shared/cloud';
import { nextStarAt, starOf } from '../../cloudfunctions/volunteer/model';
import { errorCode, type LocalCloud } from '../support/cloud';
import { HEAD, HOUR, YUZHONG, addPoint, at, grant, member, phone, startVolunteerCloud, type Vol } from './fixtures';

let cloud: LocalCloud;
let v: Vol;
const POINT = 'pt_hours';
let teamId: string;

async function volunteerDoc(openid: string): Promise<any> {
  return (await database().collection('volunteers').doc(openid).get()).data;
}

async function activity(overrides: Record<string, unknown> = {}): Promise<string> {
  const { activityId } = await v.ok(
    'createActivity',
    { teamId, title: '全国科普日社区健康讲座', startsAt: at(1 * HOUR), endsAt: at(3 * HOUR), location: '解放碑社区活动中心', slots: 10, hours: 2, keyDay: '全国科普日', ...overrides },
    'leader',
  );
  return activityId;
}

beforeAll(async () => {
  ({ cloud, v } = await startVolunteerCloud());
  await addPoint(POINT, YUZHONG, '七星岗社区');
  await grant('padmin', 'point_admin', POINT);
  await v.ok('register', { realName: '王队长', phone: phone() }, 'leader');
  ({ teamId } = await v.ok('createTeam', { unitId: POINT, leaderOpenid: 'leader' }, 'padmin'));
  for (const id of ['vol-a', 'vol-b', 'vol-c']) await member(v, teamId, id, 'leader', '陈志愿');
});
afterEach(() => cloud.setClockOffset(0));
afterAll(() => cloud.close());

describe('activities', () => {
  test('create validates times, planned hours and the key day; list by team and date', async () => {
    const base = { teamId, title: '科技活动周展览', location: '七星岗', slots: 5, hours: 2 };
    expect(errorCode(await v.call('createActivity', { ...base, startsAt: at(3 * HOUR), endsAt: at(1 * HOUR) }, 'leader'))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await v.call('createActivity', { ...base, startsAt: at(HOUR), endsAt: at(2 * HOUR) }, 'leader'))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await v.call('createActivity', { ...base, startsAt: at(HOUR), endsAt: at(30 * HOUR), hours: 2 }, 'leader'))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await v.call('createActivity', { ...base, startsAt: at(HOUR), endsAt: at(3 * HOUR), keyDay: '植树节' }, 'leader'))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await v.call('createActivity', { ...base, startsAt: at(HOUR), endsAt: at(3 * HOUR), slots: 0 }, 'leader'))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await v.call('createActivity', { ...base, startsAt: at(HOUR), endsAt: at(3 * HOUR) }, 'vol-a'))).toBe('PERMISSION_DENIED');
    const later = await activity({ title: '科技活动周展览', startsAt: at(48 * HOUR), endsAt: at(50 * HOUR), keyDay: '科技活动周' });
    const sooner = await activity({ title: '科技工作者日座谈', startsAt: at(24 * HOUR), endsAt: at(26 * HOUR), keyDay: '科技工作者日' });
    const list = await v.ok('listActivities', { teamId, from: at(20 * HOUR) }, undefined);
    expect(list.items.map((i: any) => i.id)).toEqual([sooner, later]);
    expect(list.items[0]).toMatchObject({ teamId, title: '科技工作者日座谈', slots: 10, signedCount: 0, hours: 2, keyDay: '科技工作者日' });
    expect(list.items[0].startsAt).toMatch(/\+08:00$/);
    const got = await v.ok('getActivity', { activityId: later }, 'vol-a');
    expect(got).toMatchObject({ lengthHours: 2, mySignup: null, myRecord: null, isMember: true, canManage: false });
  });

  test('slots hold under 100 concurrent signups; signedCount equals the signups', async () => {
    const { teamId: big } = await v.ok('createTeam', { unitId: POINT, name: '大队' }, 'padmin');
    const people = Array.from({ length: 100 }, (_, i) => `crowd-${i}`);
    await Promise.all(people.map((id) => v.ok('register', { realName: '群众', phone: phone() }, id)));
    await Promise.all(people.map((id) => v.ok('joinTeam', { teamId: big }, id)));
    await Promise.all(people.map((id) => v.ok('reviewMember', { teamId: big, openid: id, approve: true }, 'padmin')));
    const { activityId } = await v.ok('createActivity', { teamId: big, title: '限额活动', startsAt: at(HOUR), endsAt: at(2 * HOUR), location: '广场', slots: 7, hours: 1 }, 'padmin');
    // Each person twice, all at once.
    const callers = [...people, ...people.slice(0, 20)];
    const results: any[] = await Promise.all(callers.map((id) => v.call('signupActivity', { activityId }, id)));
    const told = new Set(callers.filter((_id, i) => results[i].ok).map((id) => id));
    expect(results.filter((r) => !r.ok).every((r) => r.error.code === 'RESOURCE_EXHAUSTED')).toBe(true);
    const signups = (await database().collection('activitySignups').where({ activityId, status: 'signed' }).get()).data;
    expect(signups).toHaveLength(7);
    // Exactly those told "signed" hold a signup.
    expect([...told].sort()).toEqual(signups.map((s: any) => s.openid).sort());
    const a = await v.ok('getActivity', { activityId }, undefined);
    expect(a.signedCount).toBe(7);
    // A cancellation frees a slot for someone else.
    const one = (signups[0] as any).openid as string;
    expect(await v.ok('cancelSignup', { activityId }, one)).toEqual({ status: 'cancelled' });
    const other = people.find((p) => !signups.some((s: any) => s.openid === p))!;
    expect(await v.ok('signupActivity', { activityId }, other)).toEqual({ status: 'signed' });
    expect((await v.ok('getActivity', { activityId }, undefined)).signedCount).toBe(7);
  });

  test('a person tapping many times for the last slot is told one consistent answer', async () => {
    const { activityId } = await v.ok('createActivity', { teamId, title: '最后一个名额', startsAt: at(HOUR), endsAt: at(2 * HOUR), location: '广场', slots: 1, hours: 1 }, 'leader');
    // vol-b taps ten times while vol-c taps once: whoever wins, each person's answers agree.
    const callers = [...Array<string>(10).fill('vol-b'), 'vol-c'];
    const results: any[] = await Promise.all(callers.map((id) => v.call('signupActivity', { activityId }, id)));
    const b = results.slice(0, 10);
    expect(new Set(b.map((r) => (r.ok ? 'signed' : r.error.code))).size).toBe(1);
    const winners = (await database().collection('activitySignups').where({ activityId, status: 'signed' }).get()).data.map((d: any) => d.openid);
    expect(winners).toHaveLength(1);
    expect(b[0].ok).toBe(winners[0] === 'vol-b');
    expect(results[10].ok).toBe(winners[0] === 'vol-c');
    expect((await database().collection('activitySignups').where({ activityId, status: 'pending' }).get()).data).toHaveLength(0);
    expect((await v.ok('getActivity', { activityId }, undefined)).signedCount).toBe(1);
  });

  test('only members sign up; not after the end', async () => {
    const activityId = await activity();
    await v.ok('register', { realName: '路人甲', phone: phone() }, 'outsider');
    expect(errorCode(await v.call('signupActivity', { activityId }, 'outsider'))).toBe('PERMISSION_DENIED');
    expect(await v.ok('signupActivity', { activityId }, 'vol-a')).toEqual({ status: 'signed' });
    expect(await v.ok('signupActivity', { activityId }, 'vol-a')).toEqual({ status: 'signed' });
    expect((await v.ok('getActivity', { activityId }, undefined)).signedCount).toBe(1);
    cloud.setClockOffset(4 * HOUR);
    expect(errorCode(await v.call('signupActivity', { activityId }, 'vol-b'))).toBe('FAILED_PRECONDITION');
    expect(errorCode(await v.call('cancelSignup', { activityId }, 'vol-a'))).toBe('FAILED_PRECONDITION');
  });
});

describe('logHours and reviewHours', () => {
  test('only after the start, only signed-up volunteers, 0 < hours ≤ length, one record per activity', async () => {
    const activityId = await activity();
    await v.ok('signupActivity', { activityId }, 'vol-a');
    expect(errorCode(await v.call('logHours', { activityId, hours: 2 }, 'vol-a'))).toBe('FAILED_PRECONDITION');
    cloud.setClockOffset(2 * HOUR);
    expect(errorCode(await v.call('logHours', { activityId, hours: 2.5 }, 'vol-a'))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await v.call('logHours', { activityId, hours: 0 }, 'vol-a'))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await v.call('logHours', { activityId, hours: -1 }, 'vol-a'))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await v.call('logHours', { activityId, hours: 1 }, 'vol-b'))).toBe('FAILED_PRECONDITION');
    const first = await v.ok('logHours', { activityId, hours: 1.5, note: '布置场地' }, 'vol-a');
    expect(first).toEqual({ recordId: `${activityId}:vol-a`, status: 'pending' });
    // Again: corrects the same record, never a second one.
    expect(await v.ok('logHours', { activityId, hours: 2 }, 'vol-a')).toEqual(first);
    const records = (await database().collection('hourRecords').where({ openid: 'vol-a', activityId }).get()).data;
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ hours: 2, status: 'pending', version: 2 });
  });

  test('only approved hours count; nobody approves their own; approvedHours follows every change', async () => {
    const activityId = await activity();
    for (const id of ['vol-b', 'leader']) await v.ok('signupActivity', { activityId }, id);
    cloud.setClockOffset(3 * HOUR);
    const { recordId } = await v.ok('logHours', { activityId, hours: 2 }, 'vol-b');
    const mine = await v.ok('myHours', {}, 'vol-b');
    expect(mine).toMatchObject({ approvedHours: 0, pendingHours: 2, star: 0 });
    expect((await volunteerDoc('vol-b')).approvedHours).toBe(0);

    // The leader claims too and may not approve it; another manager may.
    const { recordId: own } = await v.ok('logHours', { activityId, hours: 2 }, 'leader');
    expect(errorCode(await v.call('reviewHours', { recordId: own, approve: true }, 'leader'))).toBe('PERMISSION_DENIED');
    expect(errorCode(await v.call('reviewHours', { recordId, approve: true }, 'vol-c'))).toBe('PERMISSION_DENIED');
    expect(errorCode(await v.call('reviewHours', { recordId: 'va_none:vol-b', approve: true }, 'leader'))).toBe('NOT_FOUND');

    // Two reviewers approve at once: counted once.
    const both = await Promise.all([v.call('reviewHours', { recordId, approve: true }, 'leader'), v.call('reviewHours', { recordId, approve: true }, 'padmin')]);
    expect(both.some((r: any) => r.ok)).toBe(true);
    expect((await volunteerDoc('vol-b')).approvedHours).toBe(2);
    expect(await v.ok('myHours', {}, 'vol-b')).toMatchObject({ approvedHours: 2, pendingHours: 0 });
    expect(errorCode(await v.call('logHours', { activityId, hours: 1 }, 'vol-b'))).toBe('ALREADY_EXISTS');

    // Revoked with a reason: the hours stop counting; the volunteer sees every change.
    expect(await v.ok('reviewHours', { recordId, approve: false, reason: '当天实际未到场' }, 'padmin')).toEqual({ status: 'rejected' });
    expect((await volunteerDoc('vol-b')).approvedHours).toBe(0);
    const hist = await v.ok('myRecords', {}, 'vol-b');
    const rec = hist.items.find((r: any) => r.recordId === recordId)!;
    expect(rec.changes.map((c: any) => [c.action, c.by, c.before?.status ?? null, c.after.status])).toEqual([
      ['claim', '本人', null, 'pending'],
      ['approve', '王*长', 'pending', 'approved'],
      ['reject', '工作人员', 'approved', 'rejected'],
    ]);
    expect(rec.changes[2].reason).toBe('当天实际未到场');
    expect(rec.reason).toBe('当天实际未到场');

    // A corrected claim after the rejection, approved: counted again.
    await v.ok('logHours', { activityId, hours: 1.5, note: '只参加了后半场' }, 'vol-b');
    await v.ok('reviewHours', { recordId, approve: true }, 'leader');
    expect((await volunteerDoc('vol-b')).approvedHours).toBe(1.5);
    const audits = (await database().collection('audit').where({ targetId: recordId }).get()).data;
    expect(audits.map((a: any) => a.action)).toEqual(expect.arrayContaining(['volunteer.hours.approve', 'volunteer.hours.reject']));

    const claims = await v.ok('listClaims', { teamId }, 'padmin');
    expect(claims.items.map((c: any) => c.recordId)).toContain(own);
    expect(claims.items.find((c: any) => c.recordId === own)).toMatchObject({ realName: '王队长', hours: 2, status: 'pending' });
    expect(errorCode(await v.call('listClaims', { teamId }, 'vol-a'))).toBe('PERMISSION_DENIED');
  });

  test('star levels at 100/300/600/1000/1500 approved hours', async () => {
    expect([0, 99.99, 100, 299.5, 300, 599, 600, 999, 1000, 1499.9, 1500, 5000].map(starOf)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(nextStarAt(120)).toBe(300);
    expect(nextStarAt(1500)).toBeNull();
    // Through the function: five 20-hour activities make 100 approved hours, one star.
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await activity({ title: `长时服务${i}`, startsAt: at(HOUR + i * 21 * HOUR), endsAt: at(21 * HOUR + i * 21 * HOUR), hours: 20 }));
    for (const id of ids) await v.ok('signupActivity', { activityId: id }, 'vol-c');
    cloud.setClockOffset(120 * HOUR);
    for (const id of ids) {
      const { recordId } = await v.ok('logHours', { activityId: id, hours: 20 }, 'vol-c');
      if (id !== ids[4]) await v.ok('reviewHours', { recordId, approve: true }, 'leader');
    }
    expect(await v.ok('myHours', {}, 'vol-c')).toMatchObject({ approvedHours: 80, pendingHours: 20, star: 0, nextStarAt: 100 });
    await v.ok('reviewHours', { recordId: `${ids[4]}:vol-c`, approve: true }, 'leader');
    expect(await v.ok('myHours', {}, 'vol-c')).toMatchObject({ approvedHours: 100, star: 1, nextStarAt: 300 });
  });

  test('unregistered callers get PERMISSION_DENIED for myHours and certificate', async () => {
    expect(errorCode(await v.call('myHours', {}, 'ghost'))).toBe('PERMISSION_DENIED');
    expect(errorCode(await v.call('certificate', {}, 'ghost'))).toBe('PERMISSION_DENIED');
    expect(errorCode(await v.call('myHours', {}))).toBe('UNAUTHENTICATED');
    void HEAD;
  });
});

/**
 * PIPL: a volunteer deletes their registration (`unregister`). What goes (name, phone, teams,
 * signups, unapproved claims), what stays (approved hour records, anonymised), the leader rule,
 * and a deletion interrupted half-way finished by calling again. Everything through `main`;
 * the interrupted state is written directly (fixture).
 */
import { database } from '../../cloudfunctions/_shared/cloud';
import type { InvocationRecord } from '../../emulator/host';
import { errorCode, type LocalCloud } from '../support/cloud';
import { HOUR, YUZHONG, addPoint, at, grant, member, phone, startVolunteerCloud, type Vol } from './fixtures';

let cloud: LocalCloud;
let v: Vol;
const log: InvocationRecord[] = [];
const POINT = 'pt_unreg';
/** The Asia/Shanghai year, as reports group by it. */
const YEAR = new Date(Date.now() + 8 * HOUR).getUTCFullYear();
let teamId: string;

const rows = async (collection: string, where: Record<string, unknown> = {}): Promise<any[]> =>
  (await database().collection(collection).where(where).limit(1000).get()).data;
const everything = async (): Promise<string> => {
  const names = ['volunteers', 'volunteerTeams', 'teamMembers', 'activitySignups', 'hourRecords', 'hourRecordChanges', 'roles'];
  return JSON.stringify(await Promise.all(names.map((n) => rows(n))));
};

/** An activity of `teamId` in which `openid` served 2 approved hours (a claim approved by the point's staff). */
async function servedAndApproved(openid: string, title: string): Promise<string> {
  // Started 3 hours ago, still open for signups until it ends.
  const { activityId } = await v.ok('createActivity', { teamId, title, startsAt: at(-3 * HOUR), endsAt: at(HOUR), location: '社区', slots: 5, hours: 2 }, 'padmin');
  await v.ok('signupActivity', { activityId }, openid);
  await v.ok('logHours', { activityId, hours: 2 }, openid);
  await v.ok('reviewHours', { recordId: `${activityId}:${openid}`, approve: true }, 'padmin');
  return activityId;
}

beforeAll(async () => {
  ({ cloud, v } = await startVolunteerCloud({ log: (_line, record) => log.push(record) }));
  await addPoint(POINT, YUZHONG, '大坪社区');
  await grant('padmin', 'point_admin', POINT);
  await v.ok('register', { realName: '周队长', phone: phone() }, 'leader');
  ({ teamId } = await v.ok('createTeam', { unitId: POINT, leaderOpenid: 'leader' }, 'padmin'));
});
afterAll(() => cloud.close());

describe('unregister', () => {
  test('needs confirm: true, and a registration', async () => {
    expect(errorCode(await v.call('unregister', {}, 'nobody'))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await v.call('unregister', { confirm: true }, 'nobody'))).toBe('PERMISSION_DENIED');
    expect(errorCode(await v.call('unregister', { confirm: true }))).toBe('UNAUTHENTICATED');
  });

  test('deletes name and phone, leaves teams, gives upcoming slots back, keeps approved hours anonymised', async () => {
    await member(v, teamId, 'vol-x', 'leader', '郑晓燕');
    const { teamId: other } = await v.ok('createTeam', { unitId: POINT, name: '大坪第二服务队' }, 'padmin');
    await v.ok('joinTeam', { teamId: other }, 'vol-x'); // still pending
    const served = await servedAndApproved('vol-x', '防诈骗宣传');
    // A claim still pending, and an upcoming signup holding a slot.
    const { activityId: pendingOne } = await v.ok('createActivity', { teamId, title: '义诊', startsAt: at(-2 * HOUR), endsAt: at(2 * HOUR), location: '社区', slots: 5, hours: 2 }, 'leader');
    await v.ok('signupActivity', { activityId: pendingOne }, 'vol-x');
    await v.ok('logHours', { activityId: pendingOne, hours: 1.5 }, 'vol-x');
    const { activityId: upcoming } = await v.ok('createActivity', { teamId, title: '科普日展板', startsAt: at(24 * HOUR), endsAt: at(26 * HOUR), location: '广场', slots: 3, hours: 2 }, 'leader');
    await v.ok('signupActivity', { activityId: upcoming }, 'vol-x');
    expect((await v.ok('getTeam', { teamId }, undefined)).memberCount).toBe(2);
    const report = () => v.ok('teamReport', { teamId, year: YEAR }, 'padmin');
    const before = await report();

    log.length = 0;
    const res = await v.ok('unregister', { confirm: true }, 'vol-x');
    expect(res).toEqual({ unregistered: true, keptRecords: 1, leftTeams: 2, cancelledSignups: 1 });
    const cost = log.find((l) => l.action === 'unregister')!;
    console.log(`unregister: ${cost.reads}r/${cost.writes}w, ${cost.docsExamined} docs examined`);
    expect(cost.reads).toBeLessThanOrEqual(8);
    expect(cost.writes).toBeLessThanOrEqual(16);

    // Name and phone are gone everywhere; the person is no longer a volunteer.
    expect(await everything()).not.toContain('郑晓燕');
    expect(await v.ok('myProfile', {}, 'vol-x')).toEqual({ volunteer: null, memberships: [] });
    expect(errorCode(await v.call('myHours', {}, 'vol-x'))).toBe('PERMISSION_DENIED');
    expect(await rows('teamMembers', { openid: 'vol-x' })).toEqual([]);
    expect(await rows('activitySignups', { openid: 'vol-x' })).toEqual([]);
    expect(await rows('hourRecords', { openid: 'vol-x' })).toEqual([]);
    expect((await v.ok('getTeam', { teamId }, undefined)).memberCount).toBe(1);
    expect((await v.ok('getActivity', { activityId: upcoming }, undefined)).signedCount).toBe(0);
    // The pending claim and its history are gone; the approved record stays under a pseudonym.
    expect(await rows('hourRecords', { activityId: pendingOne })).toEqual([]);
    expect(await rows('hourRecordChanges', { recordId: `${pendingOne}:vol-x` })).toEqual([]);
    const [kept] = await rows('hourRecords', { activityId: served });
    expect(kept).toMatchObject({ status: 'approved', hours: 2, realName: '已注销志愿者' });
    expect(kept.openid).toMatch(/^gone_/);
    const changes = await rows('hourRecordChanges', { recordId: kept._id });
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.openid === kept.openid)).toBe(true);
    // The unit's statistics still count the hours and the person.
    const after = await report();
    expect(after).toMatchObject({ totalHours: before.totalHours, recordCount: before.recordCount, volunteerCount: before.volunteerCount });
    expect(after.perVolunteer.map((p: any) => p.realName)).toContain('已注销志愿者');
    expect(JSON.stringify(after)).not.toContain('郑晓燕');

    // Again: nothing left to delete. Registering again starts afresh (old hours are no longer theirs).
    expect(errorCode(await v.call('unregister', { confirm: true }, 'vol-x'))).toBe('PERMISSION_DENIED');
    await v.ok('register', { realName: '郑晓燕', phone: phone() }, 'vol-x');
    expect(await v.ok('myHours', {}, 'vol-x')).toMatchObject({ approvedHours: 0, records: [] });
  });

  test('a team leader is refused until the unit’s staff change the leader; then the role goes too', async () => {
    await member(v, teamId, 'vol-next', 'leader', '冯志强');
    const refused = await v.call<any>('unregister', { confirm: true }, 'leader');
    expect(errorCode(refused)).toBe('FAILED_PRECONDITION');
    expect(refused.error.message).toContain('更换队长');
    expect(await rows('volunteers', { _id: 'leader' })).toHaveLength(1);

    await v.ok('changeLeader', { teamId, leaderOpenid: 'vol-next' }, 'padmin');
    // A stale role doc (e.g. from a team closed earlier) is removed as well.
    await database().collection('roles').doc('leader:team_leader:tm_old').set({ data: { openid: 'leader', role: 'team_leader', scopeId: 'tm_old', grantedBy: 'padmin', grantedAt: new Date() } });
    await v.ok('unregister', { confirm: true }, 'leader');
    expect(await rows('roles', { openid: 'leader' })).toEqual([]);
    expect(await everything()).not.toContain('周队长');
  });

  test('interrupted half-way (marked, teams left, records not yet anonymised): calling again finishes it', async () => {
    await member(v, teamId, 'vol-y', 'vol-next', '韩美玲');
    const served = await servedAndApproved('vol-y', '垃圾分类宣传');
    // The state a call that died after leaving the teams leaves behind.
    const db = database();
    await db.collection('volunteers').doc('vol-y').update({ data: { unregisteringAs: 'gone_fixture01' } });
    await db.collection('teamMembers').where({ openid: 'vol-y' }).remove();
    await db.collection('volunteerTeams').doc(teamId).update({ data: { memberCount: db.command.inc(-1) } });
    const count = (await v.ok('getTeam', { teamId }, undefined)).memberCount;

    // Meanwhile nothing new may be attached to the registration being deleted.
    const blocked = await v.call<any>('joinTeam', { teamId }, 'vol-y');
    expect(errorCode(blocked)).toBe('PERMISSION_DENIED');
    expect(blocked.error.message).toContain('注销');

    expect(await v.ok('unregister', { confirm: true }, 'vol-y')).toEqual({ unregistered: true, keptRecords: 1, leftTeams: 0, cancelledSignups: 0 });
    expect((await v.ok('getTeam', { teamId }, undefined)).memberCount).toBe(count);
    const [kept] = await rows('hourRecords', { activityId: served });
    expect(kept).toMatchObject({ openid: 'gone_fixture01', realName: '已注销志愿者', status: 'approved' });
    expect(await everything()).not.toContain('韩美玲');
  });

  test('two taps at once: one pseudonym, memberCount down once', async () => {
    await member(v, teamId, 'vol-z', 'vol-next', '杨丽');
    await servedAndApproved('vol-z', '消防宣传');
    const before = (await v.ok('getTeam', { teamId }, undefined)).memberCount;
    const results: any[] = await Promise.all(Array.from({ length: 5 }, () => v.call('unregister', { confirm: true }, 'vol-z')));
    expect(results.some((r) => r.ok)).toBe(true);
    for (const r of results) if (!r.ok) expect(['PERMISSION_DENIED', 'FAILED_PRECONDITION']).toContain(r.error.code);
    expect((await v.ok('getTeam', { teamId }, undefined)).memberCount).toBe(before - 1);
    const kept = await rows('hourRecords', { realName: '已注销志愿者', activityTitle: '消防宣传' });
    expect(kept).toHaveLength(1);
    expect(await rows('volunteers', { _id: 'vol-z' })).toEqual([]);
  });
});

import { database } from '../../cloudfunctions/_shared/cloud';
import { errorCode, expectOk, type LocalCloud } from '../support/cloud';
import { HEAD, JIANGBEI, YUZHONG, addPoint, grant, member, phone, startVolunteerCloud, type Vol } from './fixtures';

let cloud: LocalCloud;
let v: Vol;
const POINT = 'pt_jfb';
const OTHER_POINT = 'pt_other';

beforeAll(async () => {
  ({ cloud, v } = await startVolunteerCloud());
  await addPoint(POINT, YUZHONG, '解放碑社区');
  await addPoint(OTHER_POINT, JIANGBEI, '观音桥社区');
  await grant('padmin', 'point_admin', POINT);
  await grant('padmin-other', 'point_admin', OTHER_POINT);
  await grant('badmin', 'branch_admin', YUZHONG);
});
afterAll(() => cloud.close());

describe('register', () => {
  test('creates the volunteer with OPENID as id and updates on a second call, keeping hours', async () => {
    expect(await v.ok('register', { realName: '张三明', phone: '13812345678', skills: ['健康科普', '健康科普', '应急安全'] }, 'u-reg')).toEqual({ volunteerId: 'u-reg' });
    const doc = (await database().collection('volunteers').doc('u-reg').get()).data as any;
    expect(doc).toMatchObject({ realName: '张三明', phone: '13812345678', skills: ['健康科普', '应急安全'], approvedHours: 0 });
    expect(doc.consentAt).toBeInstanceOf(Date);
    await database().collection('volunteers').doc('u-reg').update({ data: { approvedHours: 7 } });
    await v.ok('register', { realName: '张三明', phone: '13912345678' }, 'u-reg');
    const again = (await database().collection('volunteers').doc('u-reg').get()).data as any;
    expect(again).toMatchObject({ phone: '13912345678', skills: [], approvedHours: 7 });
    const profile = await v.ok('myProfile', {}, 'u-reg');
    expect(profile.volunteer).toMatchObject({ realName: '张三明', phone: '13912345678', approvedHours: 7 });
  });

  test('refuses bad input, a refused consent and anonymous callers', async () => {
    expect(errorCode(await v.call('register', { realName: '张三', phone: '12345' }, 'u-bad'))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await v.call('register', { realName: '', phone: '13812345678' }, 'u-bad'))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await v.call('register', { realName: '张三', phone: '13812345678', consent: false }, 'u-bad'))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await v.call('register', { realName: '张三', phone: '13812345678' }))).toBe('UNAUTHENTICATED');
    expect(await v.ok('myProfile', {}, 'u-bad')).toEqual({ volunteer: null, memberships: [] });
  });
});

describe('teams', () => {
  test('default names: the point name, or the branch district', async () => {
    const { teamId } = await v.ok('createTeam', { unitId: POINT }, 'padmin');
    const { teamId: branchTeam } = await v.ok('createTeam', { unitId: YUZHONG }, HEAD);
    const list = await v.ok('listTeams', { unitId: POINT }, undefined);
    expect(list.items).toEqual([expect.objectContaining({ id: teamId, unitId: POINT, name: '解放碑社区科普大学科技志愿服务队', memberCount: 0 })]);
    const b = await v.ok('listTeams', { unitId: YUZHONG }, undefined);
    expect(b.items[0]).toMatchObject({ id: branchTeam, name: '渝中区社区科普大学科技志愿服务队' });
    // A point named "…社区" does not get "社区社区科普大学".
    expect(list.items[0].name).not.toMatch(/社区社区/);
  });

  test('only staff of the unit or above create teams; unknown units are NOT_FOUND', async () => {
    expect(errorCode(await v.call('createTeam', { unitId: POINT }, 'padmin-other'))).toBe('PERMISSION_DENIED');
    expect(errorCode(await v.call('createTeam', { unitId: YUZHONG }, 'padmin'))).toBe('PERMISSION_DENIED');
    expect(errorCode(await v.call('createTeam', { unitId: POINT }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await v.call('createTeam', { unitId: 'pt_missing' }, HEAD))).toBe('NOT_FOUND');
    expect((await v.ok('createTeam', { unitId: POINT, name: '解放碑银发科普队' }, 'badmin')).teamId).toMatch(/^tm_/);
  });

  test('a leader gets the team_leader role doc, is a member, and can be changed by unit staff (audited)', async () => {
    await v.ok('register', { realName: '王队长', phone: phone() }, 'lead-a');
    await v.ok('register', { realName: '赵队长', phone: phone() }, 'lead-b');
    expect(errorCode(await v.call('createTeam', { unitId: POINT, leaderOpenid: 'not-registered' }, 'padmin'))).toBe('FAILED_PRECONDITION');
    const { teamId } = await v.ok('createTeam', { unitId: POINT, leaderOpenid: 'lead-a' }, 'padmin');
    const role = (await database().collection('roles').doc(`team_leader:${teamId}:lead-a`).get()).data;
    expect(role).toMatchObject({ openid: 'lead-a', role: 'team_leader', scopeId: teamId, grantedBy: 'padmin' });
    expect((await v.ok('getTeam', { teamId }, 'lead-a')).memberCount).toBe(1);
    expect((await v.ok('getTeam', { teamId }, 'lead-a')).canManage).toBe(true);

    // The leader is not staff of the unit: cannot change leaders.
    expect(errorCode(await v.call('changeLeader', { teamId, leaderOpenid: 'lead-b' }, 'lead-a'))).toBe('PERMISSION_DENIED');
    expect(errorCode(await v.call('changeLeader', { teamId, leaderOpenid: 'lead-b' }, 'padmin-other'))).toBe('PERMISSION_DENIED');
    await v.ok('changeLeader', { teamId, leaderOpenid: 'lead-b', reason: '工作调动' }, 'padmin');
    const roles = (await database().collection('roles').where({ scopeId: teamId }).get()).data;
    expect(roles.map((r: any) => r.openid)).toEqual(['lead-b']);
    const team = await v.ok('getTeam', { teamId }, 'lead-b');
    expect(team).toMatchObject({ memberCount: 2, leaderName: '赵*长', canManage: true });
    expect((await v.ok('getTeam', { teamId }, 'lead-a')).canManage).toBe(false);
    const audit = (await database().collection('audit').where({ action: 'volunteer.team.changeLeader', targetId: teamId }).get()).data;
    expect(audit).toEqual([expect.objectContaining({ actor: 'padmin', before: { leaderOpenid: 'lead-a' }, after: { leaderOpenid: 'lead-b' }, reason: '工作调动' })]);
    // The old leader can now leave; the new one cannot.
    expect(errorCode(await v.call('leaveTeam', { teamId }, 'lead-b'))).toBe('FAILED_PRECONDITION');
    expect(await v.ok('leaveTeam', { teamId }, 'lead-a')).toEqual({ status: 'left' });
    expect((await v.ok('getTeam', { teamId }, undefined)).memberCount).toBe(1);
  });
});

describe('membership', () => {
  let teamId: string;
  beforeAll(async () => {
    await v.ok('register', { realName: '钱队长', phone: phone() }, 'lead-m');
    ({ teamId } = await v.ok('createTeam', { unitId: POINT, leaderOpenid: 'lead-m' }, 'padmin'));
  });

  test('join needs registration; pending until the leader approves; memberCount follows', async () => {
    expect(errorCode(await v.call('joinTeam', { teamId }, 'stranger'))).toBe('PERMISSION_DENIED');
    await v.ok('register', { realName: '孙小红', phone: '13700001111' }, 'm1');
    expect(await v.ok('joinTeam', { teamId }, 'm1')).toEqual({ status: 'pending' });
    expect(await v.ok('joinTeam', { teamId }, 'm1')).toEqual({ status: 'pending' });
    expect(errorCode(await v.call('reviewMember', { teamId, openid: 'm1', approve: true }, 'm1'))).toBe('PERMISSION_DENIED');
    expect(await v.ok('reviewMember', { teamId, openid: 'm1', approve: true }, 'lead-m')).toEqual({ status: 'member' });
    expect(await v.ok('reviewMember', { teamId, openid: 'm1', approve: true }, 'lead-m')).toEqual({ status: 'member' });
    expect(await v.ok('joinTeam', { teamId }, 'm1')).toEqual({ status: 'member' });
    expect((await v.ok('getTeam', { teamId }, 'm1')).memberCount).toBe(2);
    expect(errorCode(await v.call('reviewMember', { teamId, openid: 'nobody', approve: true }, 'lead-m'))).toBe('NOT_FOUND');

    await v.ok('register', { realName: '周大海', phone: '13700002222' }, 'm2');
    await v.ok('joinTeam', { teamId }, 'm2');
    expect(await v.ok('reviewMember', { teamId, openid: 'm2', approve: false }, 'lead-m')).toEqual({ status: 'rejected' });
    expect(await v.ok('joinTeam', { teamId }, 'm2')).toEqual({ status: 'pending' });
    expect((await v.ok('getTeam', { teamId }, undefined)).memberCount).toBe(2);
    // Rejecting a member removes them.
    expect(await v.ok('reviewMember', { teamId, openid: 'm1', approve: false }, 'padmin')).toEqual({ status: 'rejected' });
    expect((await v.ok('getTeam', { teamId }, undefined)).memberCount).toBe(1);
    await v.ok('reviewMember', { teamId, openid: 'm1', approve: true }, 'padmin');
    const audits = (await database().collection('audit').where({ action: 'volunteer.member.review', targetId: `${teamId}:m1` }).get()).data;
    expect(audits).toHaveLength(3);
  });

  test('listMembers: phones masked for the leader, unmasked for staff of the unit; strangers denied', async () => {
    const byLeader = await v.ok('listMembers', { teamId }, 'lead-m');
    const sun = byLeader.items.find((m: any) => m.openid === 'm1');
    expect(sun).toMatchObject({ realName: '孙小红', phone: '137****1111', status: 'member' });
    expect(byLeader.items.find((m: any) => m.openid === 'm2')).toMatchObject({ status: 'pending' });
    const byStaff = await v.ok('listMembers', { teamId, status: 'member' }, 'badmin');
    expect(byStaff.items.find((m: any) => m.openid === 'm1')!.phone).toBe('13700001111');
    expect(byStaff.items.every((m: any) => m.status === 'member')).toBe(true);
    expect(errorCode(await v.call('listMembers', { teamId }, 'm1'))).toBe('PERMISSION_DENIED');
    expect(errorCode(await v.call('listMembers', { teamId }, 'padmin-other'))).toBe('PERMISSION_DENIED');
    const page1 = await v.ok('listMembers', { teamId, limit: 1 }, 'lead-m');
    expect(page1.items).toHaveLength(1);
    const page2 = await v.ok('listMembers', { teamId, limit: 1, cursor: page1.nextCursor! }, 'lead-m');
    expect(page2.items[0].openid).not.toBe(page1.items[0].openid);
  });

  test('memberCount stays exact when 20 applicants are approved concurrently', async () => {
    const { teamId: t } = await v.ok('createTeam', { unitId: POINT, name: '并发测试队' }, 'padmin');
    const ids = Array.from({ length: 20 }, (_, i) => `cc-${i}`);
    await Promise.all(ids.map((id) => v.ok('register', { realName: '并发队员', phone: phone() }, id)));
    await Promise.all(ids.map((id) => v.ok('joinTeam', { teamId: t }, id)));
    // Two reviewers approve everyone at once.
    await Promise.all([...ids.map((id) => v.call('reviewMember', { teamId: t, openid: id, approve: true }, 'padmin')), ...ids.map((id) => v.call('reviewMember', { teamId: t, openid: id, approve: true }, 'badmin'))]);
    expect((await v.ok('getTeam', { teamId: t }, undefined)).memberCount).toBe(20);
    expect(expectOk<any>(await v.call('myProfile', {}, 'cc-3')).memberships).toEqual([{ teamId: t, teamName: '并发测试队', status: 'member', isLeader: false }]);
  });

  test('member() helper works end to end', async () => {
    await member(v, teamId, 'm3', 'lead-m');
    expect((await v.ok('getTeam', { teamId }, 'm3')).myStatus).toBe('member');
  });
});

/**
 * Security review of the volunteer function: staff writes leave audit entries that the staff of
 * every unit above the record can read (org.listAudit), and a team's data stays with its team.
 */
import { database } from '../../cloudfunctions/_shared/cloud';
import { errorCode, expectOk, type LocalCloud } from '../support/cloud';
import { HOUR, JIANGBEI, YUZHONG, addPoint, at, grant, member, phone, startVolunteerCloud, type Vol } from './fixtures';

let cloud: LocalCloud;
let v: Vol;
let teamId: string;
const POINT = 'pt_sec_a';
const OTHER_POINT = 'pt_sec_c';

beforeAll(async () => {
  ({ cloud, v } = await startVolunteerCloud());
  await addPoint(POINT, YUZHONG, '较场口社区');
  await addPoint(OTHER_POINT, JIANGBEI, '观音桥社区');
  await grant('padmin', 'point_admin', POINT);
  await grant('badmin', 'branch_admin', YUZHONG);
  await grant('badmin-jb', 'branch_admin', JIANGBEI);
  await v.ok('register', { realName: '王队长', phone: phone() }, 'leader');
  ({ teamId } = await v.ok('createTeam', { unitId: POINT, leaderOpenid: 'leader' }, 'padmin'));
  await grant('other-leader', 'team_leader', 'tm_elsewhere');
});
afterAll(() => cloud.close());

async function auditActions(unitId: string, caller: string): Promise<string[]> {
  const page = expectOk<{ items: Array<{ action: string }> }>(await cloud.call('org', { action: 'listAudit', unitId, limit: 100 }, caller));
  return page.items.map((i) => i.action);
}

test('createActivity is audited, in the trail of the team’s point and branch', async () => {
  const { activityId } = await v.ok(
    'createActivity',
    { teamId, title: '防诈骗宣传', startsAt: at(2 * HOUR), endsAt: at(4 * HOUR), location: '社区广场', slots: 10, hours: 2 },
    'leader',
  );
  const entries = (await database().collection('audit').where({ action: 'volunteer.activity.create', targetId: activityId }).get()).data;
  expect(entries).toEqual([expect.objectContaining({ actor: 'leader', scope: { branchId: YUZHONG, pointId: POINT, teamId } })]);
  expect(await auditActions(POINT, 'padmin')).toContain('volunteer.activity.create');
  expect(await auditActions(YUZHONG, 'badmin')).toContain('volunteer.activity.create');
});

test('a team export is audited where the point’s and the branch’s staff can read it', async () => {
  await member(v, teamId, 'm-sec', 'leader', '陈小红');
  await v.ok('export', { teamId, year: new Date().getFullYear(), format: 'csv' }, 'leader');
  const entries = (await database().collection('audit').where({ action: 'volunteer.export', actor: 'leader' }).get()).data;
  expect(entries).toEqual([expect.objectContaining({ scope: { branchId: YUZHONG, pointId: POINT, teamId } })]);
  expect(await auditActions(POINT, 'padmin')).toContain('volunteer.export');
  expect(await auditActions(YUZHONG, 'badmin')).toContain('volunteer.export');
});

test('another branch’s admin and another team’s leader cannot act on the team or read its people', async () => {
  for (const outsider of ['badmin-jb', 'other-leader']) {
    for (const [act, params] of [
      ['listMembers', { teamId }],
      ['listClaims', { teamId }],
      ['reviewMember', { teamId, openid: 'm-sec', approve: false }],
      ['createActivity', { teamId, title: '越权活动', startsAt: at(2 * HOUR), endsAt: at(3 * HOUR), location: '某地', slots: 1, hours: 1 }],
      ['export', { teamId, year: new Date().getFullYear(), format: 'csv' }],
      ['teamReport', { teamId, year: new Date().getFullYear() }],
    ] as const) {
      const res = await v.call(act, params, outsider);
      expect([outsider, act, errorCode(res)]).toEqual([outsider, act, 'PERMISSION_DENIED']);
    }
  }
  // Public team views carry no OPENID and only the leader's masked name.
  const teams = await v.ok('listTeams', { unitId: POINT }, undefined);
  expect(JSON.stringify(teams)).not.toContain('"leader"');
  expect(teams.items[0].leaderName).toBe('王*长');
});

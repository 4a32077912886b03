import { database } from '../../cloudfunctions/_shared/cloud';
import type { Page } from '../../typings/envelope';
import type { AuditItem, ListRolesResult } from '../../typings/org';
import type { MeResult } from '../../typings/user';
import { errorCode, expectOk, type LocalCloud } from '../support/cloud';
import { HEAD, JIANGBEI, PEOPLE, orgOk, startOrgCloud, YUZHONG, type OrgFixture } from './fixtures';

let cloud: LocalCloud;
let f: OrgFixture;
beforeAll(async () => ({ cloud, f } = await startOrgCloud()));
afterAll(() => cloud.close());

const org = <T>(event: Record<string, unknown>, openid?: string) => orgOk<T>(cloud, event, openid);
const me = (openid: string) => cloud.call('user', { action: 'me' }, openid).then((r) => expectOk<MeResult>(r));

test('HEAD_ADMIN_OPENIDS bootstraps head admins; me lists roles with scope names', async () => {
  expect((await me(HEAD)).roles).toEqual([{ role: 'head_admin' }]);
  expect((await me(PEOPLE.branchAdminYuzhong)).roles).toEqual([{ role: 'branch_admin', scopeId: YUZHONG, scopeName: '渝中区分校' }]);
  expect((await me(PEOPLE.pointAdminA)).roles).toEqual([{ role: 'point_admin', scopeId: f.pointA, scopeName: '解放碑' }]);
  expect((await me(PEOPLE.user)).roles).toEqual([]);
});

test('me includes team_leader roles held in `roles`, and the volunteer record when there is one', async () => {
  const db = database();
  await db.collection('roles').add({ data: { _id: `team_leader:tm_1:${PEOPLE.learner}`, openid: PEOPLE.learner, role: 'team_leader', scopeId: 'tm_1', grantedBy: HEAD, grantedAt: new Date() } });
  await db.collection('volunteers').add({ data: { _id: PEOPLE.learner, realName: '张三明', approvedHours: 12.5, phone: '13812345678' } });
  const m = await me(PEOPLE.learner);
  expect(m.roles).toEqual([{ role: 'team_leader', scopeId: 'tm_1' }]);
  expect(m.volunteer).toEqual({ realName: '张三明', approvedHours: 12.5 });
  expect((await me(PEOPLE.user)).volunteer).toBeNull();
});

test('a branch admin appoints and removes a point admin of its point; each is audited; the grant is idempotent', async () => {
  await org({ action: 'grantRole', openid: 'new-leader', role: 'point_admin', scopeId: f.pointB }, PEOPLE.branchAdminYuzhong);
  await org({ action: 'grantRole', openid: 'new-leader', role: 'point_admin', scopeId: f.pointB }, PEOPLE.branchAdminYuzhong);
  const roles = await org<ListRolesResult>({ action: 'listRoles', unitId: f.pointB }, PEOPLE.pointAdminB);
  expect(roles.items.filter((r) => r.openid === 'new-leader')).toEqual([
    expect.objectContaining({ role: 'point_admin', scopeId: f.pointB, scopeName: '七星岗', grantedBy: PEOPLE.branchAdminYuzhong, holderName: null }),
  ]);
  // The new admin can now manage the point.
  await org({ action: 'updatePoint', pointId: f.pointB, leaderName: '周丽华' }, 'new-leader');

  await org({ action: 'revokeRole', openid: 'new-leader', role: 'point_admin', scopeId: f.pointB }, PEOPLE.branchAdminYuzhong);
  expect(errorCode(await cloud.call('org', { action: 'updatePoint', pointId: f.pointB, leaderName: '吴刚' }, 'new-leader'))).toBe('PERMISSION_DENIED');
  expect(errorCode(await cloud.call('org', { action: 'revokeRole', openid: 'new-leader', role: 'point_admin', scopeId: f.pointB }, HEAD))).toBe('NOT_FOUND');

  const audit = await org<Page<AuditItem>>({ action: 'listAudit', unitId: f.pointB }, PEOPLE.branchAdminYuzhong);
  const trail = audit.items.filter((a) => a.targetId === 'new-leader').map((a) => [a.action, a.actor]);
  expect(trail).toEqual([
    ['role.revoke', PEOPLE.branchAdminYuzhong],
    ['role.grant', PEOPLE.branchAdminYuzhong],
  ]);
  // The branch's trail includes its points' entries.
  const branchTrail = await org<Page<AuditItem>>({ action: 'listAudit', unitId: YUZHONG, limit: 100 }, PEOPLE.branchAdminYuzhong);
  expect(branchTrail.items.some((a) => a.targetId === 'new-leader')).toBe(true);
  const otherTrail = await org<Page<AuditItem>>({ action: 'listAudit', unitId: JIANGBEI, limit: 100 }, HEAD);
  expect(otherTrail.items.some((a) => a.targetId === 'new-leader')).toBe(false);
});

test('scope must exist and fit the role', async () => {
  expect(errorCode(await cloud.call('org', { action: 'grantRole', openid: 'x', role: 'branch_admin', scopeId: 'br_000000' }, HEAD))).toBe('NOT_FOUND');
  expect(errorCode(await cloud.call('org', { action: 'grantRole', openid: 'x', role: 'point_admin', scopeId: 'pt_nothere' }, HEAD))).toBe('NOT_FOUND');
  expect(errorCode(await cloud.call('org', { action: 'grantRole', openid: 'x', role: 'branch_admin', scopeId: f.pointA }, HEAD))).toBe('FAILED_PRECONDITION');
  expect(errorCode(await cloud.call('org', { action: 'grantRole', openid: 'x', role: 'point_admin', scopeId: YUZHONG }, HEAD))).toBe('FAILED_PRECONDITION');
  expect(errorCode(await cloud.call('org', { action: 'grantRole', openid: 'x', role: 'point_admin', scopeId: 'city' }, HEAD))).toBe('INVALID_ARGUMENT');
  expect(errorCode(await cloud.call('org', { action: 'grantRole', openid: 'x', role: 'mayor', scopeId: YUZHONG }, HEAD))).toBe('INVALID_ARGUMENT');
  expect(errorCode(await cloud.call('org', { action: 'grantRole', role: 'branch_admin', scopeId: YUZHONG }, HEAD))).toBe('INVALID_ARGUMENT');
});

test('listRoles shows the holder’s name when the holder is enrolled', async () => {
  await org({ action: 'grantRole', openid: PEOPLE.learner, role: 'point_admin', scopeId: f.pointA }, HEAD);
  const roles = await org<ListRolesResult>({ action: 'listRoles', unitId: f.pointA }, PEOPLE.pointAdminA);
  expect(roles.items.find((r) => r.openid === PEOPLE.learner)).toMatchObject({ holderName: '张三明' });
});

import type { ListRolesResult } from '../../typings/org';
import type { MeResult } from '../../typings/user';
import { errorCode, typedApi, type LocalCloud } from '../support/cloud';
import { PEOPLE, startOrgCloud, type OrgFixture } from './fixtures';

/** 身份码: a person shows a short code; staff grant a role with it, never seeing the OPENID. */
let cloud: LocalCloud;
let f: OrgFixture;
beforeAll(async () => ({ cloud, f } = await startOrgCloud()));
afterEach(() => cloud.setClockOffset(0));
afterAll(() => cloud.close());

const api = () => typedApi(cloud);
const message = (result: unknown) => (result as { error: { message: string } }).error.message;

test('a fresh code grants the role to its owner once; the code cannot be used again', async () => {
  const { code, expiresAt } = await api().ok('user', 'staffCode', {}, 'code-person-1');
  expect(code).toMatch(/^\d{6}$/);
  const validMs = Date.parse(expiresAt) - Date.now();
  expect(validMs).toBeGreaterThan(9 * 60_000);
  expect(validMs).toBeLessThanOrEqual(10 * 60_000 + 1000);

  await api().ok('org', 'grantRole', { code, role: 'point_admin', scopeId: f.pointB }, PEOPLE.branchAdminYuzhong);
  const me: MeResult = await api().ok('user', 'me', {}, 'code-person-1');
  expect(me.roles).toEqual([expect.objectContaining({ role: 'point_admin', scopeId: f.pointB })]);
  const roles: ListRolesResult = await api().ok('org', 'listRoles', { unitId: f.pointB }, PEOPLE.branchAdminYuzhong);
  expect(roles.items.some((r) => r.openid === 'code-person-1')).toBe(true);

  const again = await api().call('org', 'grantRole', { code, role: 'point_admin', scopeId: f.pointA }, PEOPLE.branchAdminYuzhong);
  expect(errorCode(again)).toBe('FAILED_PRECONDITION');
  expect(message(again)).toContain('身份码');
});

test('a code older than 10 minutes is refused with a Chinese message; the person was not granted', async () => {
  const { code } = await api().ok('user', 'staffCode', {}, 'code-person-2');
  cloud.setClockOffset(10 * 60_000 + 1000);
  const late = await api().call('org', 'grantRole', { code, role: 'point_admin', scopeId: f.pointB }, PEOPLE.branchAdminYuzhong);
  expect(errorCode(late)).toBe('FAILED_PRECONDITION');
  expect(message(late)).toContain('已过期');
  cloud.setClockOffset(0);
  expect((await api().ok('user', 'me', {}, 'code-person-2')).roles).toEqual([]);
});

test('a code still inside its 10 minutes works', async () => {
  const { code } = await api().ok('user', 'staffCode', {}, 'code-person-3');
  cloud.setClockOffset(9 * 60_000);
  await api().ok('org', 'grantRole', { code, role: 'point_admin', scopeId: f.pointA }, PEOPLE.branchAdminYuzhong);
});

test('an unknown code, both openid and code, or neither are refused; openid alone still works', async () => {
  expect(errorCode(await api().call('org', 'grantRole', { code: '000000', role: 'point_admin', scopeId: f.pointB }, PEOPLE.branchAdminYuzhong))).toBe(
    'FAILED_PRECONDITION',
  );
  expect(errorCode(await api().call('org', 'grantRole', { code: '12ab', role: 'point_admin', scopeId: f.pointB }, PEOPLE.branchAdminYuzhong))).toBe('INVALID_ARGUMENT');
  expect(errorCode(await api().call('org', 'grantRole', { role: 'point_admin', scopeId: f.pointB }, PEOPLE.branchAdminYuzhong))).toBe('INVALID_ARGUMENT');
  expect(errorCode(await api().call('org', 'grantRole', { openid: 'x-1', code: '123456', role: 'point_admin', scopeId: f.pointB }, PEOPLE.branchAdminYuzhong))).toBe(
    'INVALID_ARGUMENT',
  );
  await api().ok('org', 'grantRole', { openid: 'by-openid', role: 'point_admin', scopeId: f.pointB }, PEOPLE.branchAdminYuzhong);
});

test('a code does not lift the role rules: a point admin cannot grant with it', async () => {
  const { code } = await api().ok('user', 'staffCode', {}, 'code-person-4');
  expect(errorCode(await api().call('org', 'grantRole', { code, role: 'point_admin', scopeId: f.pointB }, PEOPLE.pointAdminA))).toBe('PERMISSION_DENIED');
  // Not spent by the refused attempt.
  await api().ok('org', 'grantRole', { code, role: 'point_admin', scopeId: f.pointB }, PEOPLE.branchAdminYuzhong);
});

test('codes are rate-limited per person; anonymous callers get none', async () => {
  for (let i = 0; i < 5; i += 1) await api().ok('user', 'staffCode', {}, 'code-person-5');
  expect(errorCode(await api().call('user', 'staffCode', {}, 'code-person-5'))).toBe('RESOURCE_EXHAUSTED');
  expect(errorCode(await api().call('user', 'staffCode', {}))).toBe('UNAUTHENTICATED');
});

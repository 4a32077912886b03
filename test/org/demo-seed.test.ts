import { DEMO_ACCOUNTS } from '../../emulator/seed/accounts';
import { DEMO_POINTS, seedOrgDemo } from '../../emulator/seed/demo-org';
import { startTestCloud, typedApi, type LocalCloud } from '../support/cloud';

let cloud: LocalCloud;
let api: ReturnType<typeof typedApi>;
beforeAll(async () => {
  cloud = await startTestCloud();
  api = typedApi(cloud);
  delete process.env.HEAD_ADMIN_OPENIDS;
});
afterAll(() => cloud.close());

const me = async (openid: string) => await api.ok('user', 'me', {}, openid);

test('seeds points in at least 5 districts, demo points, staff roles and learners through the actions; a second run adds nothing', async () => {
  const first = await seedOrgDemo(cloud.host);
  const second = await seedOrgDemo(cloud.host);
  expect(second.points).toEqual(first.points);
  expect(Object.keys(first.points)).toHaveLength(DEMO_POINTS.length);

  const stats = await api.ok('org', 'branchStats', {}, DEMO_ACCOUNTS.headAdmin);
  const withPoints = stats.items.filter((b) => b.pointCount > 0).map((b) => b.district);
  expect(withPoints).toEqual(expect.arrayContaining(['渝中区', '江北区', '沙坪坝区', '九龙坡区', '南岸区']));
  expect(stats.totals).toEqual({ pointCount: DEMO_POINTS.length, inactivePointCount: 0, demoPointCount: 2, learnerCount: 6 });

  const jfb = await api.ok('org', 'getPoint', { pointId: first.points.jiefangbei });
  expect(jfb).toMatchObject({ isDemo: true, learnerCount: 3, leaderTitle: '社区党委副书记', location: { latitude: 29.5576, longitude: 106.5772 } });

  expect((await me(DEMO_ACCOUNTS.headAdmin)).roles).toEqual([{ role: 'head_admin' }]);
  expect((await me(DEMO_ACCOUNTS.branchAdminYuzhong)).roles).toEqual([{ role: 'branch_admin', scopeId: 'br_500103', scopeName: '渝中区分校' }]);
  expect((await me(DEMO_ACCOUNTS.branchAdminJiangbei)).roles[0]).toMatchObject({ role: 'branch_admin', scopeId: 'br_500105' });
  expect((await me(DEMO_ACCOUNTS.pointAdminJiefangbei)).roles).toEqual([{ role: 'point_admin', scopeId: first.points.jiefangbei, scopeName: '解放碑街道解放碑社区' }]);
  for (const openid of DEMO_ACCOUNTS.learners) expect((await me(openid)).learner).not.toBeNull();
  expect((await me(DEMO_ACCOUNTS.newcomer)).learner).toBeNull();
});

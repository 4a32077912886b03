import { DEMO_ACCOUNTS } from '../../emulator/seed/accounts';
import { seedOrgDemo } from '../../emulator/seed/demo-org';
import { seedVolunteerDemo } from '../../emulator/seed/demo-volunteer';
import { startVolunteerCloud, type Vol } from './fixtures';
import type { LocalCloud } from '../support/cloud';

let cloud: LocalCloud;
let v: Vol;
beforeAll(async () => {
  ({ cloud, v } = await startVolunteerCloud());
});
afterAll(() => cloud.close());

test('the demo seed goes through the real actions and leaves a usable volunteer demo', async () => {
  const org = await seedOrgDemo(cloud.host);
  await seedVolunteerDemo(cloud.host, org);
  const hours = await v.ok('myHours', {}, DEMO_ACCOUNTS.volunteer);
  expect(hours).toMatchObject({ approvedHours: 7.5, pendingHours: 1.5 });
  expect(hours.records.filter((r: any) => r.source === 'onsite' && r.status === 'approved')).toHaveLength(3);
  const profile = await v.ok('myProfile', {}, DEMO_ACCOUNTS.teamLeader);
  const teamId = profile.memberships[0].teamId;
  expect(profile.memberships[0]).toMatchObject({ isLeader: true, teamName: expect.stringContaining('社区科普大学科技志愿服务队') });
  const claims = await v.ok('listClaims', { teamId }, DEMO_ACCOUNTS.teamLeader);
  expect(claims.items).toHaveLength(1);
  const pending = await v.ok('listMembers', { teamId, status: 'pending' }, DEMO_ACCOUNTS.teamLeader);
  expect(pending.items).toHaveLength(1);
  const upcoming = await v.ok('listActivities', { teamId }, undefined);
  expect(upcoming.items.length).toBeGreaterThanOrEqual(2);
  expect((await v.ok('certificate', {}, DEMO_ACCOUNTS.volunteer)).number).toMatch(/^KP\d{10}$/);
  expect(profile.memberships[0].teamName).not.toMatch(/社区社区/);
  // Yesterday's activity is there to claim hours for in the demo.
  const past = await v.ok('listActivities', { teamId, from: new Date(Date.now() - 2 * 86_400_000).toISOString() }, DEMO_ACCOUNTS.volunteer);
  const unclaimed = past.items.find((a: { title: string }) => a.title === '垃圾分类科普小课堂');
  expect(unclaimed).toBeDefined();
  expect(await v.ok('logHours', { activityId: unclaimed!.id, hours: 2 }, DEMO_ACCOUNTS.volunteer)).toBeTruthy();
});

test('one person has one name: a demo learner who volunteers registers under the enrolled name and phone', async () => {
  const profile = await v.ok('myProfile', {}, DEMO_ACCOUNTS.learners[0]);
  expect(profile.volunteer).toMatchObject({ realName: '张三明', phone: '13800000001' });
});

import type { MineResult, PointStatsResult, RosterResult } from '../../typings/course';
import { DEMO_ACCOUNTS } from '../../emulator/seed/accounts';
import { seedCourseDemo } from '../../emulator/seed/demo-course';
import { seedOrgDemo } from '../../emulator/seed/demo-org';
import { expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { expectConsistent } from './fixtures';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.close());

test('the demo courses go in through the real actions and leave consistent, useful data', async () => {
  const org = await seedOrgDemo(cloud.host);
  await seedCourseDemo(cloud.host, org);
  const mine = expectOk<MineResult>(await cloud.call('course', { action: 'mine' }, DEMO_ACCOUNTS.learners[0]));
  expect(mine.items.length).toBeGreaterThanOrEqual(5);
  const waiting = expectOk<MineResult>(await cloud.call('course', { action: 'mine' }, DEMO_ACCOUNTS.learners[3]));
  const bp = waiting.items.find((i) => i.course.title === '老年人高血压的日常管理')!;
  expect(bp).toMatchObject({ status: 'waitlisted', position: 1 });
  await expectConsistent(bp.course.id);
  const roster = expectOk<RosterResult>(await cloud.call('course', { action: 'roster', courseId: bp.course.id }, DEMO_ACCOUNTS.pointAdminJiefangbei));
  expect(roster.signed).toHaveLength(3);
  expect(roster.waitlisted).toHaveLength(2);
  // Held courses at 解放碑 count in this year's statistics (when they fall in this year).
  const stats = expectOk<PointStatsResult>(await cloud.call('course', { action: 'pointStats', pointId: org.points.jiefangbei }, DEMO_ACCOUNTS.branchAdminYuzhong));
  const prevYear = expectOk<PointStatsResult>(await cloud.call('course', { action: 'pointStats', pointId: org.points.jiefangbei, year: stats.year - 1 }, DEMO_ACCOUNTS.branchAdminYuzhong));
  expect(stats.coursesHeld + prevYear.coursesHeld).toBe(3);
  expect(stats.attendances + prevYear.attendances).toBe(9);
});

import { DEMO_ACCOUNTS } from '../../emulator/seed/accounts';
import { seedLocalCloud } from '../../emulator/seed';
import { expectOk, startTestCloud, type LocalCloud } from '../support/cloud';

/** `npm start`'s demo data: every domain seeded through the real actions, once. */
describe('demo data', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await startTestCloud({ seed: { demo: true } });
  }, 120_000);
  afterAll(() => cloud.close());

  type Me = { roles: Array<{ role: string; scopeId?: string }>; learner: unknown; volunteer: unknown };
  const me = async (openid: string) => expectOk<Me>(await cloud.call('user', { action: 'me' }, openid));

  it('seeds on the first start only', async () => {
    expect(cloud.seedReport).toEqual({ branchesCreated: 41, demoSeeded: true });
    expect(await seedLocalCloud(cloud.host, { demo: true })).toEqual({ branchesCreated: 0, demoSeeded: false });
  });

  it('gives every demo account the role the README promises', async () => {
    expect((await me(DEMO_ACCOUNTS.headAdmin)).roles).toContainEqual(expect.objectContaining({ role: 'head_admin' }));
    expect((await me(DEMO_ACCOUNTS.branchAdminYuzhong)).roles).toContainEqual(expect.objectContaining({ role: 'branch_admin', scopeId: 'br_500103' }));
    expect((await me(DEMO_ACCOUNTS.branchAdminJiangbei)).roles).toContainEqual(expect.objectContaining({ role: 'branch_admin', scopeId: 'br_500105' }));
    expect((await me(DEMO_ACCOUNTS.pointAdminJiefangbei)).roles).toContainEqual(expect.objectContaining({ role: 'point_admin' }));
    expect((await me(DEMO_ACCOUNTS.teamLeader)).roles).toContainEqual(expect.objectContaining({ role: 'team_leader' }));
    for (const learner of DEMO_ACCOUNTS.learners) expect((await me(learner)).learner).not.toBeNull();
    expect((await me(DEMO_ACCOUNTS.volunteer)).volunteer).not.toBeNull();
    expect(await me(DEMO_ACCOUNTS.newcomer)).toMatchObject({ roles: [], learner: null, volunteer: null });
  });

  it('has points in at least five districts, upcoming courses, an open quiz and volunteer activities', async () => {
    const branches = expectOk<{ items: Array<{ pointCount: number }> }>(await cloud.call('org', { action: 'listBranches' }));
    expect(branches.items.filter((b) => b.pointCount > 0).length).toBeGreaterThanOrEqual(5);
    const courses = expectOk<{ items: unknown[] }>(await cloud.call('course', { action: 'list' }));
    expect(courses.items.length).toBeGreaterThan(0);
    const quizzes = expectOk<{ items: Array<{ status: string }> }>(await cloud.call('quiz', { action: 'list' }));
    expect(quizzes.items.map((q) => q.status)).toContain('open');
    const teams = expectOk<{ items: unknown[] }>(await cloud.call('volunteer', { action: 'listTeams' }));
    expect(teams.items.length).toBeGreaterThan(0);
  });
});

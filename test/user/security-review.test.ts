/**
 * Security review of the user function: who may read a learner's profile, and what a withdrawal
 * (PIPL) removes from the other functions' records. Everything goes through the real actions.
 */
import { database } from '../../cloudfunctions/_shared/cloud';
import { errorCode, expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { enrollInput, HEAD, LEARNER_PHONE, PEOPLE, setupOrg, type OrgFixture } from '../org/fixtures';

let cloud: LocalCloud;
let f: OrgFixture;

const iso = (d: Date) => `${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;

beforeAll(async () => {
  cloud = await startTestCloud();
  f = await setupOrg(cloud);
});
afterAll(() => cloud.close());

describe('getLearner: only the learner and staff of the learner’s point or above', () => {
  test('another branch’s admin, a sibling point’s admin and a team leader are refused; nothing of the profile leaks', async () => {
    // A volunteer team at point A whose leader is a registered volunteer (not staff of the point).
    expectOk(await cloud.call('volunteer', { action: 'register', realName: '刘队长', phone: '13911112222' }, 'team-leader-1'));
    expectOk(await cloud.call('volunteer', { action: 'createTeam', unitId: f.pointA, leaderOpenid: 'team-leader-1' }, HEAD));

    for (const outsider of [PEOPLE.branchAdminJiangbei, PEOPLE.pointAdminB, 'team-leader-1']) {
      const res = await cloud.call('user', { action: 'getLearner', openid: PEOPLE.learner }, outsider);
      expect([outsider, errorCode(res)]).toEqual([outsider, 'PERMISSION_DENIED']);
      expect(JSON.stringify(res)).not.toContain('张三明');
    }
    // The same answer for someone who is not enrolled (no probing who is a learner).
    expect(errorCode(await cloud.call('user', { action: 'getLearner', openid: 'nobody-here' }, PEOPLE.branchAdminJiangbei))).toBe('PERMISSION_DENIED');
    expect(errorCode(await cloud.call('user', { action: 'getLearner', openid: 'nobody-here' }, HEAD))).toBe('NOT_FOUND');

    for (const insider of [PEOPLE.learner, HEAD, PEOPLE.branchAdminYuzhong, PEOPLE.pointAdminA]) {
      const detail = expectOk<{ name: string; phone: string }>(await cloud.call('user', { action: 'getLearner', openid: PEOPLE.learner }, insider));
      expect(detail).toMatchObject({ name: '张三明', phone: LEARNER_PHONE });
    }
  });
});

describe('withdraw removes the copies of the name other functions keep', () => {
  const WITHDRAWER = 'learner-wd';

  test('the 科普信息员 record is deleted and quiz results stay under an anonymous name', async () => {
    expectOk(await cloud.call('user', { action: 'enroll', ...enrollInput(f.pointA, { name: '钱多多', phone: '13766665555' }) }, WITHDRAWER));
    expectOk(await cloud.call('volunteer', { action: 'registerOfficer' }, WITHDRAWER));

    const questions = Array.from({ length: 3 }, (_, i) => ({ type: 'judge', stem: `注销测试题${i}：这个说法对吗？`, options: ['正确', '错误'], answer: [0] }));
    expectOk(await cloud.call('quiz', { action: 'importQuestions', questions }, HEAD));
    const now = Date.now();
    const { quizId } = expectOk<{ quizId: string }>(
      await cloud.call(
        'quiz',
        { action: 'create', title: '注销测试竞答', scope: 'city', startsAt: iso(new Date(now - 3600_000)), endsAt: iso(new Date(now + 86_400_000)), questionCount: 3, timeLimitSec: 600, attemptsPerDay: 3 },
        HEAD,
      ),
    );
    const started = expectOk<{ attemptId: string; questions: Array<{ id: string }> }>(await cloud.call('quiz', { action: 'start', quizId }, WITHDRAWER));
    expectOk(await cloud.call('quiz', { action: 'submit', attemptId: started.attemptId, answers: started.questions.map((q) => ({ questionId: q.id, choice: [0] })) }, WITHDRAWER));

    const board = () => cloud.call('quiz', { action: 'leaderboard', quizId, scope: 'city' });
    expect(expectOk<{ items: Array<{ displayName: string }> }>(await board()).items.map((i) => i.displayName)).toEqual(['钱*多']);
    const officersBefore = expectOk<{ officers: Array<{ name: string }> }>(await cloud.call('volunteer', { action: 'officerStats', pointId: f.pointA }, HEAD)).officers;
    expect(officersBefore.map((o) => o.name)).toContain('钱多多');

    expectOk(await cloud.call('user', { action: 'withdraw', confirm: true }, WITHDRAWER));

    const officersAfter = expectOk<{ officers: Array<{ name: string }> }>(await cloud.call('volunteer', { action: 'officerStats', pointId: f.pointA }, HEAD)).officers;
    expect(officersAfter.map((o) => o.name)).not.toContain('钱多多');
    const after = expectOk<{ items: Array<{ displayName: string; score: number }> }>(await board()).items;
    expect(after).toEqual([expect.objectContaining({ displayName: '微信用户', score: 100 })]);

    // Nothing stored anywhere still names the person.
    const db = database();
    for (const collection of ['learners', 'scienceOfficers', 'quizBests', 'quizTitles', 'quizAttempts']) {
      const rows = (await db.collection(collection).limit(1000).get()).data;
      expect([collection, JSON.stringify(rows).includes('钱多多') || JSON.stringify(rows).includes('钱*多')]).toEqual([collection, false]);
    }
  });
});

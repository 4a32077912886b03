import { database } from '../../cloudfunctions/_shared/cloud';
import { DEMO_ACCOUNTS } from '../../emulator/seed/accounts';
import { seedOrgDemo } from '../../emulator/seed/demo-org';
import { DEMO_QUESTIONS, seedQuizDemo } from '../../emulator/seed/demo-quiz';
import { checkQuestion } from '../../cloudfunctions/quiz/question-rules';
import { expectOk, startTestCloud, type LocalCloud } from '../support/cloud';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.close());

test('the demo bank is valid, covers the five topics, and has an explanation for every question', () => {
  expect(DEMO_QUESTIONS.length).toBeGreaterThanOrEqual(40);
  for (const q of DEMO_QUESTIONS) {
    expect(checkQuestion(q)).toMatchObject({ ok: true });
    expect(q.explanation && q.explanation.length).toBeGreaterThan(10);
  }
  const topics = new Set(DEMO_QUESTIONS.map((q) => q.topic));
  expect([...topics].sort()).toEqual(['健康', '应急安全', '数字生活', '防诈骗', '食品安全'].sort());
});

test('seeds through the real actions, twice without duplicates', async () => {
  await seedOrgDemo(cloud.host);
  await seedQuizDemo(cloud.host);
  await seedQuizDemo(cloud.host);
  expect((await database().collection('questions').count()).total).toBe(DEMO_QUESTIONS.length);
  const list = expectOk<{ items: Array<{ id: string; title: string; status: string; scope: string }> }>(await cloud.call('quiz', { action: 'list' }));
  expect(list.items).toHaveLength(3);
  expect(list.items.map((q) => q.status).sort()).toEqual(['open', 'open', 'upcoming']);
  const city = list.items.find((q) => q.scope === 'city' && q.status === 'open')!;
  const board = expectOk<{ items: Array<{ rank: number; displayName: string; score: number }> }>(
    await cloud.call('quiz', { action: 'leaderboard', quizId: city.id, scope: 'city' }, DEMO_ACCOUNTS.learners[0]),
  );
  expect(board.items.map((i) => i.score)).toEqual([100, 90, 90, 70, 60]);
  expect(board.items[0].displayName).toBe('张*明');
});

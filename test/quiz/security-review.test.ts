/**
 * Security review of the quiz function: oversized edits are refused by the event schema before
 * the database is touched, and leaderboards never carry an OPENID or a full name.
 */
import type { InvocationRecord } from '../../emulator/host';
import { errorCode, expectOk, type LocalCloud } from '../support/cloud';
import { createQuiz, HEAD, importBank, LEARNERS, makeQuestions, startQuizCloud } from './helpers';

let cloud: LocalCloud;
const log: InvocationRecord[] = [];

beforeAll(async () => {
  cloud = await startQuizCloud({ log: (_line, record) => log.push(record) });
});
afterAll(() => cloud.close());

describe('updateQuestion bounds its strings and arrays in the schema', () => {
  const huge = {
    type: 'single',
    stem: '题'.repeat(100_000),
    options: Array.from({ length: 10_000 }, (_, i) => `选项${i}`),
    answer: Array.from({ length: 10_000 }, (_, i) => i),
    explanation: '解'.repeat(100_000),
  };

  test('an oversized edit is INVALID_ARGUMENT for anyone, with no database read', async () => {
    for (const caller of ['someone', HEAD]) {
      log.length = 0;
      const res = await cloud.call('quiz', { action: 'updateQuestion', questionId: 'q_any', version: 1, ...huge }, caller);
      expect([caller, errorCode(res)]).toEqual([caller, 'INVALID_ARGUMENT']);
      const record = log.find((l) => l.action === 'updateQuestion');
      expect([caller, record?.reads]).toEqual([caller, 0]);
    }
  });

  test('each bound alone is enforced; a normal edit still saves', async () => {
    const [qid] = await importBank(cloud, makeQuestions(1, '安全', '边界'));
    const base = { action: 'updateQuestion', questionId: qid, version: 1, type: 'single', stem: '边界题：下列哪项正确？', options: ['甲', '乙'], answer: [0] };
    for (const over of [{ options: Array.from({ length: 25 }, (_, i) => `项${i}`) }, { answer: Array.from({ length: 25 }, () => 0) }, { topic: '主'.repeat(200) }, { stem: '题'.repeat(2001) }]) {
      expect(errorCode(await cloud.call('quiz', { ...base, ...over }, HEAD))).toBe('INVALID_ARGUMENT');
    }
    expect(expectOk<{ version: number }>(await cloud.call('quiz', base, HEAD)).version).toBe(2);
  });
});

test('a leaderboard shows masked names and no OPENIDs', async () => {
  await importBank(cloud, makeQuestions(6, '健康', '榜单'));
  const quizId = await createQuiz(cloud, { questionCount: 3 });
  const learner = LEARNERS[0];
  const started = expectOk<{ attemptId: string; questions: Array<{ id: string }> }>(await cloud.call('quiz', { action: 'start', quizId }, learner.openid));
  expectOk(await cloud.call('quiz', { action: 'submit', attemptId: started.attemptId, answers: started.questions.map((q) => ({ questionId: q.id, choice: [0] })) }, learner.openid));
  for (const scope of ['city', 'branch', 'point'] as const) {
    const board = await cloud.call('quiz', { action: 'leaderboard', quizId, scope, ...(scope === 'city' ? {} : { unitId: scope === 'branch' ? learner.branchId : learner.pointId }) });
    const text = JSON.stringify(expectOk(board));
    expect(text).not.toContain(learner.openid);
    expect(text).not.toContain(learner.name);
    expect(text).toContain('张*明');
  }
});

import type { Page } from '../../typings/envelope';
import type { FlaggedAttempt, QuizStatsResult } from '../../typings/quiz';
import { errorCode, expectOk, type LocalCloud } from '../support/cloud';
import { answersFor, bankAnswers, BRANCH_ADMIN_YUZHONG, createQuiz, HEAD, importBank, LEARNERS, makeQuestions, startQuizCloud, type Started } from './helpers';

/**
 * Contest farming: an attempt that scores high in less time than reading its questions takes
 * (scoring.ts: 2 s per question + 50 ms per character) is flagged for staff, never shown to
 * residents.
 */
let cloud: LocalCloud;
let bank: Map<string, { options: string[]; answer: number[] }>;
let quizId: string;
let fast: Started;
let slow: Started;
const [L1, L2, , L4] = LEARNERS.map((l) => l.openid);

beforeAll(async () => {
  cloud = await startQuizCloud();
  await importBank(cloud, makeQuestions(10));
  bank = await bankAnswers(cloud);
  quizId = await createQuiz(cloud, { questionCount: 10, timeLimitSec: 900 });
  // L1 (渝中) answers everything right at once; L2 (渝中) takes 5 minutes; L4 (江北) right at once.
  fast = expectOk<Started>(await cloud.call('quiz', { action: 'start', quizId }, L1));
  expectOk(await cloud.call('quiz', { action: 'submit', attemptId: fast.attemptId, answers: answersFor(fast, bank, 10) }, L1));
  slow = expectOk<Started>(await cloud.call('quiz', { action: 'start', quizId }, L2));
  cloud.setClockOffset(5 * 60_000);
  expectOk(await cloud.call('quiz', { action: 'submit', attemptId: slow.attemptId, answers: answersFor(slow, bank, 10) }, L2));
  cloud.setClockOffset(0);
  const other = expectOk<Started>(await cloud.call('quiz', { action: 'start', quizId }, L4));
  expectOk(await cloud.call('quiz', { action: 'submit', attemptId: other.attemptId, answers: answersFor(other, bank, 10) }, L4));
});
afterAll(() => cloud.close());

const flagged = (openid: string, extra: Record<string, unknown> = {}) => cloud.call('quiz', { action: 'flaggedAttempts', quizId, ...extra }, openid);

test('staff list the attempts faster than reading, with the reading floor; the slow one is not flagged', async () => {
  const page = expectOk<Page<FlaggedAttempt>>(await flagged(HEAD));
  expect(page.items.map((i) => i.attemptId.split(':')[1]).sort()).toEqual([L1, L4]);
  const mine = page.items.find((i) => i.attemptId === fast.attemptId)!;
  expect(mine).toMatchObject({ score: 100, correctCount: 10, total: 10, displayName: '张*明' });
  expect(mine.durationMs).toBeLessThan(mine.readingFloorMs);
  expect(mine.readingFloorMs).toBeGreaterThanOrEqual(10 * 2000);
  const stats = expectOk<QuizStatsResult>(await cloud.call('quiz', { action: 'quizStats', quizId }, HEAD));
  expect(stats.flaggedAttempts).toBe(2);
});

test('scoped like quizStats: a branch admin sees its own branch only; residents may not list', async () => {
  const yz = expectOk<Page<FlaggedAttempt>>(await flagged(BRANCH_ADMIN_YUZHONG, { branchId: 'br_500103' }));
  expect(yz.items.map((i) => i.attemptId)).toEqual([fast.attemptId]);
  expect(errorCode(await flagged(BRANCH_ADMIN_YUZHONG, { branchId: 'br_500105' }))).toBe('PERMISSION_DENIED');
  expect(errorCode(await flagged(BRANCH_ADMIN_YUZHONG))).toBe('PERMISSION_DENIED');
  expect(errorCode(await flagged(L1))).toBe('PERMISSION_DENIED');
  expect(errorCode(await cloud.call('quiz', { action: 'flaggedAttempts', quizId }))).toBe('UNAUTHENTICATED');
});

test('residents never see a flag: submit, getAttempt, myAttempts, leaderboard', async () => {
  const seen = [
    await cloud.call('quiz', { action: 'submit', attemptId: fast.attemptId, answers: [] }, L1),
    await cloud.call('quiz', { action: 'getAttempt', attemptId: fast.attemptId }, L1),
    await cloud.call('quiz', { action: 'myAttempts', quizId }, L1),
    await cloud.call('quiz', { action: 'leaderboard', quizId, scope: 'city' }, L1),
  ];
  for (const res of seen) {
    expectOk(res);
    expect(JSON.stringify(res)).not.toMatch(/flag|readingFloor/i);
  }
});

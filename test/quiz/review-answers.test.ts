import type { GetAttemptResult, SubmitResult } from '../../typings/quiz';
import { errorCode, expectOk, type LocalCloud } from '../support/cloud';
import { answersFor, bankAnswers, createQuiz, HEAD, importBank, LEARNERS, makeQuestions, startQuizCloud, type Started } from './helpers';

/**
 * CONTRACT.md quiz rows: `reviewAnswers` (default after_close) decides when the review carries the
 * answers and explanations; getAttempt answers the contract's fields with the review as of now.
 */
let cloud: LocalCloud;
let bank: Map<string, { options: string[]; answer: number[] }>;
beforeAll(async () => {
  cloud = await startQuizCloud();
  await importBank(cloud, makeQuestions(12));
  bank = await bankAnswers(cloud);
});
afterAll(() => cloud.close());
afterEach(() => cloud.setClockOffset(0));

const [L1, L2, L3] = LEARNERS.map((l) => l.openid);
const start = async (quizId: string, openid: string) => expectOk<Started>(await cloud.call('quiz', { action: 'start', quizId }, openid));
const submit = async (s: Started, openid: string) =>
  expectOk<SubmitResult>(await cloud.call('quiz', { action: 'submit', attemptId: s.attemptId, answers: answersFor(s, bank, 2) }, openid));
const getAttempt = async (attemptId: string, openid: string) => expectOk<GetAttemptResult>(await cloud.call('quiz', { action: 'getAttempt', attemptId }, openid));

test('by default (after_close) the review withholds answers and explanations while the quiz is open', async () => {
  const endsAt = new Date(Date.now() + 3600_000);
  const quizId = await createQuiz(cloud, { questionCount: 4, endsAt });
  const list = expectOk<{ items: Array<{ id: string; reviewAnswers: string }> }>(await cloud.call('quiz', { action: 'list' }));
  expect(list.items.find((q) => q.id === quizId)?.reviewAnswers).toBe('after_close');
  const s = await start(quizId, L1);
  const res = await submit(s, L1);
  expect(res.review).toHaveLength(4);
  for (const r of res.review) {
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['questionId', 'correct', 'answer', 'explanation']));
    expect(r.answer).toBeNull();
    expect(r.explanation).toBeNull();
    expect(typeof r.correct).toBe('boolean');
  }
  expect(res.answersShown).toBe(false);
  // A repeated submit answers the stored result, still withheld.
  const again = expectOk<SubmitResult>(await cloud.call('quiz', { action: 'submit', attemptId: s.attemptId, answers: [] }, L1));
  expect(again.review.every((r) => r.answer === null && r.explanation === null)).toBe(true);

  const open = await getAttempt(s.attemptId, L1);
  expect(open).toMatchObject({ attemptId: s.attemptId, quizId, status: 'submitted', startedAt: s.startedAt, deadline: s.deadline });
  expect(open.result?.score).toBe(res.score);
  expect(open.result?.review.every((r) => r.answer === null && r.explanation === null)).toBe(true);

  // Once the quiz has closed, the same attempt's review shows them.
  cloud.setClockOffset(endsAt.getTime() - Date.now() + 1000);
  const closed = await getAttempt(s.attemptId, L1);
  expect(closed.result?.answersShown).toBe(true);
  for (const r of closed.result!.review) {
    const q = s.questions.find((x) => x.id === r.questionId)!;
    const b = bank.get(q.id)!;
    expect(r.answer).toEqual(b.answer.map((a) => q.options.indexOf(b.options[a])).sort((x, y) => x - y));
    expect(r.explanation).toMatch(/^解析\d+$/);
  }
});

test('a cancelled quiz counts as closed: its reviews show the answers', async () => {
  const quizId = await createQuiz(cloud, { questionCount: 3 });
  const s = await start(quizId, L2);
  expect((await submit(s, L2)).review[0].answer).toBeNull();
  expectOk(await cloud.call('quiz', { action: 'cancel', quizId, reason: '题目需要调整' }, HEAD));
  expect((await getAttempt(s.attemptId, L2)).result?.review[0].answer).not.toBeNull();
});

test('after_submit: the review carries answers and explanations right away', async () => {
  const quizId = await createQuiz(cloud, { questionCount: 3, reviewAnswers: 'after_submit' });
  const s = await start(quizId, L3);
  const res = await submit(s, L3);
  expect(res.answersShown).toBe(true);
  expect(res.review.every((r) => Array.isArray(r.answer) && typeof r.explanation === 'string')).toBe(true);
});

test('getAttempt: open, expired, never another person’s; bad reviewAnswers refused in Chinese', async () => {
  const quizId = await createQuiz(cloud, { questionCount: 3, timeLimitSec: 60 });
  const s = await start(quizId, L1);
  const open = await getAttempt(s.attemptId, L1);
  expect(open).toEqual({ attemptId: s.attemptId, quizId, quizTitle: expect.any(String), status: 'open', startedAt: s.startedAt, deadline: s.deadline, result: null });
  expect(errorCode(await cloud.call('quiz', { action: 'getAttempt', attemptId: s.attemptId }, L2))).toBe('NOT_FOUND');
  cloud.setClockOffset(120_000);
  expect((await getAttempt(s.attemptId, L1)).status).toBe('expired');
  const now = Date.now();
  const bad = (await cloud.call(
    'quiz',
    { action: 'create', title: '错误参数', scope: 'city', questionCount: 3, timeLimitSec: 60, attemptsPerDay: 1, startsAt: new Date(now).toISOString(), endsAt: new Date(now + 86_400_000).toISOString(), reviewAnswers: 'never' },
    HEAD,
  )) as { error: { message: string } };
  expect(errorCode(bad)).toBe('INVALID_ARGUMENT');
  expect(bad.error.message).toBe('公布答案的时间应为交卷后或竞答结束后');
});

import { database } from '../../cloudfunctions/_shared/cloud';
import { errorCode, expectOk, type LocalCloud } from '../support/cloud';
import { answersFor, bankAnswers, createQuiz, HEAD, importBank, JIANGBEI, LEARNERS, makeQuestions, startQuizCloud, type Started } from './helpers';

let cloud: LocalCloud;
let bank: Map<string, { options: string[]; answer: number[] }>;

beforeAll(async () => {
  cloud = await startQuizCloud();
  await importBank(cloud, makeQuestions(30));
  bank = await bankAnswers(cloud);
});
afterAll(() => cloud.close());
afterEach(() => cloud.setClockOffset(0));

const [L1, L2, L3, L4] = LEARNERS.map((l) => l.openid);

const start = async (quizId: string, openid: string) => expectOk<Started>(await cloud.call('quiz', { action: 'start', quizId }, openid));
const submit = (attemptId: string, answers: unknown, openid?: string) => cloud.call('quiz', { action: 'submit', attemptId, answers }, openid);

/** Every key anywhere in a value. */
function keysOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      keysOf(v, out);
    }
  }
  return out;
}

const FORBIDDEN = /^(answer|answers|explanation|correct|correctIndex|correctIndexes|perm|permutation|isCorrect|result|review)$/i;

describe('start', () => {
  test('never sends an answer, an explanation or the option permutation', async () => {
    const quizId = await createQuiz(cloud, { questionCount: 10 });
    for (const openid of [L1, L2, 'guest-1']) {
      const raw = await cloud.call('quiz', { action: 'start', quizId }, openid);
      const keys = keysOf(raw);
      expect(keys.filter((k) => FORBIDDEN.test(k))).toEqual([]);
      const data = expectOk<Started>(raw);
      expect(data.questions).toHaveLength(10);
      for (const q of data.questions) {
        expect(Object.keys(q).sort()).toEqual(['id', 'options', 'stem', 'type']);
        // The options shown are the bank's, in some order.
        expect([...q.options].sort()).toEqual([...bank.get(q.id)!.options].sort());
      }
      // The payload as text holds no explanation either.
      expect(JSON.stringify(raw)).not.toMatch(/解析\d/);
      // Resuming sends the same safe payload.
      const again = await cloud.call('quiz', { action: 'start', quizId }, openid);
      expect(keysOf(again).filter((k) => FORBIDDEN.test(k))).toEqual([]);
      expect(expectOk<Started>(again).resumed).toBe(true);
    }
  });

  test('shuffles option order per attempt and scores answers given in the shown order', async () => {
    const quizId = await createQuiz(cloud, { questionCount: 20, attemptsPerDay: 5 });
    let reordered = 0;
    for (const openid of [L1, L2, L3, L4]) {
      const s = await start(quizId, openid);
      for (const q of s.questions) if (q.type !== 'judge' && q.options.join() !== bank.get(q.id)!.options.join()) reordered++;
      const res = expectOk<{ score: number; correctCount: number; total: number }>(await submit(s.attemptId, answersFor(s, bank, 20), openid));
      expect(res).toMatchObject({ score: 100, correctCount: 20, total: 20 });
    }
    // 4 attempts x ~13 four-option questions: the identity order every time is (1/24)^52.
    expect(reordered).toBeGreaterThan(0);
  });

  test('resumes an unfinished attempt: same id, same questions in the same order', async () => {
    const quizId = await createQuiz(cloud, { questionCount: 6 });
    const first = await start(quizId, L1);
    expect(first.resumed).toBe(false);
    const second = await start(quizId, L1);
    expect(second).toMatchObject({ attemptId: first.attemptId, resumed: true, startedAt: first.startedAt, deadline: first.deadline });
    expect(second.questions).toEqual(first.questions);
    const detail = expectOk<{ attemptsToday: number; openAttemptId: string }>(await cloud.call('quiz', { action: 'get', quizId }, L1));
    expect(detail).toMatchObject({ attemptsToday: 1, openAttemptId: first.attemptId });
  });

  test('deadline = server start + time limit, whatever the client says', async () => {
    const quizId = await createQuiz(cloud, { timeLimitSec: 300 });
    const s = await cloud.call('quiz', { action: 'start', quizId, startedAt: '2000-01-01T00:00:00+08:00' }, L1);
    const data = expectOk<Started>(s);
    const startedAt = Date.parse(data.startedAt);
    expect(Math.abs(startedAt - Date.now())).toBeLessThan(5000);
    expect(Date.parse(data.deadline) - startedAt).toBe(300_000);
  });

  test('outside the window: FAILED_PRECONDITION; anonymous: UNAUTHENTICATED; unknown quiz: NOT_FOUND', async () => {
    const now = Date.now();
    const upcoming = await createQuiz(cloud, { startsAt: new Date(now + 86_400_000), endsAt: new Date(now + 2 * 86_400_000) });
    expect(errorCode(await cloud.call('quiz', { action: 'start', quizId: upcoming }, L1))).toBe('FAILED_PRECONDITION');
    const closing = await createQuiz(cloud, { startsAt: new Date(now - 3600_000), endsAt: new Date(now + 60_000) });
    cloud.setClockOffset(120_000);
    expect(errorCode(await cloud.call('quiz', { action: 'start', quizId: closing }, L1))).toBe('FAILED_PRECONDITION');
    cloud.setClockOffset(0);
    expect(errorCode(await cloud.call('quiz', { action: 'start', quizId: closing }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await cloud.call('quiz', { action: 'start', quizId: 'qz_nothing' }, L1))).toBe('NOT_FOUND');
  });

  test('a branch quiz is for learners of that branch only', async () => {
    const quizId = await createQuiz(cloud, { scope: 'branch', branchId: JIANGBEI, title: '江北区分校竞答' });
    expect(errorCode(await cloud.call('quiz', { action: 'start', quizId }, L1))).toBe('PERMISSION_DENIED');
    expect(errorCode(await cloud.call('quiz', { action: 'start', quizId }, 'guest-2'))).toBe('PERMISSION_DENIED');
    expect((await start(quizId, L4)).questions).toHaveLength(5);
  });
});

describe('submit', () => {
  test('scores 0-100 with all-or-nothing multiple choice, and reviews with answers and explanations', async () => {
    const quizId = await createQuiz(cloud, { questionCount: 9, reviewAnswers: 'after_submit' });
    const s = await start(quizId, L2);
    const answers = answersFor(s, bank, 9);
    // Break one multiple-choice question by giving only part of its correct set.
    const mi = s.questions.findIndex((q) => q.type === 'multiple');
    answers[mi] = { questionId: s.questions[mi].id, choice: [answers[mi].choice[0]] };
    const res = expectOk<{ score: number; correctCount: number; total: number; durationMs: number; review: Array<Record<string, unknown>> }>(
      await submit(s.attemptId, answers, L2),
    );
    expect(res).toMatchObject({ score: Math.round((100 * 8) / 9), correctCount: 8, total: 9 });
    expect(res.durationMs).toBeGreaterThanOrEqual(0);
    expect(res.review).toHaveLength(9);
    expect(res.review[mi]).toMatchObject({ questionId: s.questions[mi].id, correct: false, choice: answers[mi].choice });
    for (const r of res.review) {
      expect(r.explanation).toMatch(/^解析\d+$/);
      const q = s.questions.find((x) => x.id === r.questionId)!;
      const b = bank.get(q.id)!;
      expect(r.answer).toEqual(b.answer.map((a) => q.options.indexOf(b.options[a])).sort());
    }
  });

  test('unanswered questions count as wrong; foreign question ids and impossible options are refused', async () => {
    const quizId = await createQuiz(cloud, { questionCount: 4 });
    const s = await start(quizId, L3);
    expect(errorCode(await submit(s.attemptId, [{ questionId: 'q_other', choice: [0] }], L3))).toBe('INVALID_ARGUMENT');
    // Fixture questions have at most four options: index 5 does not exist.
    expect(errorCode(await submit(s.attemptId, [{ questionId: s.questions[0].id, choice: [5] }], L3))).toBe('INVALID_ARGUMENT');
    const res = expectOk<{ score: number; correctCount: number }>(await submit(s.attemptId, answersFor(s, bank, 1).slice(0, 1), L3));
    expect(res).toMatchObject({ score: 25, correctCount: 1 });
  });

  test('after the deadline plus 10 s grace: DEADLINE_EXCEEDED, and the attempt is closed', async () => {
    const quizId = await createQuiz(cloud, { timeLimitSec: 60 });
    const s = await start(quizId, L1);
    cloud.setClockOffset(60_000 + 11_000);
    expect(errorCode(await submit(s.attemptId, answersFor(s, bank, 5), L1))).toBe('DEADLINE_EXCEEDED');
    cloud.setClockOffset(0);
    // Even with the clock back, the closed attempt stays closed.
    expect(errorCode(await submit(s.attemptId, answersFor(s, bank, 5), L1))).toBe('DEADLINE_EXCEEDED');
    const a = expectOk<{ status: string; result: unknown }>(await cloud.call('quiz', { action: 'getAttempt', attemptId: s.attemptId }, L1));
    expect(a).toMatchObject({ status: 'expired', result: null });
    expect(expectOk<{ best: unknown }>(await cloud.call('quiz', { action: 'myBest', quizId }, L1)).best).toBeNull();
    // The next start is a new attempt, not the expired one.
    const next = await start(quizId, L1);
    expect(next.attemptId).not.toBe(s.attemptId);
  });

  test('within the grace period the submit counts, with the duration capped at the limit', async () => {
    const quizId = await createQuiz(cloud, { timeLimitSec: 60 });
    const s = await start(quizId, L2);
    cloud.setClockOffset(60_000 + 5_000);
    const res = expectOk<{ score: number; durationMs: number }>(await submit(s.attemptId, answersFor(s, bank, 5), L2));
    expect(res).toMatchObject({ score: 100, durationMs: 60_000 });
  });

  test('a second submit does not score again (sequential and concurrent)', async () => {
    const quizId = await createQuiz(cloud, { questionCount: 5 });
    const s = await start(quizId, L3);
    const first = expectOk<{ score: number; submittedAt: string }>(await submit(s.attemptId, answersFor(s, bank, 2), L3));
    expect(first.score).toBe(40);
    const second = expectOk<{ score: number; submittedAt: string }>(await submit(s.attemptId, answersFor(s, bank, 5), L3));
    expect(second).toEqual(first);

    const t = await start(quizId, L4);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => submit(t.attemptId, answersFor(t, bank, i % 6), L4)));
    const scores = new Set(results.map((r) => expectOk<{ score: number }>(r).score));
    expect(scores.size).toBe(1);
    const stored = (await database().collection('quizAttempts').doc(t.attemptId).get()).data as unknown as { result: { score: number } };
    expect(scores.has(stored.result.score)).toBe(true);
    const best = expectOk<{ best: { score: number } }>(await cloud.call('quiz', { action: 'myBest', quizId }, L4)).best;
    expect(best.score).toBe(stored.result.score);
  });

  test("another person's attempt: NOT_FOUND for submit and read, and it stays open for its owner", async () => {
    const quizId = await createQuiz(cloud);
    const s = await start(quizId, L1);
    expect(errorCode(await submit(s.attemptId, answersFor(s, bank, 5), L2))).toBe('NOT_FOUND');
    expect(errorCode(await cloud.call('quiz', { action: 'getAttempt', attemptId: s.attemptId }, L2))).toBe('NOT_FOUND');
    expect(errorCode(await submit(s.attemptId, answersFor(s, bank, 5)))).toBe('UNAUTHENTICATED');
    expect(expectOk<{ score: number }>(await submit(s.attemptId, answersFor(s, bank, 5), L1)).score).toBe(100);
  });

  test('an edited question does not change an attempt that asked it', async () => {
    const [qid] = await importBank(cloud, [{ type: 'single', stem: '版本测试：水的沸点（标准大气压）是多少？', options: ['90℃', '100℃', '110℃'], answer: [1], explanation: '旧解析' }]);
    const quizId = await createQuiz(cloud, { questionCount: 31, reviewAnswers: 'after_submit' });
    const s = await start(quizId, L2);
    const asked = s.questions.find((q) => q.id === qid)!;
    expect(asked).toBeDefined();
    const right = asked.options.indexOf('100℃');
    expectOk(
      await cloud.call(
        'quiz',
        { action: 'updateQuestion', questionId: qid, version: 1, type: 'single', stem: '版本测试（新）：水在标准大气压下的沸点？', options: ['100℃', '90℃'], answer: [1], explanation: '新解析' },
        HEAD,
      ),
    );
    const res = expectOk<{ review: Array<{ questionId: string; correct: boolean; stem: string; explanation: string; options: string[] }> }>(
      await submit(s.attemptId, [{ questionId: qid, choice: [right] }], L2),
    );
    const r = res.review.find((x) => x.questionId === qid)!;
    expect(r).toMatchObject({ correct: true, stem: '版本测试：水的沸点（标准大气压）是多少？', explanation: '旧解析' });
    expect(r.options).toHaveLength(3);
    bank = await bankAnswers(cloud);
  });
});

describe('attempts per day', () => {
  test('holds under 20 concurrent starts by one user', async () => {
    const quizId = await createQuiz(cloud, { attemptsPerDay: 3 });
    const openid = LEARNERS[4].openid;
    const ids = new Set<string>();
    for (let round = 1; round <= 3; round++) {
      const starts = await Promise.all(Array.from({ length: 20 }, () => cloud.call('quiz', { action: 'start', quizId }, openid)));
      const attemptIds = new Set(starts.map((r) => expectOk<Started>(r).attemptId));
      // All 20 got the same attempt: the winner's, resumed by the others.
      expect(attemptIds.size).toBe(1);
      const [attemptId] = [...attemptIds];
      expect(attemptId.endsWith(`:${round}`)).toBe(true);
      ids.add(attemptId);
      const s = expectOk<Started>(starts[0]);
      expectOk(await submit(attemptId, answersFor(s, bank, 1), openid));
    }
    const over = await Promise.all(Array.from({ length: 20 }, () => cloud.call('quiz', { action: 'start', quizId }, openid)));
    expect(new Set(over.map(errorCode))).toEqual(new Set(['RESOURCE_EXHAUSTED']));
    const stored = await database().collection('quizAttempts').where({ quizId, openid }).count();
    expect(stored.total).toBe(3);
    expect(ids.size).toBe(3);
  });

  test('20 concurrent starts after expired attempts still never exceed the limit', async () => {
    const quizId = await createQuiz(cloud, { attemptsPerDay: 2, timeLimitSec: 30 });
    const openid = 'guest-concurrent';
    // Two attempts started and abandoned: each runs out of time.
    for (let i = 0; i < 2; i++) {
      await Promise.all(Array.from({ length: 20 }, () => cloud.call('quiz', { action: 'start', quizId }, openid)));
      cloud.setClockOffset((i + 1) * 60_000);
    }
    const more = await Promise.all(Array.from({ length: 20 }, () => cloud.call('quiz', { action: 'start', quizId }, openid)));
    expect(new Set(more.map(errorCode))).toEqual(new Set(['RESOURCE_EXHAUSTED']));
    expect((await database().collection('quizAttempts').where({ quizId, openid }).count()).total).toBe(2);
  });

  test('the limit is per Asia/Shanghai day', async () => {
    const quizId = await createQuiz(cloud, { attemptsPerDay: 1 });
    const s = await start(quizId, L3);
    expectOk(await submit(s.attemptId, [], L3));
    expect(errorCode(await cloud.call('quiz', { action: 'start', quizId }, L3))).toBe('RESOURCE_EXHAUSTED');
    // Move to just after the next Shanghai midnight.
    const now = Date.now();
    const shanghaiMidnight = Math.ceil((now + 8 * 3600_000) / 86_400_000) * 86_400_000 - 8 * 3600_000;
    cloud.setClockOffset(shanghaiMidnight - now + 1000);
    const next = await start(quizId, L3);
    expect(next.attemptId.endsWith(':1')).toBe(true);
    expect(next.attemptId).not.toBe(s.attemptId);
  });
});

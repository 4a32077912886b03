import { database } from '../../cloudfunctions/_shared/cloud';
import { errorCode, expectOk, typedApi, type LocalCloud } from '../support/cloud';
import { BRANCH_ADMIN_YUZHONG, createQuiz, HEAD, importBank, iso, JIANGBEI, LEARNERS, makeQuestions, POINT_ADMIN_A, startQuizCloud, YUZHONG } from './helpers';

let cloud: LocalCloud;
let api: ReturnType<typeof typedApi>;
beforeAll(async () => {
  cloud = await startQuizCloud();
  api = typedApi(cloud);
  await importBank(cloud, makeQuestions(12, '防诈骗'));
});
afterAll(() => cloud.close());

const L1 = LEARNERS[0].openid;

describe('create and list', () => {
  test('who may create which quiz', async () => {
    const base = { action: 'create', title: '分校竞答', startsAt: iso(new Date(Date.now() - 60_000)), endsAt: iso(new Date(Date.now() + 86_400_000)), questionCount: 5, timeLimitSec: 300, attemptsPerDay: 2 };
    expect(errorCode(await cloud.call('quiz', { ...base, scope: 'city' }, BRANCH_ADMIN_YUZHONG))).toBe('PERMISSION_DENIED');
    expect(errorCode(await cloud.call('quiz', { ...base, scope: 'branch', branchId: JIANGBEI }, BRANCH_ADMIN_YUZHONG))).toBe('PERMISSION_DENIED');
    expect(errorCode(await cloud.call('quiz', { ...base, scope: 'branch', branchId: YUZHONG }, POINT_ADMIN_A))).toBe('PERMISSION_DENIED');
    expect(errorCode(await cloud.call('quiz', { ...base, scope: 'branch', branchId: YUZHONG }, L1))).toBe('PERMISSION_DENIED');
    expect(errorCode(await cloud.call('quiz', { ...base, scope: 'branch', branchId: YUZHONG }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await cloud.call('quiz', { ...base, scope: 'branch' }, BRANCH_ADMIN_YUZHONG))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await cloud.call('quiz', { ...base, scope: 'branch', branchId: 'br_999999' }, HEAD))).toBe('INVALID_ARGUMENT');
    const { quizId } = expectOk<{ quizId: string }>(await cloud.call('quiz', { ...base, scope: 'branch', branchId: YUZHONG }, BRANCH_ADMIN_YUZHONG));
    expect(quizId).toMatch(/^qz_/);
    expect((await database().collection('audit').where({ action: 'quiz.create', targetId: quizId }).count()).total).toBe(1);
  });

  test('list tells each caller whether they may take a quiz: a branch quiz only its own learners', async () => {
    const quizId = await createQuiz(cloud, { title: '渝中区分校竞答', scope: 'branch', branchId: YUZHONG });
    const city = await createQuiz(cloud, { title: '全市竞答（可参加）' });
    const itemFor = async (openid?: string) => {
      const { items } = await api.ok('quiz', 'list', { limit: 100 }, openid);
      return (id: string) => items.find((q) => q.id === id);
    };
    const yuzhong = await itemFor(L1);
    expect(yuzhong(quizId)?.canTake).toBe(true);
    const jiangbei = await itemFor(LEARNERS[3].openid);
    expect(jiangbei(quizId)?.canTake).toBe(false);
    expect(jiangbei(city)?.canTake).toBe(true);
    // Exactly what start answers: refused for the other branch's learner.
    expect(errorCode(await cloud.call('quiz', { action: 'start', quizId }, LEARNERS[3].openid))).toBe('PERMISSION_DENIED');
    expect((await itemFor(undefined))(quizId)?.canTake).toBe(false);
  });

  test('checks the bank size, the window and the numbers', async () => {
    const base = { action: 'create', title: '全市竞答', scope: 'city', startsAt: iso(new Date(Date.now() - 60_000)), endsAt: iso(new Date(Date.now() + 86_400_000)), questionCount: 5, timeLimitSec: 300, attemptsPerDay: 2 };
    expect(errorCode(await cloud.call('quiz', { ...base, questionCount: 13 }, HEAD))).toBe('FAILED_PRECONDITION');
    expect(errorCode(await cloud.call('quiz', { ...base, topic: '不存在的主题' }, HEAD))).toBe('FAILED_PRECONDITION');
    expect(errorCode(await cloud.call('quiz', { ...base, endsAt: base.startsAt }, HEAD))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await cloud.call('quiz', { ...base, endsAt: '2020-01-01T00:00:00+08:00', startsAt: '2019-12-01T00:00:00+08:00' }, HEAD))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await cloud.call('quiz', { ...base, startsAt: '明天' }, HEAD))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await cloud.call('quiz', { ...base, timeLimitSec: 5 }, HEAD))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await cloud.call('quiz', { ...base, attemptsPerDay: 0 }, HEAD))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await cloud.call('quiz', { ...base, questionCount: 2.5 }, HEAD))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await cloud.call('quiz', { ...base, title: '' }, HEAD))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await cloud.call('quiz', { action: 'nope' }, HEAD))).toBe('INVALID_ARGUMENT');
  });

  test('list shows upcoming, open and closed quizzes, latest start first, paginated', async () => {
    const now = Date.now();
    const upcoming = await createQuiz(cloud, { title: '下周竞答', startsAt: new Date(now + 7 * 86_400_000), endsAt: new Date(now + 8 * 86_400_000) });
    const open = await createQuiz(cloud, { title: '本周竞答', startsAt: new Date(now - 60_000), endsAt: new Date(now + 86_400_000) });
    const closing = await createQuiz(cloud, { title: '马上结束', startsAt: new Date(now - 120_000), endsAt: new Date(now + 30_000) });
    // Past the end of 马上结束 (created with room to spare on a loaded machine), not of the others.
    cloud.setClockOffset(60_000);
    try {
      const res = expectOk<{ items: Array<{ id: string; status: string; title: string; scope: string; startsAt: string }>; nextCursor: string | null }>(
        await cloud.call('quiz', { action: 'list', limit: 100 }),
      );
      const byId = new Map(res.items.map((q) => [q.id, q]));
      expect(byId.get(upcoming)?.status).toBe('upcoming');
      expect(byId.get(open)?.status).toBe('open');
      expect(byId.get(closing)?.status).toBe('closed');
      expect(byId.get(open)?.startsAt).toMatch(/\+08:00$/);
      const starts = res.items.map((q) => Date.parse(q.startsAt));
      expect([...starts].sort((a, b) => b - a)).toEqual(starts);
      expect(JSON.stringify(res)).not.toContain('pool');
      const first = await api.ok('quiz', 'list', { limit: 2 });
      expect(first.items).toHaveLength(2);
      const second = await api.ok('quiz', 'list', { limit: 2, cursor: first.nextCursor! });
      expect(second.items.length).toBeGreaterThan(0);
    } finally {
      cloud.setClockOffset(0);
    }
  });

  test('myAttempts lists the caller’s attempts only', async () => {
    const quizId = await createQuiz(cloud, { title: '记录测试' });
    const s = await api.ok('quiz', 'start', { quizId }, L1);
    const mine = expectOk<{ items: Array<{ attemptId: string; status: string; score: number | null; quizTitle: string }> }>(
      await cloud.call('quiz', { action: 'myAttempts', quizId }, L1),
    );
    expect(mine.items).toEqual([expect.objectContaining({ attemptId: s.attemptId, status: 'open', score: null, quizTitle: '记录测试' })]);
    expect((await api.ok('quiz', 'myAttempts', { quizId }, LEARNERS[1].openid)).items).toEqual([]);
  });
});

describe('practice', () => {
  // Questions no quiz draws from (the quizzes above took the whole bank of their time).
  beforeAll(async () => {
    await importBank(cloud, makeQuestions(6, '练习', '练'));
  });

  test('one question at a time, the answer and explanation after answering, counted once', async () => {
    const next = await cloud.call('quiz', { action: 'practiceNext' }, 'practice-1');
    const q = expectOk<{ question: { id: string; options: string[]; type: string }; answered: number }>(next).question;
    expect(JSON.stringify(next)).not.toMatch(/"answer"|"explanation"|解析/);
    const bank = (await database().collection('questions').doc(q.id).get()).data as unknown as { answer: number[]; explanation: string };
    const res = expectOk<{ correct: boolean; answer: number[]; explanation: string; answered: number; correctTotal: number }>(
      await cloud.call('quiz', { action: 'practiceAnswer', questionId: q.id, choice: bank.answer }, 'practice-1'),
    );
    expect(res).toEqual({ correct: true, answer: bank.answer, explanation: bank.explanation, answered: 1, correctTotal: 1 });
    // The same question cannot be answered twice (no trying every option for a free answer sheet).
    expect(errorCode(await cloud.call('quiz', { action: 'practiceAnswer', questionId: q.id, choice: bank.answer }, 'practice-1'))).toBe('FAILED_PRECONDITION');
    const q2 = await api.ok('quiz', 'practiceNext', { topic: '练习' }, 'practice-1');
    expect(q2).toMatchObject({ answered: 1, correct: 1 });
    expect(q2.question!.id).not.toBe(q.id);
    const wrong = expectOk<{ correct: boolean; answered: number; correctTotal: number }>(
      await cloud.call('quiz', { action: 'practiceAnswer', questionId: q2.question!.id, choice: [0, 1, 2, 3] }, 'practice-1'),
    );
    expect(wrong).toMatchObject({ correct: false, answered: 2, correctTotal: 1 });
    expect((await api.ok('quiz', 'practiceNext', { topic: '没有这个主题' }, 'practice-1')).question).toBeNull();
    expect(errorCode(await cloud.call('quiz', { action: 'practiceNext' }))).toBe('UNAUTHENTICATED');
  });

  test('answers only the question it served, and none while a quiz attempt is running', async () => {
    const quizId = await createQuiz(cloud, { title: '练习防作弊', topic: '防诈骗' });
    const who = LEARNERS[2].openid;
    const s = await api.ok('quiz', 'start', { quizId }, who);
    // A quiz question id that practice never served: refused.
    expect(errorCode(await cloud.call('quiz', { action: 'practiceAnswer', questionId: s.questions[0].id, choice: [0] }, who))).toBe('FAILED_PRECONDITION');
    // Even a served one is not answered during the attempt.
    const served = (await api.ok('quiz', 'practiceNext', {}, who)).question!;
    const during = await cloud.call('quiz', { action: 'practiceAnswer', questionId: served.id, choice: [0] }, who);
    expect(errorCode(during)).toBe('FAILED_PRECONDITION');
    expect(JSON.stringify(during)).toContain('交卷');
    await api.ok('quiz', 'submit', { attemptId: s.attemptId, answers: [] }, who);
    await api.ok('quiz', 'practiceAnswer', { questionId: served.id, choice: [0] }, who);
  });

  test('never serves nor answers a question of a quiz that has not ended; after its end it may', async () => {
    const ids = await importBank(cloud, makeQuestions(3, '竞答专用', '竞'));
    const who = 'practice-contest';
    // Served before any quiz draws from it...
    const served = (await api.ok('quiz', 'practiceNext', { topic: '竞答专用' }, who)).question!;
    expect(ids).toContain(served.id);
    const endsAt = new Date(Date.now() + 2 * 86_400_000);
    // ...then an upcoming quiz takes the topic: neither served nor answered any more.
    await createQuiz(cloud, { title: '竞答题不外泄', topic: '竞答专用', questionCount: 3, startsAt: new Date(Date.now() + 86_400_000), endsAt });
    const late = await cloud.call('quiz', { action: 'practiceAnswer', questionId: served.id, choice: [0] }, who);
    expect(errorCode(late)).toBe('FAILED_PRECONDITION');
    expect(JSON.stringify(late)).not.toMatch(/"answer"|解析/);
    for (let i = 0; i < 6; i++) {
      expect((await api.ok('quiz', 'practiceNext', { topic: '竞答专用' }, who)).question).toBeNull();
    }
    // Once the quiz has ended, its questions are practice material again.
    cloud.setClockOffset(endsAt.getTime() - Date.now() + 60_000);
    try {
      const again = (await api.ok('quiz', 'practiceNext', { topic: '竞答专用' }, who)).question;
      expect(ids).toContain(again?.id);
    } finally {
      cloud.setClockOffset(0);
    }
  });
});

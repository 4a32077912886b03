import { errorCode, expectOk, type LocalCloud } from '../support/cloud';
import {
  answersFor,
  bankAnswers,
  BRANCH_ADMIN_YUZHONG,
  createQuiz,
  HEAD,
  importBank,
  JIANGBEI,
  LEARNERS,
  makeQuestions,
  POINT_A,
  POINT_ADMIN_A,
  POINT_C,
  startQuizCloud,
  YUZHONG,
  type Started,
} from './helpers';

/**
 * Rankings need exact durations and submit times: the functions' clock (Date) is frozen and
 * moved by hand. Only Date is faked; timers and microtasks run normally.
 */
let cloud: LocalCloud;
let bank: Map<string, { options: string[]; answer: number[] }>;
const T0 = Date.parse('2026-03-10T10:00:00+08:00');

beforeAll(async () => {
  jest.useFakeTimers({ now: T0, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask', 'hrtime', 'performance'] });
  cloud = await startQuizCloud();
  await importBank(cloud, makeQuestions(24));
  bank = await bankAnswers(cloud);
});
afterAll(() => {
  cloud.close();
  jest.useRealTimers();
});

const at = (ms: number) => jest.setSystemTime(T0 + ms);
const [L1, L2, L3, L4, L5] = LEARNERS.map((l) => l.openid);
const GUEST = 'guest-7';

async function play(quizId: string, openid: string, correct: number, startAt: number, durationMs: number) {
  at(startAt);
  const s = expectOk<Started>(await cloud.call('quiz', { action: 'start', quizId }, openid));
  at(startAt + durationMs);
  return expectOk<{ score: number; durationMs: number; titleEarned?: boolean }>(
    await cloud.call('quiz', { action: 'submit', attemptId: s.attemptId, answers: answersFor(s, bank, correct) }, openid),
  );
}

interface Board {
  items: Array<{ rank: number; displayName: string; unitName: string; score: number; durationMs: number }>;
  me: null | { rank: number; score: number; durationMs: number };
  unitId?: string;
}
const board = async (quizId: string, params: Record<string, unknown>, openid?: string) =>
  expectOk<Board>(await cloud.call('quiz', { action: 'leaderboard', quizId, ...params }, openid));

describe('leaderboard', () => {
  let quizId: string;

  beforeAll(async () => {
    at(0);
    quizId = await createQuiz(cloud, { questionCount: 4, timeLimitSec: 600, attemptsPerDay: 5, startsAt: new Date(T0 - 3600_000), endsAt: new Date(T0 + 86_400_000) });
    await play(quizId, L1, 4, 1_000, 100_000); //     100 points, 100 s, submitted at 101 s
    await play(quizId, L2, 4, 2_000, 50_000); //      100 points,  50 s
    await play(quizId, L3, 3, 3_000, 10_000); //       75 points,  10 s
    await play(quizId, L4, 4, 200_000, 100_000); //   100 points, 100 s, submitted later than L1
    await play(quizId, GUEST, 2, 300_000, 20_000); //  50 points
    await play(quizId, L5, 3, 400_000, 10_000); //     75 points, 10 s, submitted after L3
  });

  test('higher score first, then shorter duration, then earlier submission; masked names', async () => {
    const b = await board(quizId, { scope: 'city' });
    expect(b.items.map((i) => [i.rank, i.displayName, i.score, i.durationMs])).toEqual([
      [1, '李*', 100, 50_000],
      [2, '张*明', 100, 100_000],
      [3, '王*福', 100, 100_000],
      [4, '欧**娜', 75, 10_000],
      [5, '赵*', 75, 10_000],
      [6, '微信用户', 50, 20_000],
    ]);
    expect(b.items[0].unitName).toBe('渝中区分校 · 解放碑社区');
    expect(b.items[5].unitName).toBe('');
    expect(JSON.stringify(b)).not.toMatch(/张三明|李四|欧阳娜娜|王五福|learner-|guest-/);
    expect(b.me).toBeNull();
  });

  test('my rank: from the list, or one count when I am below it; null when not on that board', async () => {
    expect((await board(quizId, { scope: 'city' }, L1)).me).toEqual({ rank: 2, score: 100, durationMs: 100_000 });
    const short = await board(quizId, { scope: 'city', limit: 2 }, GUEST);
    expect(short.items).toHaveLength(2);
    expect(short.me).toEqual({ rank: 6, score: 50, durationMs: 20_000 });
    expect((await board(quizId, { scope: 'city', limit: 3 }, L5)).me?.rank).toBe(5);
    expect((await board(quizId, { scope: 'branch', unitId: YUZHONG }, GUEST)).me).toBeNull();
    expect((await board(quizId, { scope: 'branch', unitId: YUZHONG }, L4)).me).toBeNull();
    expect((await board(quizId, { scope: 'city' }, 'never-played')).me).toBeNull();
  });

  test('branch and point boards, defaulting to the caller’s own unit', async () => {
    const yz = await board(quizId, { scope: 'branch', unitId: YUZHONG });
    expect(yz.items.map((i) => [i.rank, i.displayName, i.unitName])).toEqual([
      [1, '李*', '解放碑社区'],
      [2, '张*明', '解放碑社区'],
      [3, '欧**娜', '七星岗社区'],
    ]);
    const jb = await board(quizId, { scope: 'branch' }, L5);
    expect(jb.unitId).toBe(JIANGBEI);
    expect(jb.items.map((i) => i.displayName)).toEqual(['王*福', '赵*']);
    expect(jb.me).toEqual({ rank: 2, score: 75, durationMs: 10_000 });
    const pa = await board(quizId, { scope: 'point' }, L1);
    expect(pa.unitId).toBe(POINT_A);
    expect(pa.items.map((i) => i.displayName)).toEqual(['李*', '张*明']);
    expect(pa.me?.rank).toBe(2);
    expect(errorCode(await cloud.call('quiz', { action: 'leaderboard', quizId, scope: 'point' }, GUEST))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await cloud.call('quiz', { action: 'leaderboard', quizId, scope: 'world' }))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await cloud.call('quiz', { action: 'leaderboard', quizId: 'qz_none', scope: 'city' }))).toBe('NOT_FOUND');
  });

  test('the best record changes only for a better attempt', async () => {
    // Worse score: no change.
    await play(quizId, L1, 2, 500_000, 5_000);
    expect((await board(quizId, { scope: 'city' }, L1)).me).toEqual({ rank: 2, score: 100, durationMs: 100_000 });
    // Same score, slower: no change.
    await play(quizId, L1, 4, 600_000, 200_000);
    expect((await board(quizId, { scope: 'city' }, L1)).me).toEqual({ rank: 2, score: 100, durationMs: 100_000 });
    // Same score, faster: the new best, now first.
    await play(quizId, L1, 4, 900_000, 40_000);
    expect((await board(quizId, { scope: 'city' }, L1)).me).toEqual({ rank: 1, score: 100, durationMs: 40_000 });
    const best = expectOk<{ best: { score: number; durationMs: number } }>(await cloud.call('quiz', { action: 'myBest', quizId }, L1)).best;
    expect(best).toMatchObject({ score: 100, durationMs: 40_000 });
    // The list shows the caller's best of each quiz.
    const list = expectOk<{ items: Array<{ id: string; status: string; myBest: unknown }> }>(await cloud.call('quiz', { action: 'list' }, L1));
    expect(list.items.find((q) => q.id === quizId)).toMatchObject({ status: 'open', myBest: { score: 100, durationMs: 40_000 } });
    const anon = expectOk<{ items: Array<{ id: string; myBest: unknown }> }>(await cloud.call('quiz', { action: 'list' }));
    expect(anon.items.find((q) => q.id === quizId)?.myBest).toBeNull();
  });

  test('staff see participation per branch and per point', async () => {
    const city = expectOk<{ level: string; participants: number; attempts: number; rows: Array<{ unitId: string | null; participants: number; attempts: number; averageBest: number }> }>(
      await cloud.call('quiz', { action: 'quizStats', quizId }, HEAD),
    );
    expect(city.level).toBe('branch');
    expect(city.participants).toBe(6);
    expect(city.attempts).toBe(9);
    expect(city.rows.find((r) => r.unitId === YUZHONG)).toMatchObject({ participants: 3, attempts: 6, averageBest: Math.round(((100 + 100 + 75) / 3) * 10) / 10 });
    expect(city.rows.find((r) => r.unitId === JIANGBEI)).toMatchObject({ participants: 2, attempts: 2 });
    expect(city.rows.find((r) => r.unitId === null)).toMatchObject({ unitName: '未报名学员', participants: 1 });
    expect(city.rows.filter((r) => r.unitId?.startsWith('br_'))).toHaveLength(41);

    expect(errorCode(await cloud.call('quiz', { action: 'quizStats', quizId }, BRANCH_ADMIN_YUZHONG))).toBe('PERMISSION_DENIED');
    const yz = expectOk<{ level: string; rows: Array<{ unitId: string; unitName: string; participants: number; attempts: number }> }>(
      await cloud.call('quiz', { action: 'quizStats', quizId, branchId: YUZHONG }, BRANCH_ADMIN_YUZHONG),
    );
    expect(yz.level).toBe('point');
    expect(yz.rows).toEqual([
      expect.objectContaining({ unitId: POINT_A, unitName: '解放碑社区', participants: 2, attempts: 5 }),
      expect.objectContaining({ unitName: '七星岗社区', participants: 1, attempts: 1 }),
    ]);
    expect(errorCode(await cloud.call('quiz', { action: 'quizStats', quizId, branchId: JIANGBEI }, BRANCH_ADMIN_YUZHONG))).toBe('PERMISSION_DENIED');
    expect(errorCode(await cloud.call('quiz', { action: 'quizStats', quizId, branchId: YUZHONG }, POINT_ADMIN_A))).toBe('PERMISSION_DENIED');
  });
});

describe('科学达人', () => {
  test('earned once, on the submit that reaches 90+ in 3 distinct quizzes of the year', async () => {
    at(1_000_000);
    const quizzes: string[] = [];
    for (let i = 0; i < 4; i++) quizzes.push(await createQuiz(cloud, { title: `达人测试${i}`, questionCount: 3, attemptsPerDay: 3, startsAt: new Date(T0), endsAt: new Date(T0 + 86_400_000) }));
    const who = L5;
    // Quiz 0 twice with full marks: counts once.
    expect((await play(quizzes[0], who, 3, 1_100_000, 5_000)).titleEarned).toBeUndefined();
    expect((await play(quizzes[0], who, 3, 1_200_000, 5_000)).titleEarned).toBeUndefined();
    // Below the bar (67 points): does not count.
    await play(quizzes[1], who, 2, 1_300_000, 5_000);
    let mine = expectOk<{ earned: boolean; qualifiedQuizzes: number; bar: { minScore: number; minQuizzes: number } }>(await cloud.call('quiz', { action: 'myTitle' }, who));
    expect(mine).toMatchObject({ earned: false, qualifiedQuizzes: 1, bar: { minScore: 90, minQuizzes: 3 } });
    await play(quizzes[1], who, 3, 1_400_000, 5_000);
    expect((await play(quizzes[2], who, 3, 1_500_000, 5_000)).titleEarned).toBe(true);
    expect((await play(quizzes[3], who, 3, 1_600_000, 5_000)).titleEarned).toBeUndefined();
    mine = expectOk(await cloud.call('quiz', { action: 'myTitle' }, who));
    expect(mine).toMatchObject({ earned: true, qualifiedQuizzes: 4 });
    expect(expectOk<{ earned: boolean }>(await cloud.call('quiz', { action: 'myTitle', year: 2025 }, who)).earned).toBe(false);

    // Public point list (masked) and staff lists (with the enrolled name), scoped.
    const pub = expectOk<{ items: Array<Record<string, unknown>> }>(await cloud.call('quiz', { action: 'pointTitles', pointId: POINT_C }));
    expect(pub.items).toEqual([expect.objectContaining({ displayName: '赵*', pointName: '观音桥社区', qualifiedQuizzes: 4 })]);
    expect(pub.items[0].name).toBeUndefined();
    const staff = expectOk<{ items: Array<Record<string, unknown>> }>(await cloud.call('quiz', { action: 'titles', branchId: JIANGBEI }, HEAD));
    expect(staff.items).toEqual([expect.objectContaining({ name: '赵六', displayName: '赵*' })]);
    expect(expectOk<{ items: unknown[] }>(await cloud.call('quiz', { action: 'titles' }, HEAD)).items).toHaveLength(1);
    expect(errorCode(await cloud.call('quiz', { action: 'titles', pointId: POINT_C }, BRANCH_ADMIN_YUZHONG))).toBe('PERMISSION_DENIED');
    expect(errorCode(await cloud.call('quiz', { action: 'titles' }, BRANCH_ADMIN_YUZHONG))).toBe('PERMISSION_DENIED');
    expect(expectOk<{ items: unknown[] }>(await cloud.call('quiz', { action: 'titles', pointId: POINT_A }, POINT_ADMIN_A)).items).toEqual([]);
  });

  test('concurrent qualifying submits award the title exactly once; the bar is configurable', async () => {
    process.env.QUIZ_TITLE_MIN_QUIZZES = '2';
    process.env.QUIZ_TITLE_MIN_SCORE = '60';
    try {
      at(2_000_000);
      const quizzes = await Promise.all([0, 1, 2, 3].map((i) => createQuiz(cloud, { title: `并发达人${i}`, questionCount: 3, startsAt: new Date(T0), endsAt: new Date(T0 + 86_400_000) })));
      const started = await Promise.all(quizzes.map(async (quizId) => expectOk<Started>(await cloud.call('quiz', { action: 'start', quizId }, L3))));
      at(2_010_000);
      const results = await Promise.all(
        started.map(async (s) => expectOk<{ score: number; titleEarned?: boolean }>(await cloud.call('quiz', { action: 'submit', attemptId: s.attemptId, answers: answersFor(s, bank, 2) }, L3))),
      );
      expect(results.every((r) => r.score === 67)).toBe(true);
      expect(results.filter((r) => r.titleEarned)).toHaveLength(1);
      expect(expectOk(await cloud.call('quiz', { action: 'myTitle' }, L3))).toMatchObject({ earned: true, qualifiedQuizzes: 4, bar: { minScore: 60, minQuizzes: 2 } });
    } finally {
      delete process.env.QUIZ_TITLE_MIN_QUIZZES;
      delete process.env.QUIZ_TITLE_MIN_SCORE;
    }
  });
});

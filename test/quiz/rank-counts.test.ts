import { database } from '../../cloudfunctions/_shared/cloud';
import type { InvocationRecord } from '../../emulator/host';
import type { LeaderboardResult } from '../../typings/quiz';
import { expectOk, type LocalCloud } from '../support/cloud';
import { answersFor, bankAnswers, createQuiz, importBank, LEARNERS, makeQuestions, startQuizCloud, YUZHONG, type Started } from './helpers';

/**
 * "My rank" from the boards' rank counters (ranks.ts) is exact: it equals a count of the better
 * records, on every board, after concurrent submits, improvements and a repaired crash.
 */
const records: InvocationRecord[] = [];
let cloud: LocalCloud;
let bank: Map<string, { options: string[]; answer: number[] }>;
beforeAll(async () => {
  cloud = await startQuizCloud({ log: (_line, record) => records.push(record) });
  await importBank(cloud, makeQuestions(10));
  bank = await bankAnswers(cloud);
});
afterAll(() => cloud.close());
afterEach(() => cloud.setClockOffset(0));

interface Best {
  _id: string;
  openid: string;
  sortKey: string;
  branchId: string | null;
  pointId: string | null;
}

async function bruteRank(quizId: string, openid: string, unit: Record<string, string> = {}): Promise<number> {
  const all = (await database().collection<Best>('quizBests').where({ quizId, ...unit }).limit(1000).get()).data;
  const mine = all.find((b) => b.openid === openid)!;
  return 1 + all.filter((b) => b.sortKey < mine.sortKey).length;
}

const board = async (quizId: string, scope: string, openid: string, unitId?: string) =>
  expectOk<LeaderboardResult>(await cloud.call('quiz', { action: 'leaderboard', quizId, scope, unitId, limit: 3 }, openid));

async function play(quizId: string, openid: string, right: number): Promise<void> {
  const s = expectOk<Started>(await cloud.call('quiz', { action: 'start', quizId }, openid));
  expectOk(await cloud.call('quiz', { action: 'submit', attemptId: s.attemptId, answers: answersFor(s, bank, right) }, openid));
}

test('after concurrent submits and improvements, every caller’s rank equals the count of better records', async () => {
  const quizId = await createQuiz(cloud, { questionCount: 10, attemptsPerDay: 3, timeLimitSec: 1800 });
  const guests = Array.from({ length: 60 }, (_, i) => `rank-guest-${i}`);
  // Three waves at different server times, so durations spread over several buckets.
  for (const [wave, offset] of [0, 4_000, 75_000].entries()) {
    cloud.setClockOffset(0);
    const starts = await Promise.all(guests.map((g) => cloud.call('quiz', { action: 'start', quizId }, g)));
    cloud.setClockOffset(offset);
    await Promise.all(
      starts.map((r, i) => {
        const s = expectOk<Started>(r);
        return cloud.call('quiz', { action: 'submit', attemptId: s.attemptId, answers: answersFor(s, bank, (i * 7 + wave * 3) % 11) }, guests[i]);
      }),
    );
  }
  cloud.setClockOffset(0);
  await Promise.all(LEARNERS.map((l, i) => play(quizId, l.openid, 10 - i)));

  for (const who of [...guests.filter((_, i) => i % 5 === 0), ...LEARNERS.map((l) => l.openid)]) {
    expect({ who, rank: (await board(quizId, 'city', who)).me?.rank }).toEqual({ who, rank: await bruteRank(quizId, who) });
  }
  const l = LEARNERS[0];
  expect((await board(quizId, 'branch', l.openid, YUZHONG)).me?.rank).toBe(await bruteRank(quizId, l.openid, { branchId: YUZHONG }));
  expect((await board(quizId, 'point', l.openid, l.pointId)).me?.rank).toBe(await bruteRank(quizId, l.openid, { pointId: l.pointId }));

  // The counters hold exactly one entry per best record.
  const counts = (await database().collection<{ _id: string; c: Record<string, Record<string, number>> }>('quizRankCounts').doc(`${quizId}:city`).get()).data;
  const total = Object.values(counts.c).reduce((n, b) => n + Object.values(b).reduce((m, x) => m + x, 0), 0);
  expect(total).toBe(guests.length + LEARNERS.length);

  // My rank: 3 reads beyond the quiz and the top N, and a count bounded by my bucket.
  records.length = 0;
  await board(quizId, 'city', guests[59]);
  expect(records[records.length - 1].reads).toBeLessThanOrEqual(5);
}, 60_000);

test('a best changed by a submit that died before its counters moved is repaired by the next view', async () => {
  const quizId = await createQuiz(cloud, { questionCount: 10 });
  await play(quizId, 'crash-a', 10);
  await play(quizId, 'crash-b', 5);
  // Fixture: crash-c's best as the write leaves it, its counter move not applied.
  const db = database();
  const b = (await db.collection<{ _id: string; sortKey: string; score: number }>('quizBests').doc(`${quizId}:crash-b`).get()).data;
  const { _id: _b, ...rest } = b;
  await db.collection('quizBests').add({
    data: { ...rest, _id: `${quizId}:crash-c`, openid: 'crash-c', sortKey: `${String(b.sortKey).slice(0, 3)}0000000000000000000000000`, rankMove: { id: 'crash', from: null, to: { score: b.score, bucket: 0 }, widthMs: 1000 } },
  });
  expect((await board(quizId, 'city', 'crash-c')).me?.rank).toBe(2);
  expect((await board(quizId, 'city', 'crash-b')).me?.rank).toBe(3);
  // Applied once: another view does not count it again.
  expect((await board(quizId, 'city', 'crash-c')).me?.rank).toBe(2);
  expect((await board(quizId, 'city', 'crash-b')).me?.rank).toBe(3);
});

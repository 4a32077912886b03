/**
 * Quiz benchmark (`npm run bench:quiz`): the local cloud on a temporary SQLite file, the real
 * quiz function called through the function host.
 *
 * 1. Leaderboards at 1,000 and 1,000,000 best records (one per person, as `submit` keeps them):
 *    time, reads and documents examined of a top-50 board, of "my rank" (a caller far below the
 *    top 50: the board's rank counters and one count of the caller's bucket, quiz/ranks.ts), and
 *    of a branch board; beside them the previous method (a count of every better record) timed
 *    on the same data, and a check that both give the same rank.
 * 2. Submits per second with 200 concurrent callers, each with its own attempt.
 *
 * Setup bulk-inserts the best records and their boards' rank counters (as submits would leave
 * them) through the engine (insertDocument batches); everything measured goes through the quiz
 * function. BENCH_QUIZ_SIZES=1000,100000 to override the sizes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import reference from '../database/reference/chongqing-branches.json';
import type { InvocationRecord } from '../emulator/host';
import { startLocalCloud, type LocalCloud } from '../emulator/local-cloud';
import { maskName } from '../cloudfunctions/_shared/privacy';
import { database } from '../cloudfunctions/_shared/cloud';
import { boardKey, boardsOf, bucketOf, bucketWidthMs } from '../cloudfunctions/quiz/ranks';
import { sortKeyOf } from '../cloudfunctions/quiz/sort-key';

const SIZES = (process.env.BENCH_QUIZ_SIZES ?? '1000,1000000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const CONCURRENCY = 200;
const SUBMIT_ROUNDS = 5;
const REPEAT = 20;
const HEAD = 'bench-head';
const BRANCHES = reference.branches.map((b) => ({ id: `br_${b.code}`, name: `${b.district}分校` }));
const POINTS_PER_BRANCH = 50;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '建国秀英志明淑珍玉兰桂芳德华丽萍红梅海燕文';

let seed = 20260310;
function rand(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
}

const records: InvocationRecord[] = [];
let recording = false;

function ok<T>(res: unknown): T {
  const env = res as { ok: boolean; data?: T; error?: unknown };
  if (!env || !env.ok) throw new Error(`call failed: ${JSON.stringify(res)}`);
  return env.data as T;
}

async function measure<T>(fn: () => Promise<T>): Promise<{ ms: number; record: InvocationRecord; value: T }> {
  records.length = 0;
  recording = true;
  const t = process.hrtime.bigint();
  const value = await fn();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  recording = false;
  return { ms, record: records[records.length - 1], value };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function bestDoc(quizId: string, i: number, submittedBase: number) {
  const score = rand(11) * 10;
  const durationMs = 30_000 + rand(570_000);
  const submittedAt = submittedBase + rand(7 * 86_400_000);
  const branch = BRANCHES[i % BRANCHES.length];
  const point = `pt_bench_${branch.id.slice(3)}_${rand(POINTS_PER_BRANCH)}`;
  const openid = `u${i}`;
  return {
    _id: `${quizId}:${openid}`,
    quizId,
    openid,
    attemptId: `${quizId}:${openid}:20260310:1`,
    score,
    durationMs,
    submittedAt: { $date: submittedAt },
    sortKey: sortKeyOf(score, durationMs, new Date(submittedAt)),
    displayName: maskName(SURNAMES[rand(SURNAMES.length)] + GIVEN[rand(GIVEN.length)] + GIVEN[rand(GIVEN.length)]),
    branchId: branch.id,
    branchName: branch.name,
    pointId: point,
    pointName: `${point.slice(-2).replace('_', '')}号社区`,
  };
}

const TIME_LIMIT_SEC = 900;

async function seedBests(cloud: LocalCloud, quizId: string, size: number): Promise<number> {
  const t = Date.now();
  const batch = 5000;
  const base = Date.parse('2026-03-10T08:00:00+08:00');
  const widthMs = bucketWidthMs(TIME_LIMIT_SEC * 1000);
  const boards = new Map<string, Record<string, Record<string, number>>>();
  for (let i = 0; i < size; i += batch) {
    const data: string[] = [];
    for (let j = i; j < Math.min(size, i + batch); j++) {
      const best = bestDoc(quizId, j, base);
      data.push(JSON.stringify(best));
      const b = bucketOf(best.score, best.durationMs, widthMs);
      for (const board of boardsOf(best)) {
        const key = boardKey(quizId, board);
        const c = boards.get(key) ?? {};
        const cell = (c[`s${b.score}`] ??= {});
        cell[`b${b.bucket}`] = (cell[`b${b.bucket}`] ?? 0) + 1;
        boards.set(key, c);
      }
    }
    const res = await cloud.engine.request('database.insertDocument', { collectionName: 'quizBests', data });
    if (res.code) throw new Error(res.message);
  }
  const counters = [...boards].map(([_id, c]) => JSON.stringify({ _id, quizId, widthMs, c }));
  for (let i = 0; i < counters.length; i += 500) {
    const res = await cloud.engine.request('database.insertDocument', { collectionName: 'quizRankCounts', data: counters.slice(i, i + 500) });
    if (res.code) throw new Error(res.message);
  }
  return Date.now() - t;
}

function questions(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    type: 'single',
    stem: `基准测试题${i}：以下哪一项是正确的？`,
    options: ['选项甲', '选项乙', '选项丙', '选项丁'],
    answer: [i % 4],
    explanation: `基准测试解析${i}`,
    topic: '基准',
  }));
}

function iso(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

async function createQuiz(cloud: LocalCloud, title: string): Promise<string> {
  const now = Date.now();
  return ok<{ quizId: string }>(
    await cloud.call(
      'quiz',
      { action: 'create', title, scope: 'city', startsAt: iso(now - 3600_000), endsAt: iso(now + 86_400_000), questionCount: 10, timeLimitSec: TIME_LIMIT_SEC, attemptsPerDay: 20 },
      HEAD,
    ),
  ).quizId;
}

interface Row {
  label: string;
  ms: number;
  reads: number;
  docs: number;
}

async function boards(cloud: LocalCloud, quizId: string, size: number): Promise<Row[]> {
  // A caller near the middle of the ranking: far outside the top 50.
  const meOpenid = `u${Math.floor(size / 2) + 1}`;
  const branch = BRANCHES[(Math.floor(size / 2) + 1) % BRANCHES.length].id;
  const cases: Array<{ label: string; event: Record<string, unknown>; openid?: string; check: (d: any) => void }> = [
    { label: 'top-50 city board (anonymous)', event: { scope: 'city', limit: 50 }, check: (d) => d.items.length === Math.min(50, size) || fail(d) },
    { label: 'top-50 + my rank (rank counters)', event: { scope: 'city', limit: 50 }, openid: meOpenid, check: (d) => d.me && d.me.rank > 0 || fail(d) },
    { label: 'top-50 branch board + my rank', event: { scope: 'branch', unitId: branch, limit: 50 }, openid: meOpenid, check: (d) => d.me || fail(d) },
  ];
  const rows: Row[] = [];
  for (const c of cases) {
    const ms: number[] = [];
    let last: InvocationRecord | undefined;
    // Warm-up (module load, JIT, SQLite page cache), not measured.
    for (let i = 0; i < 3; i++) await cloud.call('quiz', { action: 'leaderboard', quizId, ...c.event }, c.openid);
    for (let i = 0; i < REPEAT; i++) {
      const m = await measure(() => cloud.call('quiz', { action: 'leaderboard', quizId, ...c.event }, c.openid));
      c.check(ok(m.value));
      ms.push(m.ms);
      last = m.record;
    }
    rows.push({ label: `${c.label} @ ${size.toLocaleString('en')}`, ms: median(ms), reads: last!.reads, docs: last!.docsExamined });
  }
  // The previous method, for comparison: count every better record (one indexed count).
  const db = database();
  const mine = (await db.collection<{ _id: string; sortKey: string }>('quizBests').doc(`${quizId}:${meOpenid}`).get()).data;
  const counted: number[] = [];
  let better = 0;
  for (let i = 0; i < REPEAT; i++) {
    const t = process.hrtime.bigint();
    better = (await db.collection('quizBests').where({ quizId, sortKey: db.command.lt(mine.sortKey) }).count()).total;
    counted.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const board = ok<{ me: { rank: number } }>(await cloud.call('quiz', { action: 'leaderboard', quizId, scope: 'city', limit: 50 }, meOpenid));
  if (board.me.rank !== better + 1) throw new Error(`rank ${board.me.rank} from the counters, ${better + 1} by counting`);
  rows.push({ label: `my rank by counting all better (before) @ ${size.toLocaleString('en')}`, ms: median(counted), reads: 1, docs: 0 });
  return rows;
}

function fail(d: unknown): never {
  throw new Error(`unexpected leaderboard answer: ${JSON.stringify(d).slice(0, 300)}`);
}

async function seedLearners(cloud: LocalCloud, n: number): Promise<string[]> {
  const now = { $date: Date.now() };
  const points = BRANCHES.slice(0, 10).map((b, i) => ({ _id: `pt_sub_${i}`, branchId: b.id, name: `答题社区${i}`, address: '社区服务中心', leaderName: '王建华', leaderTitle: '社区党委副书记', isDemo: false, active: true, learnerCount: 0, createdAt: now, updatedAt: now }));
  await cloud.engine.request('database.insertDocument', { collectionName: 'points', data: points.map((p) => JSON.stringify(p)) });
  const openids = Array.from({ length: n }, (_, i) => `sub-${i}`);
  const learners = openids.map((openid, i) => ({
    _id: openid,
    pointId: points[i % points.length]._id,
    branchId: points[i % points.length].branchId,
    name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]}${GIVEN[(i * 7) % GIVEN.length]}`,
    gender: 'female',
    birthYear: 1955,
    occupation: 'retired',
    phone: '13812345678',
    consentAt: now,
    enrolledAt: now,
    transfers: [],
  }));
  await cloud.engine.request('database.insertDocument', { collectionName: 'learners', data: learners.map((l) => JSON.stringify(l)) });
  return openids;
}

async function submits(cloud: LocalCloud, quizId: string): Promise<string[]> {
  const openids = await seedLearners(cloud, CONCURRENCY);
  let submitMs = 0;
  let submitted = 0;
  const perSubmit: InvocationRecord[] = [];
  const perStart: InvocationRecord[] = [];
  for (let round = 0; round < SUBMIT_ROUNDS; round++) {
    records.length = 0;
    recording = true;
    const started = await Promise.all(openids.map(async (o) => ({ openid: o, s: ok<{ attemptId: string; questions: Array<{ id: string; options: string[] }> }>(await cloud.call('quiz', { action: 'start', quizId }, o)) })));
    perStart.push(...records.filter((r) => r.action === 'start'));
    records.length = 0;
    const t = process.hrtime.bigint();
    const results = await Promise.all(
      started.map(({ openid, s }) =>
        cloud.call('quiz', { action: 'submit', attemptId: s.attemptId, answers: s.questions.map((q) => ({ questionId: q.id, choice: [rand(q.options.length)] })) }, openid),
      ),
    );
    submitMs += Number(process.hrtime.bigint() - t) / 1e6;
    recording = false;
    perSubmit.push(...records.filter((r) => r.action === 'submit'));
    for (const r of results) ok(r);
    submitted += results.length;
  }
  const avg = (rs: InvocationRecord[], k: 'reads' | 'writes' | 'docsExamined') => (rs.reduce((n, r) => n + r[k], 0) / rs.length).toFixed(1);
  const lat = perSubmit.map((r) => r.durationMs);
  return [
    `submits: ${submitted} in ${SUBMIT_ROUNDS} bursts of ${CONCURRENCY} concurrent callers (each its own attempt of 10 questions)`,
    `  throughput: ${((submitted / submitMs) * 1000).toFixed(0)} submits/s   latency median ${median(lat).toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms`,
    `  per submit: reads ${avg(perSubmit, 'reads')}, writes ${avg(perSubmit, 'writes')}, docs examined ${avg(perSubmit, 'docsExamined')}`,
    `  per start:  reads ${avg(perStart, 'reads')}, writes ${avg(perStart, 'writes')}, docs examined ${avg(perStart, 'docsExamined')}`,
  ];
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'csu-bench-quiz-'));
  process.env.HEAD_ADMIN_OPENIDS = HEAD;
  const cloud = await startLocalCloud({
    dataDir,
    seed: { demo: false },
    log: (_line, record) => {
      if (recording) records.push(record);
    },
  });
  try {
    ok(await cloud.call('quiz', { action: 'importQuestions', questions: questions(60) }, HEAD));
    const out: string[] = [];
    const rows: Row[] = [];
    for (const size of SIZES) {
      const quizId = await createQuiz(cloud, `基准竞答 ${size}`);
      const ms = await seedBests(cloud, quizId, size);
      out.push(`seeded ${size.toLocaleString('en')} best records in ${(ms / 1000).toFixed(1)} s`);
      rows.push(...(await boards(cloud, quizId, size)));
    }
    const subQuiz = await createQuiz(cloud, '基准竞答 提交');
    const sub = await submits(cloud, subQuiz);

    console.log('\nquiz benchmark (local cloud, SQLite file, real quiz function; median of %d calls)\n', REPEAT);
    for (const line of out) console.log(line);
    console.log('');
    const w = Math.max(...rows.map((r) => r.label.length));
    console.log(`${'leaderboard'.padEnd(w)}  ${'ms'.padStart(7)}  ${'reads'.padStart(5)}  ${'docs examined'.padStart(13)}`);
    for (const r of rows) console.log(`${r.label.padEnd(w)}  ${r.ms.toFixed(2).padStart(7)}  ${String(r.reads).padStart(5)}  ${String(r.docs).padStart(13)}`);
    console.log('');
    for (const line of sub) console.log(line);
  } finally {
    cloud.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

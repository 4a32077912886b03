/**
 * Three-level management benchmark (`npm run bench:governance`): 41 branches and 200 → 2,000
 * teaching points, each with a year of courses and check-ins, on a temporary SQLite file; the
 * real `school` function measured through the function host: a branch's demonstration meter, the
 * head school's verification ranking, a point's archive, and the staff to-do (reads, documents
 * examined, time). Setup bulk-inserts the records through the engine in the shapes the functions
 * write (courses claimed as held, the maintained `pointYears` counters). BENCH_GOVERNANCE_SIZES
 * overrides the sizes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import reference from '../database/reference/chongqing-branches.json';
import type { InvocationRecord } from '../emulator/host';
import { startLocalCloud, type LocalCloud } from '../emulator/local-cloud';

const SIZES = (process.env.BENCH_GOVERNANCE_SIZES ?? '200,2000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const YEAR = 2027;
const COURSES_PER_POINT = 30;
const DEMO_SHARE = 10; // one point in ten is a demonstration point
const HEAD = 'bench-head';
const BRANCH_ADMIN = 'bench-branch-admin';
const POINT_ADMIN = 'bench-point-admin';
const BRANCHES = reference.branches.map((b) => `br_${b.code}`);

const records: InvocationRecord[] = [];
let recording = false;

const date = (ms: number) => ({ $date: new Date(ms).toISOString() });

async function insert(cloud: LocalCloud, collectionName: string, docs: object[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 5000) {
    const res = await cloud.engine.request('database.insertDocument', { collectionName, data: docs.slice(i, i + 5000).map((d) => JSON.stringify(d)) });
    if (res.code) throw new Error(String(res.message));
  }
}

async function seed(cloud: LocalCloud, size: number): Promise<string[]> {
  const start = Date.parse(`${YEAR}-01-01T00:00:00+08:00`);
  const points = [];
  const courses = [];
  const years = [];
  const plans = [];
  const ids: string[] = [];
  for (let i = 0; i < size; i++) {
    const pointId = `pt_bench${String(i).padStart(5, '0')}`;
    const branchId = BRANCHES[i % BRANCHES.length];
    ids.push(pointId);
    const now = date(start);
    points.push({ _id: pointId, branchId, branchName: '基准分校', name: `基准${i}号社区`, address: '重庆市', leaderName: '王建华', leaderTitle: '社区党委副书记', isDemo: i % DEMO_SHARE === 0, active: true, learnerCount: 0, enrolledTotal: 0, withdrawnTotal: 0, createdBy: HEAD, createdAt: now, updatedAt: now });
    const months: Record<string, number> = {};
    for (let c = 0; c < COURSES_PER_POINT; c++) {
      const startsAt = start + Math.floor(((c + 0.5) * 335 * 86_400_000) / COURSES_PER_POINT) + 9 * 3600_000;
      const month = new Date(startsAt + 8 * 3600_000).getUTCMonth() + 1;
      months[`m${month}`] = (months[`m${month}`] ?? 0) + 1;
      courses.push({ _id: `${pointId}_c${c}`, pointId, branchId, pointName: `基准${i}号社区`, title: `课程${c}`, topic: '病', teacherName: '刘医生', startsAt: date(startsAt), endsAt: date(startsAt + 2 * 3600_000), location: '活动室', mode: 'offline', onlineUrl: '', description: '', capacity: 30, signedCount: 10, waitlistCount: 0, waitlist: [], checkinCount: 8 + (c % 5), codeSecret: 'x', status: 'scheduled', heldMark: 'counted', createdBy: HEAD, createdAt: date(startsAt - 86_400_000), updatedAt: date(startsAt - 86_400_000) });
    }
    years.push({ _id: `${pointId}:${YEAR}`, pointId, branchId, year: YEAR, held: COURSES_PER_POINT, months });
    plans.push({ _id: `plan_${YEAR}_${pointId}`, pointId, pointName: `基准${i}号社区`, branchId, year: YEAR, term: 'full', status: i % 3 === 0 ? 'submitted' : 'approved', items: [{ month: 1, topic: '病', count: 30 }], groups: {}, keyDays: [], note: '', planned: 30, monthly: [30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], submissions: 1, reviewComment: null, itemComments: [], history: [], createdAt: date(start), updatedAt: date(start) });
  }
  await insert(cloud, 'points', points);
  await insert(cloud, 'courses', courses);
  await insert(cloud, 'pointYears', years);
  await insert(cloud, 'schoolPlans', plans);
  await insert(cloud, 'roles', [
    { _id: `branch_admin:${BRANCHES[0]}:${BRANCH_ADMIN}`, openid: BRANCH_ADMIN, role: 'branch_admin', scopeId: BRANCHES[0], grantedBy: HEAD, grantedAt: date(start) },
    { _id: `point_admin:${ids[0]}:${POINT_ADMIN}`, openid: POINT_ADMIN, role: 'point_admin', scopeId: ids[0], grantedBy: HEAD, grantedAt: date(start) },
  ]);
  return ids;
}

async function measure(cloud: LocalCloud, label: string, event: Record<string, unknown>, openid: string) {
  records.length = 0;
  recording = true;
  const t = process.hrtime.bigint();
  const res = (await cloud.call('school', event, openid)) as { ok: boolean; error?: unknown };
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  recording = false;
  if (!res.ok) throw new Error(`${label} failed: ${JSON.stringify(res)}`);
  const r = records[records.length - 1];
  return { label, ms, reads: r.reads, docs: r.docsExamined };
}

async function run(size: number) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-governance-'));
  process.env.HEAD_ADMIN_OPENIDS = HEAD;
  const cloud = await startLocalCloud({ dataDir, seed: { demo: false }, log: (_line, record) => void (recording && records.push(record)) });
  try {
    const t = Date.now();
    const ids = await seed(cloud, size);
    const seedMs = Date.now() - t;
    cloud.setClockOffset(Date.parse(`${YEAR}-12-15T10:00:00+08:00`) - Date.now());
    await cloud.call('school', { action: 'todo' }, HEAD); // load the function once (cold start is not the figure)
    const rows = [
      await measure(cloud, "branch meter (its demonstration points)", { action: 'demoMeter', year: YEAR }, BRANCH_ADMIN),
      await measure(cloud, 'city meter (every demonstration point)', { action: 'demoMeter', year: YEAR }, HEAD),
      await measure(cloud, 'verification ranking (head school)', { action: 'startVerification', year: YEAR }, HEAD),
      await measure(cloud, "a point's archive", { action: 'archive', pointId: ids[0], year: YEAR }, POINT_ADMIN),
      await measure(cloud, 'staff to-do (branch admin)', { action: 'todo' }, BRANCH_ADMIN),
      await measure(cloud, 'staff to-do (head school)', { action: 'todo' }, HEAD),
      await measure(cloud, 'staff to-do (point admin)', { action: 'todo' }, POINT_ADMIN),
    ];
    console.log(`\n${size} points, ${size * COURSES_PER_POINT} courses, ${Math.ceil(size / DEMO_SHARE)} demonstration points (seeded in ${seedMs} ms)`);
    console.log('action'.padEnd(44) + 'ms'.padStart(10) + 'reads'.padStart(8) + 'docs examined'.padStart(16));
    for (const r of rows) console.log(r.label.padEnd(44) + r.ms.toFixed(1).padStart(10) + String(r.reads).padStart(8) + String(r.docs).padStart(16));
    return rows;
  } finally {
    cloud.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const results = [];
  for (const size of SIZES) results.push({ size, rows: await run(size) });
  if (results.length >= 2) {
    const [a, b] = [results[0], results[results.length - 1]];
    console.log(`\ngrowth ${a.size} → ${b.size} points (docs examined, ×)`);
    for (const [i, r] of a.rows.entries()) console.log(r.label.padEnd(44) + `${r.docs} → ${b.rows[i].docs}`.padStart(20) + `  ×${(b.rows[i].docs / Math.max(1, r.docs)).toFixed(1)}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

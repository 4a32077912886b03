/**
 * Statistics benchmark (`npm run bench:stats`): the local cloud on a temporary SQLite file, the
 * real stats and sheet functions called through the function host.
 *
 * Seeds 41 branches (the reference data), 2,000 points, 200,000 learners, 100,000 courses,
 * 1,000,000 signups and 100,000 volunteer hour records straight into the engine (bulk
 * insertDocument), with the counter documents the real actions would have left: derived while
 * seeding by the same code the actions count with (`_shared/stat-counters.ts`: unitsOf,
 * learnerFields, tenths). Then prints time, reads and documents examined of the head school's
 * overview, of one branch's, and of the largest export (a branch's learners: start, every part,
 * finish, summed). The overview must stay within 3 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import reference from '../database/reference/chongqing-branches.json';
import type { InvocationRecord } from '../emulator/host';
import { startLocalCloud, type LocalCloud } from '../emulator/local-cloud';
import { learnerDocId, learnerFields, tenths, unitsOf, yearDocId } from '../cloudfunctions/_shared/stat-counters';
import { shanghaiYear } from '../cloudfunctions/_shared/time';

const HEAD = 'bench-head';
const BRANCH_ADMIN = 'bench-branch-admin';
const BRANCHES = reference.branches.map((b) => `br_${b.code}`);
const N = { points: 2000, learners: 200_000, courses: 100_000, signups: 1_000_000, hours: 100_000, volunteers: 20_000 };
const YEAR = 2026;
const GENDERS = ['male', 'female'] as const;
const OCCS = ['retired', 'worker', 'farmer', 'civil_servant', 'teacher', 'medical', 'self_employed', 'student', 'other'] as const;
const TOPICS = ['衣', '食', '住', '行', '用', '生', '长', '老', '病', '死'];

let seed = 20261201;
function rand(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
}

const records: InvocationRecord[] = [];
let recording = false;

type Counter = { _id: string; kind: 'learners' | 'year'; unitType: string; unitId: string; branchId: string | null; year?: number } & Record<string, unknown>;
const counters = new Map<string, Counter>();

function count(chain: { branchId: string; pointId: string | null }, year: number | null, inc: Record<string, number>): void {
  for (const unit of unitsOf(chain)) {
    const id = year === null ? learnerDocId(unit.unitId) : yearDocId(unit.unitId, year);
    const doc = counters.get(id) ?? ({ _id: id, kind: year === null ? 'learners' : 'year', ...unit, ...(year === null ? {} : { year }) } as Counter);
    for (const [k, v] of Object.entries(inc)) doc[k] = ((doc[k] as number | undefined) ?? 0) + v;
    counters.set(id, doc);
  }
}

async function insert(cloud: LocalCloud, collectionName: string, docs: unknown[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 5000) {
    const data = docs.slice(i, i + 5000).map((d) => JSON.stringify(d));
    const res = await cloud.engine.request('database.insertDocument', { collectionName, data });
    if (res.code) throw new Error(String(res.message));
  }
}

const date = (ms: number) => ({ $date: ms });

async function seedAll(cloud: LocalCloud): Promise<number> {
  const t = Date.now();
  const points = Array.from({ length: N.points }, (_x, i) => {
    const branchId = BRANCHES[i % BRANCHES.length];
    return { _id: `pt_b${i}`, branchId, branchName: '', name: `基准社区${i}`, address: '重庆市基准路1号', leaderName: '王建华', leaderTitle: '社区党委副书记', isDemo: false, active: true, learnerCount: 0, enrolledTotal: 0, withdrawnTotal: 0, createdBy: HEAD, createdAt: date(Date.UTC(2025, 0, 1)), updatedAt: date(Date.UTC(2025, 0, 1)) };
  });
  await insert(cloud, 'points', points);

  const learnerCount = new Map<string, number>();
  let batch: unknown[] = [];
  for (let i = 0; i < N.learners; i++) {
    const p = points[rand(N.points)];
    const profile = { gender: GENDERS[rand(2)], birthYear: 1935 + rand(50), occupation: OCCS[rand(OCCS.length)] };
    learnerCount.set(p._id, (learnerCount.get(p._id) ?? 0) + 1);
    count({ branchId: p.branchId, pointId: p._id }, null, learnerFields(profile, 1));
    batch.push({ _id: `ol${i}`, pointId: p._id, branchId: p.branchId, name: '张三明', ...profile, phone: `13${String(100000000 + i)}`, consentAt: date(Date.UTC(2025, 5, 1)), consentVersion: '2026-11', enrolledAt: date(Date.UTC(2025, 0, 1) + i * 60_000), updatedAt: date(Date.UTC(2025, 0, 1)), transfers: [] });
    if (batch.length === 20_000) {
      await insert(cloud, 'learners', batch);
      batch = [];
    }
  }
  await insert(cloud, 'learners', batch);
  batch = [];

  const perCourse = N.signups / N.courses;
  const yearStart = Date.UTC(YEAR, 0, 1) - 8 * 3600_000;
  let signups: unknown[] = [];
  for (let i = 0; i < N.courses; i++) {
    const p = points[rand(N.points)];
    const startsAt = yearStart + rand(330) * 86_400_000 + 9 * 3600_000;
    const checked = Math.floor(perCourse * 0.8);
    count({ branchId: p.branchId, pointId: p._id }, shanghaiYear(new Date(startsAt)), { checkedCourses: 1, attendances: checked });
    batch.push({ _id: `oc${i}`, pointId: p._id, branchId: p.branchId, pointName: p.name, title: '基准课程', topic: TOPICS[rand(10)], teacherName: '李老师', startsAt: date(startsAt), endsAt: date(startsAt + 2 * 3600_000), location: '活动室', mode: 'offline', onlineUrl: '', keyDay: null, description: '', capacity: 50, signedCount: perCourse, waitlistCount: 0, waitlist: [], checkinCount: checked, codeSecret: 'x', status: 'ended', heldMark: 'counted', createdBy: HEAD, createdAt: date(startsAt - 86_400_000), updatedAt: date(startsAt) });
    for (let j = 0; j < perCourse; j++) {
      const openid = `ol${rand(N.learners)}`;
      signups.push({ _id: `oc${i}:${openid}:${j}`, courseId: `oc${i}`, openid, status: 'signed', courseStartsAt: date(startsAt), courseTopic: '食', learnerPointId: p._id, signedAt: date(startsAt - 3600_000), waitlistedAt: null, cancelledAt: null, checkedIn: j < checked, checkedInAt: j < checked ? date(startsAt) : null, checkinBy: j < checked ? 'self' : null, remind: 'none', updatedAt: date(startsAt) });
    }
    if (batch.length === 10_000) {
      await insert(cloud, 'courses', batch);
      batch = [];
    }
    if (signups.length >= 50_000) {
      await insert(cloud, 'signups', signups);
      signups = [];
    }
  }
  await insert(cloud, 'courses', batch);
  await insert(cloud, 'signups', signups);
  batch = [];

  const teams = BRANCHES.map((b, i) => ({ _id: `vt_b${i}`, name: `基准志愿服务队${i}`, branchId: b, pointId: null, unitId: b, leaderOpenid: `ov0`, active: true, memberCount: 0, createdAt: date(Date.UTC(2025, 0, 1)) }));
  await insert(cloud, 'volunteerTeams', teams);
  const vols: unknown[] = [];
  const members: unknown[] = [];
  for (let i = 0; i < N.volunteers; i++) {
    vols.push({ _id: `ov${i}`, realName: '王志愿', phone: `13${String(200000000 + i)}`, approvedHours: 0, createdAt: date(Date.UTC(2025, 0, 1)) });
    const team = teams[i % teams.length];
    members.push({ _id: `${team._id}:ov${i}`, teamId: team._id, openid: `ov${i}`, status: 'member', appliedAt: date(Date.UTC(2025, 0, 1)) });
  }
  await insert(cloud, 'volunteers', vols);
  await insert(cloud, 'teamMembers', members);
  for (let i = 0; i < N.hours; i++) {
    const team = teams[rand(teams.length)];
    const hours = 1 + rand(8) / 2;
    const startsAt = yearStart + rand(330) * 86_400_000;
    count({ branchId: team.branchId, pointId: null }, YEAR, { approvedTenths: tenths(hours) });
    batch.push({ _id: `oh${i}`, activityId: `va${i % 5000}`, activityTitle: '基准活动', startsAt: date(startsAt), keyDay: null, teamId: team._id, teamName: team.name, branchId: team.branchId, pointId: null, openid: `ov${rand(N.volunteers)}`, realName: '王志愿', hours, status: 'approved', source: 'claim', note: null, reason: null, signInAt: null, signOutAt: null, year: YEAR, version: 1, certifiedBy: HEAD, createdAt: date(startsAt), updatedAt: date(startsAt) });
  }
  await insert(cloud, 'hourRecords', batch);
  await insert(cloud, 'statCounters', [...counters.values()]);
  return Date.now() - t;
}

function ok<T>(res: unknown): T {
  const env = res as { ok: boolean; data?: T; error?: unknown };
  if (!env || !env.ok) throw new Error(`call failed: ${JSON.stringify(res)}`);
  return env.data as T;
}

async function measure(label: string, fn: () => Promise<unknown>): Promise<{ label: string; ms: number; calls: number; reads: number; docs: number }> {
  records.length = 0;
  recording = true;
  const t = process.hrtime.bigint();
  await fn();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  recording = false;
  return { label, ms, calls: records.length, reads: records.reduce((n, r) => n + r.reads, 0), docs: records.reduce((n, r) => n + r.docsExamined, 0) };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'csu-bench-stats-'));
  process.env.HEAD_ADMIN_OPENIDS = HEAD;
  const cloud = await startLocalCloud({ dataDir, seed: { demo: false }, log: (_line, record) => void (recording && records.push(record)) });
  try {
    const seedMs = await seedAll(cloud);
    // The branch holding the most learners (the largest export).
    const byBranch = new Map<string, number>();
    for (const c of counters.values()) if (c.kind === 'learners' && c.unitType === 'branch') byBranch.set(c.unitId, c.total as number);
    const [branch, branchLearners] = [...byBranch].sort((a, b) => b[1] - a[1])[0];
    ok(await cloud.call('org', { action: 'grantRole', openid: BRANCH_ADMIN, role: 'branch_admin', scopeId: branch }, HEAD));

    const rows = [];
    rows.push(await measure('overview, city (head school)', async () => ok(await cloud.call('stats', { action: 'overview', scope: 'city', year: YEAR }, HEAD))));
    rows.push(await measure('overview, one branch (its admin)', async () => ok(await cloud.call('stats', { action: 'overview', scope: 'branch', unitId: branch, year: YEAR }, BRANCH_ADMIN))));
    rows.push(await measure('breakdown, city (41 branches)', async () => ok(await cloud.call('stats', { action: 'breakdown', scope: 'city', year: YEAR }, HEAD))));
    let exportRows = 0;
    let parts = 0;
    let slowestCall = 0;
    const exp = await measure(`export, learners of the largest branch`, async () => {
      const { jobId } = ok<{ jobId: string }>(await cloud.call('sheet', { action: 'exportStart', kind: 'learners', branchId: branch }, BRANCH_ADMIN));
      for (;;) {
        parts++;
        if (ok<{ done: boolean }>(await cloud.call('sheet', { action: 'exportPart', jobId }, BRANCH_ADMIN)).done) break;
      }
      exportRows = ok<{ rows: number }>(await cloud.call('sheet', { action: 'exportFinish', jobId }, BRANCH_ADMIN)).rows;
    });
    slowestCall = Math.max(...records.map((r) => r.durationMs));
    rows.push(exp);

    console.log('\nstats benchmark (local cloud, SQLite file, real stats and sheet functions)\n');
    console.log(`seeded ${BRANCHES.length} branches, ${N.points.toLocaleString('en')} points, ${N.learners.toLocaleString('en')} learners, ${N.courses.toLocaleString('en')} courses, ${N.signups.toLocaleString('en')} signups, ${N.hours.toLocaleString('en')} hour records, ${counters.size.toLocaleString('en')} counter documents in ${(seedMs / 1000).toFixed(1)} s\n`);
    const w = Math.max(...rows.map((r) => r.label.length));
    console.log(`${'call'.padEnd(w)}  ${'ms'.padStart(9)}  ${'calls'.padStart(5)}  ${'reads'.padStart(6)}  ${'docs examined'.padStart(13)}`);
    for (const r of rows) console.log(`${r.label.padEnd(w)}  ${r.ms.toFixed(1).padStart(9)}  ${String(r.calls).padStart(5)}  ${String(r.reads).padStart(6)}  ${String(r.docs).padStart(13)}`);
    console.log(`\nexport: ${exportRows.toLocaleString('en')} rows (branch holds ${branchLearners.toLocaleString('en')} learners), ${parts} part calls, slowest single call ${slowestCall.toFixed(0)} ms (limit 20,000 ms)`);
    const city = rows[0];
    if (city.ms > 3000) {
      console.error(`FAIL: the city overview took ${city.ms.toFixed(0)} ms (limit 3,000 ms)`);
      process.exitCode = 1;
    }
  } finally {
    cloud.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

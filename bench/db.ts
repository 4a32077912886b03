/**
 * Database benchmark: the embedded engine measured THROUGH the real wx-server-sdk, at 10k and 1M
 * documents (BENCH_SIZES=10000,100000 to override), with @seald-io/nedb (in memory, same indexes)
 * as a reference. Setup bulk-loads through Engine#request; every measured operation goes through
 * the SDK. Each workload runs a bounded number of operations (and at most a few seconds).
 *
 *   npm run bench:db
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Datastore from '@seald-io/nedb';
import { Engine, type IndexDeclaration } from '../emulator/engine';
import { useEngine } from '../emulator/local-db';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cloud = require('wx-server-sdk');

const SIZES = (process.env.BENCH_SIZES ?? '10000,1000000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const CATS = 100;
const SCAN_MOD = 7919;
const COLL = 'bench';

const INDEXES: IndexDeclaration = {
  [COLL]: [
    { name: 'uid', keys: [{ field: 'uid', direction: 1 }], unique: true },
    { name: 'cat_score', keys: [{ field: 'cat', direction: 1 }, { field: 'score', direction: -1 }] },
  ],
};

interface BenchDoc {
  _id: string;
  uid: string;
  cat: string;
  score: number;
  scan: number;
  n: number;
  text: string;
}

function makeDoc(i: number): BenchDoc {
  return {
    _id: `d${i}`,
    uid: `u${i}`,
    cat: `c${i % CATS}`,
    score: (i * 7919) % 1000,
    scan: i % SCAN_MOD,
    n: 0,
    text: 'lorem ipsum dolor sit amet, consectetur adipiscing elit',
  };
}

let seed = 42;
function rand(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
}

function tenUids(size: number): string[] {
  return Array.from({ length: 10 }, () => `u${rand(size)}`);
}

interface Workload {
  name: string;
  ops: number;
  engine: (size: number, i: number) => Promise<unknown>;
  nedb: (size: number, i: number) => Promise<unknown>;
}

function workloads(db: any, store: Datastore): Workload[] {
  const _ = db.command;
  const col = () => db.collection(COLL);
  let inserted = 0;
  let nedbInserted = 0;
  return [
    {
      name: 'insert',
      ops: 2000,
      engine: (size) => col().add({ data: makeDoc(size + inserted++) }),
      nedb: (size) => store.insertAsync(makeDoc(size + nedbInserted++)),
    },
    {
      name: 'indexed equality find',
      ops: 2000,
      engine: (size) => col().where({ uid: `u${rand(size)}` }).get(),
      nedb: (size) => store.findAsync({ uid: `u${rand(size)}` }),
    },
    {
      name: 'indexed range+sort, limit 20',
      ops: 2000,
      engine: () => col().where({ cat: `c${rand(CATS)}`, score: _.gte(rand(1000)) }).orderBy('score', 'desc').limit(20).get(),
      nedb: () =>
        store
          .findAsync({ cat: `c${rand(CATS)}`, score: { $gte: rand(1000) } })
          .sort({ score: -1 })
          .limit(20),
    },
    {
      name: 'unindexed find (scan)',
      ops: 20,
      engine: () => col().where({ scan: rand(SCAN_MOD), n: 0 }).get(),
      nedb: () => store.findAsync({ scan: rand(SCAN_MOD), n: 0 }).limit(100),
    },
    {
      name: 'conditional update',
      ops: 2000,
      engine: (size) => col().where({ _id: `d${rand(size)}`, n: _.lt(1_000_000) }).update({ data: { n: _.inc(1) } }),
      nedb: (size) => store.updateAsync({ _id: `d${rand(size)}`, n: { $lt: 1_000_000 } }, { $inc: { n: 1 } }),
    },
    {
      // The same number of matches at every size: what an index is expected to keep flat.
      name: 'count (indexed, 10 matches)',
      ops: 2000,
      engine: (size) => col().where({ uid: _.in(tenUids(size)) }).count(),
      nedb: (size) => store.countAsync({ uid: { $in: tenUids(size) } }),
    },
    {
      // A category holds 1% of the collection: the matches, and so the work, grow with the size.
      name: 'count (indexed, 1% of docs)',
      ops: 500,
      engine: () => col().where({ cat: `c${rand(CATS)}` }).count(),
      nedb: () => store.countAsync({ cat: `c${rand(CATS)}` }),
    },
  ];
}

const MAX_MS = 4000;

async function measure(size: number, run: (size: number, i: number) => Promise<unknown>, ops: number): Promise<number> {
  await run(size, -1); // warm-up
  const start = process.hrtime.bigint();
  let done = 0;
  let elapsed = 0;
  while (done < ops) {
    await run(size, done++);
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (elapsed > MAX_MS && done >= 3) break;
  }
  return (done / elapsed) * 1000;
}

async function loadEngine(engine: Engine, size: number): Promise<void> {
  const batch = 5000;
  for (let i = 0; i < size; i += batch) {
    const data: string[] = [];
    for (let j = i; j < Math.min(size, i + batch); j++) data.push(JSON.stringify(makeDoc(j)));
    const res = await engine.request('database.insertDocument', { collectionName: COLL, data });
    if (res.code) throw new Error(res.message);
  }
}

async function loadNedb(store: Datastore, size: number): Promise<void> {
  await store.ensureIndexAsync({ fieldName: 'uid', unique: true });
  await store.ensureIndexAsync({ fieldName: 'cat' });
  await store.ensureIndexAsync({ fieldName: 'score' });
  const batch = 10000;
  for (let i = 0; i < size; i += batch) {
    const docs: BenchDoc[] = [];
    for (let j = i; j < Math.min(size, i + batch); j++) docs.push(makeDoc(j));
    await store.insertAsync(docs);
  }
}

type Results = Map<string, Map<number, { engine: number; nedb: number }>>;

async function benchSize(size: number, results: Results): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-db-'));
  try {
    const engine = new Engine({ filename: path.join(dir, 'bench.sqlite'), indexes: INDEXES });
    useEngine(engine);
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
    const db = cloud.database();
    let t = Date.now();
    await loadEngine(engine, size);
    const engineLoad = Date.now() - t;
    const store = new Datastore({ inMemoryOnly: true });
    t = Date.now();
    await loadNedb(store, size);
    const nedbLoad = Date.now() - t;
    console.log(`size ${size}: bulk load engine ${engineLoad} ms, nedb ${nedbLoad} ms`);
    for (const w of workloads(db, store)) {
      const e = await measure(size, w.engine, w.ops);
      const n = await measure(size, w.nedb, w.ops);
      if (!results.has(w.name)) results.set(w.name, new Map());
      results.get(w.name)!.set(size, { engine: e, nedb: n });
      console.log(`  ${w.name.padEnd(30)} engine ${fmt(e).padStart(9)} ops/s   nedb ${fmt(n).padStart(9)} ops/s`);
    }
    engine.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fmt(x: number): string {
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1);
}

function label(size: number): string {
  return size >= 1_000_000 && size % 1_000_000 === 0 ? `${size / 1_000_000}M` : size >= 1000 && size % 1000 === 0 ? `${size / 1000}k` : String(size);
}

function printTable(results: Results): void {
  const small = SIZES[0];
  const large = SIZES[SIZES.length - 1];
  const head = [
    'workload',
    ...SIZES.map((s) => `engine ${label(s)}`),
    ...(SIZES.length > 1 ? [`engine ${label(large)}/${label(small)} time`] : []),
    ...SIZES.map((s) => `nedb ${label(s)}`),
    ...(SIZES.length > 1 ? [`nedb ${label(large)}/${label(small)} time`] : []),
  ];
  const rows = [...results].map(([name, bySize]) => {
    const e = SIZES.map((s) => bySize.get(s)!.engine);
    const n = SIZES.map((s) => bySize.get(s)!.nedb);
    const ratio = (v: number[]) => (v[0] / v[v.length - 1]).toFixed(2) + 'x';
    return [
      name,
      ...e.map(fmt),
      ...(SIZES.length > 1 ? [ratio(e)] : []),
      ...n.map(fmt),
      ...(SIZES.length > 1 ? [ratio(n)] : []),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  console.log('\nops/s (higher is better); "time" = per-operation time at the largest size / at the smallest\n');
  console.log(line(head));
  console.log('|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
  if (SIZES.length === 0) throw new Error('BENCH_SIZES has no valid size');
  SIZES.sort((a, b) => a - b);
  const results: Results = new Map();
  for (const size of SIZES) await benchSize(size, results);
  printTable(results);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

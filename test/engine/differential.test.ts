/**
 * Differential check of the SQL pushdown: on documents with mixed types (and, in one collection,
 * arrays and nested arrays at indexed paths), indexed and unindexed queries must answer exactly
 * what mingo answers over the same documents in memory.
 */
import { EJSON } from 'bson';
import { Query } from 'mingo';
import { open, type Harness } from './helpers';

let h: Harness;
const INDEXES = [
  { name: 'a_b', keys: [{ field: 'a', direction: 1 as const }, { field: 'b', direction: -1 as const }] },
  { name: 'deep', keys: [{ field: 'o.x', direction: 1 as const }] },
];
const data: Record<string, Array<Record<string, unknown>>> = { mixed: [], flat: [] };

function valueFor(i: number, flat: boolean): unknown {
  const pick = [
    i % 7,
    `s${i % 5}`,
    null,
    undefined,
    flat ? i % 4 : [i % 7, (i + 3) % 7],
    new Date(Date.UTC(2024, 0, 1 + (i % 6))),
    i % 2 === 0,
    (i % 7) + 0.5,
    flat ? `t${i % 3}` : { nested: i % 3 },
  ];
  return pick[(i * 31) % pick.length];
}

beforeAll(async () => {
  h = open({ indexes: { mixed: INDEXES, flat: INDEXES } });
  for (const coll of ['mixed', 'flat']) {
    const flat = coll === 'flat';
    for (let i = 0; i < 400; i++) {
      const d: Record<string, unknown> = { _id: `m${String(i).padStart(3, '0')}` };
      for (const [k, v] of [
        ['a', valueFor(i, flat)],
        ['b', valueFor(i * 7 + 1, flat)],
        ['c', valueFor(i * 3 + 2, false)],
      ] as const) {
        if (v !== undefined) d[k] = v;
      }
      d.o = !flat && i % 10 === 0 ? [{ x: i % 7 }, { x: 100 }] : { x: valueFor(i * 5 + 4, true) ?? null };
      data[coll].push(d);
    }
    // in `mixed` the array-valued `o` arrives after the scalar ones
    const early = data[coll].filter((d) => !Array.isArray(d.o));
    const late = data[coll].filter((d) => Array.isArray(d.o));
    await h.db.collection(coll).add({ data: early });
    if (late.length) await h.db.collection(coll).add({ data: late });
    data[coll] = [...early, ...late]; // insertion order: ties sort the same way in mingo
  }
});
afterAll(() => h.engine.close());

const D = (day: number) => new Date(Date.UTC(2024, 0, day));
const QUERIES: Array<[string, Record<string, unknown>]> = [
  ['a eq number', { a: 3 }],
  ['a eq string', { a: 's2' }],
  ['a eq null', { a: null }],
  ['a eq true', { a: true }],
  ['a gt number', { a: { $gt: 3 } }],
  ['a range', { a: { $gte: 2, $lt: 5 } }],
  ['a string range', { a: { $gt: 's1' } }],
  ['a date range', { a: { $gte: D(3) } }],
  ['a in', { a: { $in: [1, 4, 6] } }],
  ['a eq and b range', { a: 2, b: { $gt: 1 } }],
  ['a null and b eq', { a: null, b: 3 }],
  ['b eq (second key only)', { b: 4 }],
  ['c unindexed eq', { c: 5 }],
  ['c unindexed range', { c: { $lte: 2 } }],
  ['c unindexed date', { c: { $lt: D(4) } }],
  ['c unindexed in', { c: { $in: ['s1', 's3'] } }],
  ['o.x eq', { 'o.x': 100 }],
  ['o.x range', { 'o.x': { $gte: 3 } }],
  ['mixed and', { $and: [{ a: { $gte: 1 } }, { c: { $ne: null } }] }],
];

describe.each(['mixed', 'flat'])('%s', (coll) => {
  test.each(QUERIES)('%s', async (_name, query) => {
    const expected = data[coll].filter((d) => new Query(query).test(d)).map((d) => d._id).sort();
    const q = EJSON.stringify(query, { relaxed: false });
    const got = await h.engine.request('database.getDocument', { collectionName: coll, query: q, limit: 1000 });
    expect(got.data.list.map((s: string) => JSON.parse(s)._id).sort()).toEqual(expected);
    const count = await h.engine.request('database.calculateDocument', { collectionName: coll, query: q });
    expect(count.data.total).toBe(expected.length);
  });

  test('sorted pages agree with mingo across types', async () => {
    for (const [field, dir] of [
      ['a', 1],
      ['a', -1],
      ['c', 1],
      ['o.x', -1],
    ] as Array<[string, 1 | -1]>) {
      // null and missing sort as equals: compare them as one key
      const key = (d: Record<string, any>) => JSON.stringify((field === 'o.x' ? (Array.isArray(d.o) ? d.o : d.o?.x) : d[field]) ?? null);
      const expected = (new Query({}).find(data[coll]).sort({ [field]: dir }).all() as Array<Record<string, any>>).map(key);
      const res = await h.db.collection(coll).orderBy(field, dir === 1 ? 'asc' : 'desc').limit(1000).get();
      expect(res.data.map(key)).toEqual(expected);
    }
    const top = await h.db.collection(coll).where({ a: h._.gte(2) }).orderBy('a', 'desc').skip(3).limit(7).get();
    const all = (new Query({ a: { $gte: 2 } }).find(data[coll]).sort({ a: -1 }).all() as Array<Record<string, any>>).map((d) => JSON.stringify(d.a));
    expect(top.data.map((d: { a: unknown }) => JSON.stringify(d.a))).toEqual(all.slice(3, 10));
  });
});

test('the flat collection really uses its indexes, the mixed one cannot', () => {
  expect(h.engine.explain('flat', { a: 2, b: { $gt: 1 } }).index).toBe('a_b');
  expect(h.engine.explain('flat', {}, { a: -1 }).sortSatisfied).toBe(true);
  expect(h.engine.explain('flat', { 'o.x': 3 }).index).toBe('deep');
  expect(h.engine.explain('mixed', { a: 2 }).index).toBeUndefined();
  expect(h.engine.explain('mixed', { 'o.x': 3 }).index).toBeUndefined();
});

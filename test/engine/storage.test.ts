/** Storage: restart persistence, declared indexes (EXPLAIN QUERY PLAN, docsExamined), pushdown safety. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runInInvocation, type Invocation } from '../../emulator/invocation';
import { Engine, loadIndexDeclaration, parseIndexDeclaration, type IndexDeclaration } from '../../emulator/engine';
import { open, ids } from './helpers';

const INDEXES: IndexDeclaration = {
  items: [
    { name: 'cat_price', keys: [{ field: 'cat', direction: 1 }, { field: 'price', direction: -1 }] },
    { name: 'created', keys: [{ field: 'meta.created', direction: -1 }] },
    { name: 'tag', keys: [{ field: 'tag', direction: 1 }] },
    { name: 'sku', keys: [{ field: 'sku', direction: 1 }], unique: true },
  ],
};

async function measured<T = any>(fn: () => Promise<T>): Promise<{ result: T; inv: Invocation }> {
  const inv: Invocation = { functionName: 'test', reads: 0, writes: 0, docsExamined: 0 };
  const result = await runInInvocation(inv, fn);
  return { result, inv };
}

describe('indexes on 5,000 documents', () => {
  let h: ReturnType<typeof open>;
  const base = Date.UTC(2024, 0, 1);
  beforeAll(async () => {
    h = open({ indexes: INDEXES });
    const docs = Array.from({ length: 5000 }, (_, i) => ({
      _id: `i${String(i).padStart(5, '0')}`,
      sku: `s${i}`,
      cat: `c${i % 50}`,
      price: i % 97,
      plain: i % 50,
      tag: `t${i % 10}`,
      meta: { created: new Date(base + i * 60_000) },
    }));
    for (let i = 0; i < docs.length; i += 1000) await h.db.collection('items').add({ data: docs.slice(i, i + 1000) });
  });
  afterAll(() => h.engine.close());

  test('EXPLAIN QUERY PLAN: indexed equality and indexed range + sort search the index', () => {
    const eq = h.engine.explain('items', { cat: 'c7' });
    expect(eq.index).toBe('cat_price');
    expect(eq.queryPlan.join('\n')).toMatch(/SEARCH c_items USING INDEX ix__items__cat_price/);
    expect(eq.queryPlan.join('\n')).not.toMatch(/SCAN|TEMP B-TREE/);

    const range = h.engine.explain('items', { cat: 'c7', price: { $gte: 10, $lt: 60 } }, { price: -1 });
    expect(range.queryPlan.join('\n')).toMatch(/SEARCH c_items USING INDEX ix__items__cat_price/);
    expect(range.queryPlan.join('\n')).not.toMatch(/SCAN|TEMP B-TREE/);
    expect(range.sortSatisfied).toBe(true);

    const reverse = h.engine.explain('items', { cat: 'c7' }, { price: 1 });
    expect(reverse.sortSatisfied).toBe(true);
    expect(reverse.queryPlan.join('\n')).not.toMatch(/TEMP B-TREE/);

    const dates = h.engine.explain('items', { 'meta.created': { $gte: new Date(base) } }, { 'meta.created': -1 });
    expect(dates.queryPlan.join('\n')).toMatch(/SEARCH c_items USING INDEX ix__items__created/);
    expect(dates.queryPlan.join('\n')).not.toMatch(/TEMP B-TREE/);

    expect(h.engine.explain('items', { _id: 'i00001' }).queryPlan.join('\n')).toMatch(/USING INDEX sqlite_autoindex|PRIMARY KEY/);
    expect(h.engine.explain('items', { plain: 7 }).queryPlan.join('\n')).toMatch(/SCAN c_items/);
  });

  test('an indexed query examines few documents, an unindexed one scans', async () => {
    const _ = h._;
    const indexed = await measured<any>(() => h.db.collection('items').where({ cat: 'c7', price: _.gte(10) }).orderBy('price', 'desc').limit(5).get());
    const scan = await measured<any>(() => h.db.collection('items').where({ plain: 7, price: _.gte(10) }).orderBy('price', 'desc').limit(5).get());
    expect(indexed.inv.reads).toBe(1);
    expect(indexed.inv.docsExamined).toBeLessThanOrEqual(5);
    expect(scan.inv.docsExamined).toBe(5000);
    // same answers
    const strip = (r: any) => r.data.map((d: any) => d.price);
    expect(strip(indexed.result)).toEqual(strip(scan.result));
    expect(strip(indexed.result)).toHaveLength(5);
    expect(strip(indexed.result)).toEqual([...strip(indexed.result)].sort((a: number, b: number) => b - a));
    // sort on an index streams and stops early even without a filter on it
    const latest = await measured<any>(() => h.db.collection('items').orderBy('meta.created', 'desc').limit(3).get());
    expect(ids(latest.result)).toEqual(['i04999', 'i04998', 'i04997']);
    expect(latest.inv.docsExamined).toBe(3);
    // indexed count does not parse documents
    const count = await measured<any>(() => h.db.collection('items').where({ cat: 'c3' }).count());
    expect(count.result.total).toBe(100);
    expect(count.inv.docsExamined).toBe(0);
  });

  test('indexed and scanned answers agree', async () => {
    const _ = h._;
    const viaIndex = await h.db.collection('items').where({ cat: 'c7', price: _.gte(10).and(_.lt(60)) }).orderBy('price', 'desc').limit(1000).get();
    const viaScan = await h.db.collection('items').where({ plain: 7, price: _.gte(10).and(_.lt(60)) }).orderBy('price', 'desc').limit(1000).get();
    expect(viaIndex.data.length).toBeGreaterThan(0);
    expect(viaIndex.data.map((d: any) => d.price)).toEqual(viaScan.data.map((d: any) => d.price));
    const inList = await h.db.collection('items').where({ tag: _.in(['t1', 't2']) }).count();
    expect(inList.total).toBe(1000);
  });

  test('a unique index rejects duplicates with E11000', async () => {
    await expect(h.db.collection('items').add({ data: { sku: 's1' } })).rejects.toMatchObject({
      errMsg: expect.stringContaining('E11000 duplicate key error collection: items index: sku'),
    });
  });

  test('an array at an indexed path disables pushdown so matches are not lost', async () => {
    await h.db.collection('items').add({ data: { _id: 'arr', tag: ['t3', 'special'], cat: 'zz', price: 1 } });
    expect(ids(await h.db.collection('items').where({ tag: 'special' }).get())).toEqual(['arr']);
    expect((await h.db.collection('items').where({ tag: 't3' }).count()).total).toBe(501);
    expect(h.engine.explain('items', { tag: 'special' }).index).toBeUndefined();
    // other indexes still work
    expect(h.engine.explain('items', { cat: 'zz' }).index).toBe('cat_price');
  });
});

test('mixed types at an indexed path follow MongoDB type order and brackets', async () => {
  const h = open({ indexes: { mix: [{ name: 'v', keys: [{ field: 'v', direction: 1 }] }] } });
  await h.db.collection('mix').add({
    data: [
      { _id: 'n1', v: 1 },
      { _id: 'n2', v: 2.5 },
      { _id: 's', v: 'a' },
      { _id: 'null', v: null },
      { _id: 'missing' },
      { _id: 'bool', v: true },
      { _id: 'date', v: new Date(5) },
    ],
  });
  expect(ids(await h.db.collection('mix').orderBy('v', 'asc').get())).toEqual(['null', 'missing', 'n1', 'n2', 's', 'bool', 'date']);
  expect(ids(await h.db.collection('mix').where({ v: h._.gt(0) }).get())).toEqual(['n1', 'n2']);
  expect(ids(await h.db.collection('mix').where({ v: null }).get()).sort()).toEqual(['missing', 'null']);
  expect(ids(await h.db.collection('mix').where({ v: true }).get())).toEqual(['bool']);
  expect(ids(await h.db.collection('mix').where({ v: 1 }).get())).toEqual(['n1']);
  expect(ids(await h.db.collection('mix').where({ v: h._.lt(new Date(10)) }).get())).toEqual(['date']);
  h.engine.close();
});

test('restart persistence with a temp file, and indexes declared later', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'engine-'));
  const file = path.join(dir, 'db.sqlite');
  try {
    let h = open({ filename: file });
    await h.db.createCollection('p');
    await h.db.collection('p').add({ data: [{ _id: 'k', at: new Date(7), tags: ['x'] }, { _id: 'j', tags: 'y' }] });
    await h.db.collection('p').doc('k').update({ data: { n: 1 } });
    h.engine.close();

    h = open({ filename: file, indexes: { p: [{ name: 'tags', keys: [{ field: 'tags', direction: 1 }] }] } });
    expect(h.engine.collectionNames()).toEqual(['p']);
    const { data } = await h.db.collection('p').doc('k').get();
    expect(data).toEqual({ _id: 'k', at: new Date(7), tags: ['x'], n: 1 });
    // the existing array at `tags` was found when the index was created: no unsafe pushdown
    expect(h.engine.explain('p', { tags: 'x' }).index).toBeUndefined();
    expect(ids(await h.db.collection('p').where({ tags: 'x' }).get())).toEqual(['k']);
    h.engine.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('index declaration file', () => {
  expect(loadIndexDeclaration()).toEqual(expect.any(Object));
  expect(parseIndexDeclaration({ collections: {} })).toEqual({});
  expect(
    parseIndexDeclaration({ collections: { a: { indexes: [{ name: 'x', keys: [{ field: 'b.c', direction: -1 }] }] } } }),
  ).toEqual({ a: [{ name: 'x', keys: [{ field: 'b.c', direction: -1 }], unique: false }] });
  expect(() => parseIndexDeclaration({ collections: { 'bad name': { indexes: [] } } })).toThrow();
  expect(() => parseIndexDeclaration({ collections: { a: { indexes: [{ name: 'x', keys: [{ field: "o'k", direction: 1 }] }] } } })).toThrow();
  expect(() => parseIndexDeclaration({})).toThrow();
});

test('engine requests count reads and writes on the invocation', async () => {
  const engine = new Engine({ filename: ':memory:', indexes: { c: [] } });
  const { inv } = await measured(async () => {
    await engine.request('database.insertDocument', { collectionName: 'c', data: ['{"a":1}', '{"a":2}'] });
    await engine.request('database.getDocument', { collectionName: 'c', query: '{}' });
    await engine.request('database.calculateDocument', { collectionName: 'c', query: '{"a":1}' });
    await engine.request('database.modifyDocument', { collectionName: 'c', query: '{"a":1}', data: '{"$set":{"b":1}}', multi: true });
  });
  expect(inv).toMatchObject({ reads: 2, writes: 2 });
  expect(inv.docsExamined).toBeGreaterThan(0);
  engine.close();
});

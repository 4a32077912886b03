/** Write conformance: insert, update operators, set vs update, upsert, remove, atomic guards. */
import { open, type Harness } from './helpers';

let h: Harness;
beforeEach(() => {
  h = open({ collections: ['t'] });
});
afterEach(() => h.engine.close());

const get = async (coll: string, id: string) => (await h.db.collection(coll).doc(id).get()).data;

test('add generates a 32-hex _id and keeps a given one', async () => {
  const { _id } = await h.db.collection('t').add({ data: { a: 1 } });
  expect(_id).toMatch(/^[0-9a-f]{32}$/);
  const r = await h.db.collection('t').add({ data: { _id: 'mine', a: 2 } });
  expect(r._id).toBe('mine');
  expect(h.engine.collectionNames()).toEqual(['t']);
});

test('duplicate _id fails with E11000 and a multi-document insert is all-or-nothing', async () => {
  await h.db.collection('t').add({ data: { _id: 'x', a: 1 } });
  await expect(h.db.collection('t').add({ data: { _id: 'x', a: 2 } })).rejects.toMatchObject({
    errMsg: expect.stringContaining('E11000 duplicate key error'),
  });
  await expect(h.db.collection('t').add({ data: [{ _id: 'y' }, { _id: 'x' }] })).rejects.toMatchObject({
    errMsg: expect.stringContaining('E11000'),
  });
  expect((await h.db.collection('t').count()).total).toBe(1);
  expect(await get('t', 'x')).toEqual({ _id: 'x', a: 1 });
});

test('every update operator', async () => {
  const _ = h._;
  await h.db.collection('t').add({
    data: { _id: 'u', n: 5, m: 3, gone: 1, arr: [1, 2, 3], set: ['a'], low: 10, high: 10, old: 'v', o: { p: 1, q: 2 }, list: [1, 2, 2, 3] },
  });
  await h.db.collection('t').doc('u').update({
    data: {
      n: _.inc(2),
      m: _.mul(4),
      gone: _.remove(),
      set: _.addToSet('b'),
      low: _.min(3),
      high: _.max(30),
      old: _.rename('renamed'),
      'o.p': 9,
      fresh: { deep: true },
    },
  });
  expect(await get('t', 'u')).toEqual({
    _id: 'u',
    n: 7,
    m: 12,
    arr: [1, 2, 3],
    set: ['a', 'b'],
    low: 3,
    high: 30,
    renamed: 'v',
    o: { p: 9, q: 2 },
    list: [1, 2, 2, 3],
    fresh: { deep: true },
  });
  await h.db.collection('t').doc('u').update({ data: { arr: _.push(4, 5), set: _.addToSet('a'), list: _.pull(2) } });
  expect(await get('t', 'u')).toMatchObject({ arr: [1, 2, 3, 4, 5], set: ['a', 'b'], list: [1, 3] });
  await h.db.collection('t').doc('u').update({ data: { arr: _.pop() } });
  await h.db.collection('t').doc('u').update({ data: { arr: _.shift() } });
  expect((await get('t', 'u')).arr).toEqual([2, 3, 4]);
  await h.db.collection('t').doc('u').update({ data: { arr: _.unshift(0, 1), list: _.pullAll([1, 3]) } });
  expect(await get('t', 'u')).toMatchObject({ arr: [0, 1, 2, 3, 4], list: [] });
  await h.db.collection('t').doc('u').update({ data: { arr: _.push({ each: [9], position: 1, slice: 4 }) } });
  expect((await get('t', 'u')).arr).toEqual([0, 9, 1, 2]);
  await h.db.collection('t').doc('u').update({ data: { o: _.set({ only: 1 }) } });
  expect((await get('t', 'u')).o).toEqual({ only: 1 });
});

test('positional update of the matched array element', async () => {
  await h.db.collection('t').add({ data: { _id: 'p', arr: [{ k: 1, v: 'a' }, { k: 2, v: 'b' }] } });
  await h.db.collection('t').where({ _id: 'p', 'arr.k': 2 }).update({ data: { 'arr.$.v': 'z' } });
  expect((await get('t', 'p')).arr).toEqual([{ k: 1, v: 'a' }, { k: 2, v: 'z' }]);
});

test('set replaces, update merges, set upserts a missing doc', async () => {
  await h.db.collection('t').add({ data: { _id: 's', a: 1, b: 2 } });
  await h.db.collection('t').doc('s').update({ data: { c: 3 } });
  expect(await get('t', 's')).toEqual({ _id: 's', a: 1, b: 2, c: 3 });
  const set = await h.db.collection('t').doc('s').set({ data: { z: 26 } });
  expect(set.stats).toEqual({ updated: 1, created: 0 });
  expect(await get('t', 's')).toEqual({ _id: 's', z: 26 });
  const up = await h.db.collection('t').doc('new').set({ data: { fresh: true } });
  expect(up.stats).toEqual({ updated: 0, created: 1 });
  expect(await get('t', 'new')).toEqual({ _id: 'new', fresh: true });
  const miss = await h.db.collection('t').doc('absent').update({ data: { a: 1 } });
  expect(miss.stats.updated).toBe(0);
  await expect(h.db.collection('t').doc('absent').get()).rejects.toBeDefined();
});

test('serverDate in inserts and updates, with offset', async () => {
  const before = Date.now();
  await h.db.collection('t').add({ data: { _id: 'd', at: h.db.serverDate(), later: h.db.serverDate({ offset: 60_000 }) } });
  await h.db.collection('t').doc('d').update({ data: { touched: h.db.serverDate() } });
  const doc = await get('t', 'd');
  for (const k of ['at', 'touched']) {
    expect(doc[k]).toBeInstanceOf(Date);
    expect(doc[k].getTime()).toBeGreaterThanOrEqual(before);
    expect(doc[k].getTime()).toBeLessThanOrEqual(Date.now());
  }
  expect(doc.later.getTime() - doc.at.getTime()).toBe(60_000);
});

test('where().update() and remove() report counts; multi and single', async () => {
  await h.db.collection('t').add({ data: [{ g: 1 }, { g: 1 }, { g: 2 }] });
  const r = await h.db.collection('t').where({ g: 1 }).update({ data: { hit: true } });
  expect(r.stats.updated).toBe(2);
  const again = await h.db.collection('t').where({ g: 1 }).update({ data: { hit: true } });
  expect(again.stats.updated).toBe(0); // MongoDB modifiedCount: nothing changed
  const rm = await h.db.collection('t').where({ g: 1 }).remove();
  expect(rm.stats.removed).toBe(2);
  await h.db.collection('t').add({ data: { _id: 'solo' } });
  expect((await h.db.collection('t').doc('solo').remove()).stats.removed).toBe(1);
  expect((await h.db.collection('t').doc('solo').remove()).stats.removed).toBe(0);
  expect((await h.db.collection('t').count()).total).toBe(1);
});

test('200 concurrent guarded increments stop exactly at 50', async () => {
  const _ = h._;
  await h.db.collection('t').add({ data: { _id: 'x', n: 0 } });
  const results = await Promise.all(
    Array.from({ length: 200 }, () => h.db.collection('t').where({ _id: 'x', n: _.lt(50) }).update({ data: { n: _.inc(1) } })),
  );
  expect(results.filter((r: any) => r.stats.updated === 1)).toHaveLength(50);
  expect(results.filter((r: any) => r.stats.updated === 0)).toHaveLength(150);
  expect((await get('t', 'x')).n).toBe(50);
});

test('updateAndReturn gives the new document', async () => {
  await h.db.collection('t').add({ data: { _id: 'r', n: 1 } });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's own copy, resolved from node-sdk
  const { Db } = require(require.resolve('@cloudbase/database', { paths: [require.resolve('@cloudbase/node-sdk')] }));
  const raw = new Db({});
  const res = await raw.collection('t').where({ _id: 'r' }).updateAndReturn({ n: h._.inc(5) });
  expect(res.updated).toBe(1);
  expect(res.doc).toEqual({ _id: 'r', n: 6 });
});

test('createCollection twice fails like CloudBase', async () => {
  await h.db.createCollection('fresh');
  expect(h.engine.collectionNames()).toContain('fresh');
  await expect(h.db.createCollection('fresh')).rejects.toMatchObject({ errMsg: expect.stringContaining('already exists') });
});

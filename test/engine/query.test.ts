/** Query conformance through the real wx-server-sdk: operators, nested fields, order, paging. */
import { open, ids, type Harness } from './helpers';

let h: Harness;
const D1 = new Date('2024-01-01T00:00:00Z');
const D2 = new Date('2024-02-01T00:00:00Z');

beforeAll(async () => {
  h = open({ collections: ['fruit', 'many'] });
  await h.db.collection('fruit').add({
    data: [
      { _id: 'a', n: 1, s: 'apple', tags: ['x', 'y'], nested: { v: 10, w: 'p' }, arr: [{ k: 1, v: 'a' }, { k: 2, v: 'b' }], flag: true, d: D1 },
      { _id: 'b', n: 2, s: 'banana', tags: ['y'], nested: { v: 20 }, arr: [{ k: 3, v: 'c' }], flag: false, d: D2 },
      { _id: 'c', n: 3, s: 'cherry', tags: [], nested: { v: 30, w: 'q' }, flag: null },
      { _id: 'd', n: 4, s: 'date', tags: ['x', 'y', 'z'], extra: 1 },
      { _id: 'e', n: 5.5, s: 'Elder', nested: { v: 20 } },
    ],
  });
});
afterAll(() => h.engine.close());

async function where(q: unknown): Promise<string[]> {
  return ids(await h.db.collection('fruit').where(q).orderBy('_id', 'asc').get()).sort();
}

test('comparison operators', async () => {
  const _ = h._;
  expect(await where({ n: _.eq(2) })).toEqual(['b']);
  expect(await where({ s: 'apple' })).toEqual(['a']);
  expect(await where({ n: _.neq(2) })).toEqual(['a', 'c', 'd', 'e']);
  expect(await where({ n: _.lt(3) })).toEqual(['a', 'b']);
  expect(await where({ n: _.lte(3) })).toEqual(['a', 'b', 'c']);
  expect(await where({ n: _.gt(3) })).toEqual(['d', 'e']);
  expect(await where({ n: _.gte(3) })).toEqual(['c', 'd', 'e']);
  expect(await where({ n: _.in([1, 4, 9]) })).toEqual(['a', 'd']);
  expect(await where({ n: _.nin([1, 4]) })).toEqual(['b', 'c', 'e']);
  expect(await where({ d: _.gt(new Date('2024-01-15T00:00:00Z')) })).toEqual(['b']);
  expect(await where({ flag: null })).toEqual(['c', 'd', 'e']);
  expect(await where({ flag: false })).toEqual(['b']);
});

test('logical operators', async () => {
  const _ = h._;
  expect(await where({ n: _.and(_.gt(1), _.lt(4)) })).toEqual(['b', 'c']);
  expect(await where({ n: _.gt(1).and(_.lt(4)) })).toEqual(['b', 'c']);
  expect(await where(_.and([{ n: _.gt(1) }, { s: 'date' }]))).toEqual(['d']);
  expect(await where(_.or([{ n: 1 }, { s: 'date' }]))).toEqual(['a', 'd']);
  expect(await where({ n: _.or(_.lt(2), _.gt(4)) })).toEqual(['a', 'e']);
  expect(await where(_.nor([{ n: 1 }, { n: 2 }]))).toEqual(['c', 'd', 'e']);
  expect(await where({ n: _.not(_.gt(2)) })).toEqual(['a', 'b']);
});

test('element and array operators', async () => {
  const _ = h._;
  expect(await where({ extra: _.exists(true) })).toEqual(['d']);
  expect(await where({ nested: _.exists(false) })).toEqual(['d']);
  expect(await where({ tags: _.size(2) })).toEqual(['a']);
  expect(await where({ tags: _.all(['x', 'y']) })).toEqual(['a', 'd']);
  expect(await where({ arr: _.elemMatch({ k: _.gt(1), v: 'c' }) })).toEqual(['b']);
  expect(await where({ n: _.mod(2, 0) })).toEqual(['b', 'd']);
  expect(await where({ tags: 'z' })).toEqual(['d']);
  expect(await where({ 'arr.k': 2 })).toEqual(['a']);
});

test('nested fields: dotted paths and nested objects', async () => {
  const _ = h._;
  expect(await where({ 'nested.v': 20 })).toEqual(['b', 'e']);
  expect(await where({ nested: { v: _.gt(15) } })).toEqual(['b', 'c', 'e']);
  expect(await where({ nested: { v: 30, w: 'q' } })).toEqual(['c']);
});

test('regular expressions: db.RegExp and native', async () => {
  expect(await where({ s: h.db.RegExp({ regexp: '^e', options: 'i' }) })).toEqual(['e']);
  expect(await where({ s: h.db.RegExp({ regexp: '^e' }) })).toEqual([]);
  expect(await where({ s: /an/ })).toEqual(['b']);
});

test('orderBy on several fields, skip, limit', async () => {
  const res = await h.db.collection('fruit').orderBy('nested.v', 'desc').orderBy('n', 'asc').get();
  expect(ids(res)).toEqual(['c', 'b', 'e', 'a', 'd']);
  const page = await h.db.collection('fruit').orderBy('n', 'desc').skip(1).limit(2).get();
  expect(ids(page)).toEqual(['d', 'c']);
});

test('field projection', async () => {
  const inc = await h.db.collection('fruit').doc('a').field({ s: true, 'nested.v': true }).get();
  expect(inc.data).toEqual({ _id: 'a', s: 'apple', nested: { v: 10 } });
  const exc = await h.db.collection('fruit').where({ _id: 'b' }).field({ tags: false, arr: false, d: false }).get();
  expect(exc.data).toEqual([{ _id: 'b', n: 2, s: 'banana', nested: { v: 20 }, flag: false }]);
});

test('count', async () => {
  expect((await h.db.collection('fruit').count()).total).toBe(5);
  expect((await h.db.collection('fruit').where({ n: h._.gt(2) }).count()).total).toBe(3);
  await expect(h.db.collection('nothing_here').count()).rejects.toMatchObject({ errCode: -502005 });
});

test('Dates come back as Date objects', async () => {
  const { data } = await h.db.collection('fruit').doc('a').get();
  expect(data.d).toBeInstanceOf(Date);
  expect(data.d.getTime()).toBe(D1.getTime());
});

test('missing documents and collections', async () => {
  await expect(h.db.collection('fruit').doc('zzz').get()).rejects.toMatchObject({
    errMsg: expect.stringContaining('document with _id zzz does not exist'),
  });
  await expect(h.db.collection('ghost').where({ a: 1 }).get()).rejects.toMatchObject({ errCode: -502005 });
  expect(h.engine.collectionNames()).not.toContain('ghost');
});

test('limit defaults to 100 and is capped at 1000', async () => {
  const docs = Array.from({ length: 1200 }, (_, i) => ({ i }));
  for (let i = 0; i < docs.length; i += 400) await h.db.collection('many').add({ data: docs.slice(i, i + 400) });
  expect((await h.db.collection('many').get()).data).toHaveLength(100);
  expect((await h.db.collection('many').limit(5000).get()).data).toHaveLength(1000);
  const direct = await h.engine.request('database.getDocument', { collectionName: 'many', queryType: 'WHERE', limit: 5000 });
  expect(direct.data.list).toHaveLength(1000);
  const tail = await h.db.collection('many').orderBy('i', 'asc').skip(1150).limit(100).get();
  expect(tail.data.map((d: { i: number }) => d.i)).toEqual(Array.from({ length: 50 }, (_, k) => 1150 + k));
});

test('serverDate inside a query', async () => {
  const res = await h.db.collection('fruit').where({ d: h._.lt(h.db.serverDate()) }).get();
  expect(ids(res).sort()).toEqual(['a', 'b']);
});

test('an unknown collection name is rejected', async () => {
  await expect(h.db.collection('bad name!').get()).rejects.toMatchObject({ errMsg: expect.stringContaining('invalid collection name') });
});

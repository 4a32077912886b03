/** The engine's clock option: every time the database takes comes from it. */
import { open, type Harness } from './helpers';

const T0 = Date.UTC(2031, 4, 6, 1, 2, 3);
let at = T0;
let h: Harness;
beforeEach(async () => {
  at = T0;
  h = open({ collections: ['c'], now: () => at });
  await h.db.collection('c').add({ data: { _id: 'seed' } });
});
afterEach(() => h.engine.close());

test('db.serverDate() in inserts, updates and queries is the engine clock', async () => {
  await h.db.collection('c').add({ data: { _id: 'a', at: h.db.serverDate(), later: h.db.serverDate({ offset: 60_000 }) } });
  let a = (await h.db.collection('c').doc('a').get()).data;
  expect(a.at.getTime()).toBe(T0);
  expect(a.later.getTime()).toBe(T0 + 60_000);

  at = T0 + 3_600_000;
  await h.db.collection('c').doc('a').update({ data: { touched: h.db.serverDate() } });
  a = (await h.db.collection('c').doc('a').get()).data;
  expect(a.touched.getTime()).toBe(T0 + 3_600_000);

  const before = await h.db.collection('c').where({ at: h._.lt(h.db.serverDate()) }).count();
  expect(before.total).toBe(1);
  at = T0 - 1;
  const none = await h.db.collection('c').where({ at: h._.lt(h.db.serverDate()) }).count();
  expect(none.total).toBe(0);
});

test('$$NOW in aggregation and $expr is the engine clock', async () => {
  const r = await h.engine.request('database.aggregateDocuments', {
    collectionName: 'c',
    stages: [
      { stageKey: '$match', stageValue: JSON.stringify({ $expr: { $lt: [{ $toLong: '$$NOW' }, T0 + 1] } }) },
      { stageKey: '$project', stageValue: JSON.stringify({ now: '$$NOW', text: { $literal: '$$NOW' } }) },
    ],
  });
  expect(r.code).toBeUndefined();
  const docs = r.data.list.map((s: string) => JSON.parse(s));
  expect(docs).toEqual([{ _id: 'seed', now: { $date: { $numberLong: String(T0) } }, text: '$$NOW' }]);
  at = T0 + 1;
  const later = await h.engine.request('database.aggregateDocuments', {
    collectionName: 'c',
    stages: [{ stageKey: '$match', stageValue: JSON.stringify({ $expr: { $lt: [{ $toLong: '$$NOW' }, T0 + 1] } }) }],
  });
  expect(later.data.list).toEqual([]);
});

test('transaction idle time is measured on the engine clock', async () => {
  const t = await h.db.startTransaction();
  await t.collection('c').doc('seed').update({ data: { x: 1 } });
  at += 60_000;
  await expect(t.commit()).rejects.toBeDefined();
  expect((await h.db.collection('c').doc('seed').get()).data.x).toBeUndefined();
});

/** Collections exist only once created (declared at start, db.createCollection, addCollection), as in CloudBase. */
import { Engine } from '../../emulator/engine';
import { open, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = open({ indexes: { declared: [{ name: 'n', keys: [{ field: 'n', direction: 1 }] }] }, collections: ['plain'] });
});
afterEach(() => h.engine.close());

const NOT_EXIST = { errCode: -502005, errMsg: expect.stringContaining('[ResourceNotFound] Db or Table not exist') };

test('declared collections exist from the start and are empty', async () => {
  expect(h.engine.collectionNames()).toEqual(['declared', 'plain']);
  expect((await h.db.collection('declared').count()).total).toBe(0);
  expect((await h.db.collection('plain').get()).data).toEqual([]);
});

test('every read and write of a collection never created fails with DATABASE_COLLECTION_NOT_EXIST', async () => {
  const c = h.db.collection('secretName');
  const attempts: Array<[string, () => Promise<unknown>]> = [
    ['get', () => c.get()],
    ['where.get', () => c.where({ a: 1 }).get()],
    ['doc.get', () => c.doc('x').get()],
    ['count', () => c.count()],
    ['aggregate', () => c.aggregate().group({ _id: null, n: h._.aggregate.sum(1) }).end()],
    ['add', () => c.add({ data: { a: 1 } })],
    ['add many', () => c.add({ data: [{ a: 1 }, { a: 2 }] })],
    ['where.update', () => c.where({ a: 1 }).update({ data: { b: 1 } })],
    ['doc.update', () => c.doc('x').update({ data: { b: 1 } })],
    ['doc.set (upsert)', () => c.doc('x').set({ data: { b: 1 } })],
    ['where.remove', () => c.where({ a: 1 }).remove()],
    ['doc.remove', () => c.doc('x').remove()],
  ];
  for (const [what, run] of attempts) {
    const err = await run().then(
      () => undefined,
      (e: unknown) => e as { errCode?: number; errMsg?: string },
    );
    expect({ what, err }).toEqual({ what, err: expect.objectContaining(NOT_EXIST) });
    expect(err?.errMsg).not.toContain('secretName');
  }
  expect(h.engine.collectionNames()).not.toContain('secretName');
});

test('transactions refuse collections never created, reads and writes alike', async () => {
  const ops: Array<(t: any) => Promise<unknown>> = [
    (t) => t.collection('ghost').doc('x').get(),
    (t) => t.collection('ghost').add({ data: { _id: 'x', a: 1 } }),
    (t) => t.collection('ghost').doc('x').set({ data: { a: 1 } }),
    (t) => t.collection('ghost').doc('x').update({ data: { a: 1 } }),
    (t) => t.collection('ghost').doc('x').remove(),
  ];
  for (const op of ops) {
    const t = await h.db.startTransaction();
    await expect(op(t)).rejects.toMatchObject({ errCode: -502005 });
    await t.rollback();
  }
  const e = h.engine;
  const { transactionId } = await e.request('database.startTransaction', {});
  for (const action of ['getInTransaction', 'updateDocInTransaction', 'deleteDocInTransaction']) {
    const r = await e.request(`database.${action}`, { collectionName: 'ghost', transactionId, _id: 'x', data: '{"$set":{"a":1}}' });
    expect(r.code).toBe('DATABASE_COLLECTION_NOT_EXIST');
  }
  expect(h.engine.collectionNames()).not.toContain('ghost');
});

test('db.createCollection makes a collection usable; creating it twice fails', async () => {
  await expect(h.db.collection('fresh').add({ data: { _id: 'a' } })).rejects.toMatchObject({ errCode: -502005 });
  await h.db.createCollection('fresh');
  await h.db.collection('fresh').add({ data: { _id: 'a', n: 1 } });
  expect((await h.db.collection('fresh').doc('a').get()).data).toEqual({ _id: 'a', n: 1 });
  await expect(h.db.createCollection('fresh')).rejects.toBeDefined();
  await expect(h.db.createCollection('declared')).rejects.toBeDefined();
  await h.db.runTransaction(async (t: any) => {
    await t.collection('fresh').doc('b').set({ data: { n: 2 } });
  });
  expect((await h.db.collection('fresh').count()).total).toBe(2);
});

test('the addCollection action, as the SDK sends it', async () => {
  const e = new Engine({ filename: ':memory:', indexes: {} });
  expect((await e.request('database.getDocument', { collectionName: 'k', query: '{}' })).code).toBe('DATABASE_COLLECTION_NOT_EXIST');
  expect((await e.request('database.addCollection', { collectionName: 'k' })).code).toBeUndefined();
  expect((await e.request('database.getDocument', { collectionName: 'k', query: '{}' })).data.list).toEqual([]);
  expect((await e.request('database.addCollection', { collectionName: 'k' })).code).toBe('DATABASE_COLLECTION_ALREADY_EXIST');
  e.close();
});

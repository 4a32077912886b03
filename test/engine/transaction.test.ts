/** Transactions: commit, abort-on-throw, conflicts, expiry, the legacy API. */
import { Engine } from '../../emulator/engine';
import { open, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = open({ collections: ['acct', 'log'] });
  await h.db.collection('acct').add({ data: [{ _id: 'a', bal: 100 }, { _id: 'b', bal: 0 }] });
});
afterEach(() => h.engine.close());

const bal = async (id: string) => (await h.db.collection('acct').doc(id).get()).data.bal;

test('runTransaction commits every write at once', async () => {
  const out = await h.db.runTransaction(async (t: any) => {
    const a = (await t.collection('acct').doc('a').get()).data;
    await t.collection('acct').doc('a').update({ data: { bal: a.bal - 30 } });
    await t.collection('acct').doc('b').update({ data: { bal: h._.inc(30) } });
    await t.collection('acct').doc('c').set({ data: { bal: 1 } });
    await t.collection('log').add({ data: { _id: 'l1', what: 'move' } });
    // reads see the transaction's own writes; the outside does not yet
    expect((await t.collection('acct').doc('a').get()).data.bal).toBe(70);
    expect(await bal('a')).toBe(100);
    return 'done';
  });
  expect(out).toBe('done');
  expect(await bal('a')).toBe(70);
  expect(await bal('b')).toBe(30);
  expect(await bal('c')).toBe(1);
  expect((await h.db.collection('log').doc('l1').get()).data.what).toBe('move');
});

test('a throw inside runTransaction leaves no trace', async () => {
  await expect(
    h.db.runTransaction(async (t: any) => {
      await t.collection('acct').doc('a').update({ data: { bal: 0 } });
      await t.collection('acct').doc('z').set({ data: { bal: 5 } });
      await t.collection('acct').doc('b').remove();
      throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
  expect(await bal('a')).toBe(100);
  expect(await bal('b')).toBe(0);
  await expect(h.db.collection('acct').doc('z').get()).rejects.toBeDefined();
  // nothing is held: a new transaction may write the same documents
  await h.db.runTransaction(async (t: any) => {
    await t.collection('acct').doc('a').update({ data: { bal: 1 } });
  });
  expect(await bal('a')).toBe(1);
});

test('rollback with a reason rejects with that reason', async () => {
  await expect(
    h.db.runTransaction(async (t: any) => {
      await t.collection('acct').doc('a').update({ data: { bal: 0 } });
      await t.rollback('not enough');
    }),
  ).rejects.toBe('not enough');
  expect(await bal('a')).toBe(100);
});

test('two concurrent transactions on one document conflict; runTransaction retries on commit conflict', async () => {
  const t1 = await h.db.startTransaction();
  const t2 = await h.db.startTransaction();
  await t1.collection('acct').doc('a').update({ data: { bal: 1 } });
  await expect(t2.collection('acct').doc('a').update({ data: { bal: 2 } })).rejects.toMatchObject({
    errMsg: expect.stringContaining('database transaction conflict'),
  });
  await expect(t2.collection('acct').doc('a').get()).rejects.toMatchObject({
    errMsg: expect.stringContaining('database transaction conflict'),
  });
  await t2.rollback();
  await t1.commit();
  expect(await bal('a')).toBe(1);

  // both read `a`, one changes it and commits first; the other, which wrote only `b` from what it
  // read, conflicts at commit and is retried
  let attempts = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const slow = h.db.runTransaction(async (t: any) => {
    attempts++;
    const a = (await t.collection('acct').doc('a').get()).data;
    if (attempts === 1) await gate;
    await t.collection('acct').doc('b').update({ data: { bal: a.bal + 10 } });
  });
  await new Promise((r) => setTimeout(r, 5));
  await h.db.runTransaction(async (t: any) => {
    const a = (await t.collection('acct').doc('a').get()).data;
    await t.collection('acct').doc('a').update({ data: { bal: a.bal + 100 } });
  });
  release();
  await slow;
  expect(attempts).toBe(2);
  expect(await bal('a')).toBe(101);
  expect(await bal('b')).toBe(111);
});

test('reads see the transaction start; a write over a document changed since then fails at once', async () => {
  const t = await h.db.startTransaction();
  expect((await t.collection('acct').doc('a').get()).data.bal).toBe(100);
  await h.db.collection('acct').doc('a').update({ data: { bal: 1 } });
  await h.db.collection('acct').doc('b').update({ data: { bal: 2 } });
  await h.db.collection('acct').doc('n').set({ data: { bal: 3 } });
  await h.db.collection('acct').doc('b').update({ data: { bal: 4 } });
  // every document as of the start, touched before or not, created or removed since
  expect((await t.collection('acct').doc('a').get()).data.bal).toBe(100);
  expect((await t.collection('acct').doc('b').get()).data.bal).toBe(0);
  await expect(t.collection('acct').doc('n').get()).rejects.toMatchObject({ errMsg: expect.stringContaining('does not exist') });
  const conflict = { errMsg: expect.stringContaining('database transaction conflict') };
  await expect(t.collection('acct').doc('a').update({ data: { bal: 5 } })).rejects.toMatchObject(conflict);
  await expect(t.collection('acct').doc('b').set({ data: { bal: 5 } })).rejects.toMatchObject(conflict);
  // `n` was created after the start: the transaction does not see it, and cannot create it
  expect((await t.collection('acct').doc('n').remove()).stats.removed).toBe(0);
  await expect(t.collection('acct').add({ data: { _id: 'n', bal: 5 } })).rejects.toMatchObject(conflict);
  await t.rollback();
  expect([await bal('a'), await bal('b'), await bal('n')]).toEqual([1, 4, 3]);

  // a document never read, removed outside after the start
  const t2 = await h.db.startTransaction();
  await h.db.collection('acct').doc('n').remove();
  expect((await t2.collection('acct').doc('n').get()).data.bal).toBe(3);
  await expect(t2.collection('acct').doc('n').update({ data: { bal: 9 } })).rejects.toMatchObject(conflict);
  await t2.rollback();

  // untouched documents stay writable
  const t3 = await h.db.startTransaction();
  await h.db.collection('acct').doc('b').update({ data: { bal: 6 } });
  await t3.collection('acct').doc('a').update({ data: { bal: h._.inc(1) } });
  await t3.commit();
  expect([await bal('a'), await bal('b')]).toEqual([2, 6]);
});

test('set with unchanged data counts one update, in and out of transactions', async () => {
  expect((await h.db.collection('acct').doc('a').set({ data: { bal: 100 } })).stats.updated).toBe(1);
  expect((await h.db.collection('acct').doc('a').update({ data: { bal: 100 } })).stats.updated).toBe(0);
  await h.db.runTransaction(async (t: any) => {
    expect((await t.collection('acct').doc('b').set({ data: { bal: 0 } })).stats).toMatchObject({ updated: 1 });
  });
  const legacy = await h.engine.request('database.modifyDocument', {
    collectionName: 'acct',
    query: JSON.stringify({ _id: 'b' }),
    data: JSON.stringify({ bal: 0 }),
    merge: false,
    upsert: true,
  });
  expect(legacy.data.updated).toBe(1);
});

test('a finished transaction answers as CloudBase does', async () => {
  const t = await h.db.startTransaction();
  await t.commit();
  await expect(t.collection('acct').doc('a').set({ data: { bal: 1 } })).rejects.toMatchObject({
    errMsg: expect.stringContaining(
      '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds.',
    ),
  });
  const r = await h.engine.request('database.commitTransaction', { transactionId: 'nope' });
  expect(r).toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL', message: expect.stringMatching(/^\[ResourceUnavailable\.TransactionNotExist\]/) });
});

test('a non-transactional write to a held document makes the transaction conflict at commit', async () => {
  const t = await h.db.startTransaction();
  await t.collection('acct').doc('a').get();
  await t.collection('acct').doc('b').update({ data: { bal: 5 } });
  await h.db.collection('acct').doc('a').update({ data: { bal: 7 } });
  await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
  expect(await bal('a')).toBe(7);
  expect(await bal('b')).toBe(0);
});

test('transactions only hold single-document operations', async () => {
  const t = await h.db.startTransaction();
  await expect(t.collection('acct').where({ bal: 0 }).get()).rejects.toMatchObject({
    errMsg: expect.stringContaining('single-document'),
  });
  await t.rollback();
});

test('an idle transaction expires', async () => {
  const engine = new Engine({ filename: ':memory:', indexes: { x: [] }, transactionTimeoutMs: 20 });
  const start = await engine.request('database.startTransaction', {});
  await engine.request('database.insertDocument', { collectionName: 'x', data: ['{"_id":"k"}'], transactionId: start.transactionId });
  await new Promise((r) => setTimeout(r, 40));
  const commit = await engine.request('database.commitTransaction', { transactionId: start.transactionId });
  expect(commit.code).toBe('DATABASE_TRANSACTION_FAIL');
  expect((await engine.request('database.calculateDocument', { collectionName: 'x', query: '{}' })).data.total).toBe(0);
  engine.close();
});

test('legacy transaction actions', async () => {
  const e = h.engine;
  const { transactionId } = await e.request('database.startTransaction', {});
  const got = await e.request('database.getInTransaction', { collectionName: 'acct', transactionId, _id: 'a' });
  expect(JSON.parse(got.data)).toMatchObject({ _id: 'a' });
  const upd = await e.request('database.updateDocInTransaction', {
    collectionName: 'acct',
    transactionId,
    _id: 'a',
    data: JSON.stringify({ $set: { bal: 42 } }),
  });
  expect(upd.updated).toBe('1');
  const del = await e.request('database.deleteDocInTransaction', { collectionName: 'acct', transactionId, _id: 'b' });
  expect(del.deleted).toBe('1');
  await e.request('database.commitTransaction', { transactionId });
  expect(await bal('a')).toBe(42);
  await expect(h.db.collection('acct').doc('b').get()).rejects.toBeDefined();
});

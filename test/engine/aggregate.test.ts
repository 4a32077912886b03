/** Aggregation conformance through the real SDK. */
import { open, type Harness } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = open({ indexes: { orders: [{ name: 'by_user', keys: [{ field: 'user', direction: 1 }] }] }, collections: ['users'] });
  await h.db.collection('users').add({ data: [{ _id: 'u1', name: 'Ann' }, { _id: 'u2', name: 'Bo' }] });
  await h.db.collection('orders').add({
    data: [
      { _id: 'o1', user: 'u1', amount: 10, items: ['a', 'b'] },
      { _id: 'o2', user: 'u1', amount: 5, items: ['c'] },
      { _id: 'o3', user: 'u2', amount: 7, items: [] },
      { _id: 'o4', user: 'u3', amount: 1, items: ['d'] },
    ],
  });
});
afterAll(() => h.engine.close());

test('match, group, sort', async () => {
  const $ = h.db.command.aggregate;
  const { list } = await h.db
    .collection('orders')
    .aggregate()
    .match({ amount: h._.gt(1) })
    .group({ _id: '$user', total: $.sum('$amount'), n: $.sum(1) })
    .sort({ total: -1 })
    .end();
  expect(list).toEqual([
    { _id: 'u1', total: 15, n: 2 },
    { _id: 'u2', total: 7, n: 1 },
  ]);
});

test('skip, limit, project, addFields', async () => {
  const $ = h.db.command.aggregate;
  const { list } = await h.db
    .collection('orders')
    .aggregate()
    .sort({ amount: 1 })
    .skip(1)
    .limit(2)
    .addFields({ double: $.multiply(['$amount', 2]) })
    .project({ _id: 0, amount: 1, double: 1 })
    .end();
  expect(list).toEqual([
    { amount: 5, double: 10 },
    { amount: 7, double: 14 },
  ]);
});

test('lookup reads the other collection, unwind flattens', async () => {
  const { list } = await h.db
    .collection('orders')
    .aggregate()
    .match({ user: 'u1' })
    .lookup({ from: 'users', localField: 'user', foreignField: '_id', as: 'who' })
    .unwind('$items')
    .project({ _id: 1, items: 1, name: '$who.name' })
    .end();
  expect(list).toEqual([
    { _id: 'o1', items: 'a', name: ['Ann'] },
    { _id: 'o1', items: 'b', name: ['Ann'] },
    { _id: 'o2', items: 'c', name: ['Ann'] },
  ]);
});

test('count stage', async () => {
  const { list } = await h.db.collection('orders').aggregate().match({ amount: h._.gte(5) }).count('n').end();
  expect(list).toEqual([{ n: 3 }]);
});

test('aggregate on a missing collection fails as in CloudBase; $lookup from one joins nothing', async () => {
  await expect(h.db.collection('nope').aggregate().match({}).end()).rejects.toMatchObject({ errCode: -502005 });
  const { list } = await h.db
    .collection('users')
    .aggregate()
    .match({ _id: 'u1' })
    .lookup({ from: 'nope', localField: '_id', foreignField: 'user', as: 'none' })
    .end();
  expect(list).toEqual([{ _id: 'u1', name: 'Ann', none: [] }]);
});

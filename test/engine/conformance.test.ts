/** Where mingo departs from CloudBase (MongoDB): the engine's own operators, through the real SDK. */
import { EJSON, Timestamp } from 'bson';
import { open, ids, type Harness } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = open({ collections: ['v', 's', 'p', 'k'] });
  await h.db.collection('v').add({
    data: [
      { _id: 'a', v: [1, 7, 12] },
      { _id: 'b', v: [2, 4] },
      { _id: 'c', v: [{ x: 1 }, { y: 2 }] },
      { _id: 'd', v: [null, 3] },
      { _id: 'f', v: 'str' },
      { _id: 'g', v: [[6]] },
      { _id: 'h', v: ['8', true] },
      { _id: 'i', v: [] },
      { _id: 'j', v: [7.5, -9] },
      { _id: 'k', v: [[1, 2]] },
    ],
  });
  await h.db.collection('s').add({
    data: [
      { _id: 'cn', t: '社区科普大学', at: new Date('2024-01-06T10:00:00Z') },
      { _id: 'en', t: 'hello world', at: new Date('2024-01-07T10:00:00Z') },
      { _id: 'mix', t: 'a😀b', at: new Date('2023-12-31T10:00:00Z') },
    ],
  });
  await h.db.collection('p').add({
    data: [
      { _id: 'ok', name: '张三', age: 70, tags: ['a'], phone: '13800000000', kind: 'learner' },
      { _id: 'young', name: '李四', age: 12, tags: [], phone: '13800000001', kind: 'learner' },
      { _id: 'noname', age: 40, kind: 'staff' },
      { _id: 'badtag', name: '王五', age: 50, tags: [3], phone: 'x', kind: 'other', extra: true },
      { _id: 'float', name: '赵六', age: 50.5, kind: 'staff' },
    ],
  });
});
afterAll(() => h.engine.close());

const where = async (coll: string, q: Record<string, unknown>) => ids(await h.db.collection(coll).where(q).get()).sort();

describe('_.elemMatch over plain values', () => {
  test('comparisons test each element as a whole, never inside a nested array', async () => {
    expect(await where('v', { v: h._.elemMatch(h._.gt(5)) })).toEqual(['a', 'j']);
    expect(await where('v', { v: h._.elemMatch(h._.lt(0)) })).toEqual(['j']);
    expect(await where('v', { v: h._.elemMatch(h._.in([3, 12])) })).toEqual(['a', 'd']);
    expect(await where('v', { v: h._.elemMatch(h._.eq([6])) })).toEqual(['g']);
  });

  test('_.exists and array operators apply to the element', async () => {
    expect(await where('v', { v: h._.elemMatch(h._.exists(true)) })).toEqual(['a', 'b', 'c', 'd', 'g', 'h', 'j', 'k']);
    expect(await where('v', { v: h._.elemMatch(h._.exists(false)) })).toEqual([]);
    expect(await where('v', { v: h._.elemMatch(h._.size(2)) })).toEqual(['k']);
  });

  test('_.mod matches numbers only, truncated toward zero', async () => {
    expect(await where('v', { v: h._.elemMatch(h._.mod([2, 0])) })).toEqual(['a', 'b']);
    expect(await where('v', { v: h._.mod([2, 0]) })).toEqual(['a', 'b']);
    expect(await where('v', { v: h._.mod([3, 1]) })).toEqual(['a', 'b', 'j']);
    expect(await where('v', { v: h._.elemMatch(h._.mod([4, -1])) })).toEqual(['j']);
    await expect(h.db.collection('v').where({ v: h._.mod([0, 1]) }).get()).rejects.toMatchObject({ errMsg: expect.stringContaining('divisor cannot be 0') });
  });

  test('object criteria still match fields of object elements', async () => {
    expect(await where('v', { v: h._.elemMatch({ x: 1 }) })).toEqual(['c']);
    expect(await where('v', { v: h._.elemMatch({ x: h._.exists(false) }) })).toEqual(['c']);
  });
});

describe('aggregation expressions', () => {
  const project = async (expr: Record<string, unknown>) =>
    (await h.db.collection('s').aggregate().sort({ _id: 1 }).project({ _id: 1, r: expr }).end()).list.map((d: any) => [d._id, d.r]);

  test('$substrBytes / $substr with a negative length take the rest of the string', async () => {
    const $ = h.db.command.aggregate;
    expect(await project($.substrBytes(['$t', 6, -1]))).toEqual([
      ['cn', '科普大学'],
      ['en', 'world'],
      ['mix', ''],
    ]);
    expect(await project($.substr(['$t', 0, -5]))).toEqual([
      ['cn', '社区科普大学'],
      ['en', 'hello world'],
      ['mix', 'a😀b'],
    ]);
  });

  test('$week counts from the first Sunday of the year', async () => {
    const $ = h.db.command.aggregate;
    // 2024-01-06 is a Saturday (week 0), 2024-01-07 the first Sunday (week 1); 2023-12-31 a Sunday (week 53)
    expect(await project($.week('$at'))).toEqual([
      ['cn', 0],
      ['en', 1],
      ['mix', 53],
    ]);
  });

  test('$indexOfCP answers in code points', async () => {
    const $ = h.db.command.aggregate;
    expect(await project($.indexOfCP(['$t', '普']))).toEqual([
      ['cn', 3],
      ['en', -1],
      ['mix', -1],
    ]);
    expect(await project($.indexOfCP(['$t', 'b']))).toEqual([
      ['cn', -1],
      ['en', -1],
      ['mix', 2],
    ]);
    expect(await project($.indexOfCP(['$t', 'o', 5]))).toEqual([
      ['cn', -1],
      ['en', 7],
      ['mix', -1],
    ]);
  });
});

describe('_.jsonSchema', () => {
  const schema = {
    bsonType: 'object',
    required: ['name', 'age'],
    properties: {
      name: { bsonType: 'string', minLength: 2, maxLength: 4 },
      age: { bsonType: 'int', minimum: 18, maximum: 120 },
      tags: { bsonType: 'array', items: { bsonType: 'string' } },
      phone: { bsonType: 'string', pattern: '^1\\d{10}$' },
      kind: { enum: ['learner', 'staff'] },
    },
  };

  test('filters by type, required, properties, ranges, enum, lengths, pattern and items', async () => {
    expect(await where('p', h._.jsonSchema(schema))).toEqual(['ok']);
    expect(await where('p', { $nor: [h._.jsonSchema({ required: ['name'] })] } as never)).toEqual(['noname']);
    expect(await where('p', h._.jsonSchema({ properties: { age: { bsonType: 'double' } } }))).toEqual(['float']);
    expect(await where('p', h._.jsonSchema({ properties: { age: { type: 'number', minimum: 50, exclusiveMinimum: true } } }))).toEqual(['float', 'ok']);
  });

  test('additionalProperties', async () => {
    const closed = {
      additionalProperties: false,
      properties: { _id: {}, name: {}, age: {}, tags: {}, phone: {}, kind: {} },
    };
    expect(await where('p', h._.jsonSchema(closed))).toEqual(['float', 'noname', 'ok', 'young']);
    expect(await where('p', h._.jsonSchema({ properties: { _id: {} }, additionalProperties: { bsonType: ['string', 'int', 'double', 'array'] } }))).toEqual([
      'float',
      'noname',
      'ok',
      'young',
    ]);
  });

  test('an unsupported keyword is refused, not ignored', async () => {
    await expect(h.db.collection('p').where(h._.jsonSchema({ dependencies: {} })).get()).rejects.toMatchObject({
      errMsg: expect.stringContaining('unsupported keyword'),
    });
  });
});

test('{ $timestamp } values are stored and answered as dates', async () => {
  const ts = new Timestamp({ t: 1_700_000_000, i: 7 });
  const r = await h.engine.request('database.insertDocument', { collectionName: 'k', data: [EJSON.stringify({ _id: 't', at: ts }, { relaxed: false })] });
  expect(r.code).toBeUndefined();
  const { data } = await h.db.collection('k').doc('t').get();
  expect(data.at).toBeInstanceOf(Date);
  expect(data.at.getTime()).toBe(1_700_000_000_000);
  const found = await h.engine.request('database.calculateDocument', {
    collectionName: 'k',
    query: EJSON.stringify({ at: { $gte: ts } }, { relaxed: false }),
  });
  expect(found.data.total).toBe(1);
});

describe('regular expressions', () => {
  beforeAll(async () => {
    await h.db.collection('k').add({ data: [{ _id: 'r1', s: '渝中区社区(一)' }, { _id: 'r2', s: 'Line one\nline two' }, { _id: 'r3', s: 'a+b' }] });
  });
  const re = (regexp: string, options = '') => h.db.RegExp({ regexp, options });

  test('PCRE syntax CloudBase accepts: inline flags, x, \\Q…\\E, \\A and \\z, named groups, possessive and atomic', async () => {
    expect(await where('k', { s: re('(?i)^line') })).toEqual(['r2']);
    expect(await where('k', { s: re('^ line \\s # a comment\n two $', 'mix') })).toEqual(['r2']);
    expect(await where('k', { s: re('\\Q(一)\\E') })).toEqual(['r1']);
    expect(await where('k', { s: re('\\Qa+b\\E\\z') })).toEqual(['r3']);
    expect(await where('k', { s: re('\\Aline', 'im') })).toEqual(['r2']);
    expect(await where('k', { s: re('two\\Z') })).toEqual(['r2']);
    expect(await where('k', { s: re('(?P<w>o)n(?P=w)?e') })).toEqual(['r2']);
    expect(await where('k', { s: re('a++\\+b') })).toEqual(['r3']);
    expect(await where('k', { s: re('(?>社区)') })).toEqual(['r1']);
    expect(await where('k', { s: h._.neq(null), $and: [{ s: { $regex: '社区\\(', $options: 'i' } }] } as never)).toEqual(['r1']);
  });

  test('a bad or NUL-carrying pattern fails with a regex error that never quotes it', async () => {
    for (const [pattern, reason] of [
      ['社区\u0000', 'embedded null byte'],
      ['秘密(关键词', 'Regular expression is invalid'],
      ['秘密[关键词', 'Regular expression is invalid'],
      ['秘密关键词\\', 'Regular expression is invalid'],
    ]) {
      const err = await h.db
        .collection('k')
        .where({ s: re(pattern, 'i') })
        .get()
        .then(
          () => undefined,
          (e: { errCode?: number; errMsg?: string }) => e,
        );
      expect(err).toMatchObject({ errCode: -502001, errMsg: expect.stringContaining(reason) });
      expect(err?.errMsg).not.toContain('秘密');
      expect(err?.errMsg).not.toContain('社区');
    }
    const raw = await h.engine.request('database.getDocument', { collectionName: 'k', query: JSON.stringify({ s: { $regex: '秘密(', $options: '' } }) });
    expect(raw).toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    expect(JSON.stringify(raw)).not.toContain('秘密');
  });
});

/**
 * CONTRACT.md `org`, over HTTP: every row with its exact params, data fields and "who may call".
 */
import reference from '../../database/reference/chongqing-branches.json';
import { createPoint, expectPage, grantRole, HEAD, JIANGBEI, pointInput, startBlackBox, walkPages, YUZHONG, type BlackBox } from './support';

const BA_YUZHONG = 'bb-org-ba-yz';
const BA_JIANGBEI = 'bb-org-ba-jb';
const PA = 'bb-org-pa';
const USER = 'bb-org-user';

let bb: BlackBox;
let pointA: string;
let pointC: string;
/** Many points in 大渡口区 for paging (a branch nobody else uses here). */
const DADUKOU = 'br_500104';
const PAGED = 27;

beforeAll(async () => {
  bb = await startBlackBox();
  pointA = await createPoint(bb, HEAD, YUZHONG, '解放碑', { location: { latitude: 29.5576, longitude: 106.5772 } });
  pointC = await createPoint(bb, HEAD, JIANGBEI, '观音桥', { location: { latitude: 29.5753, longitude: 106.5326 } });
  await grantRole(bb, HEAD, BA_YUZHONG, 'branch_admin', YUZHONG);
  await grantRole(bb, HEAD, BA_JIANGBEI, 'branch_admin', JIANGBEI);
  await grantRole(bb, HEAD, PA, 'point_admin', pointA);
  for (let i = 0; i < PAGED; i++) {
    // Spread along a line: nearest-first order is then known.
    await createPoint(bb, HEAD, DADUKOU, `测试点${String(i).padStart(2, '0')}`, { location: { latitude: 29.4 + i * 0.01, longitude: 106.48 } });
  }
});
afterAll(() => bb.close());

test('unknown action and missing action: INVALID_ARGUMENT in Chinese', async () => {
  expect(await bb.fail('org', { action: 'noSuchAction' })).toBe('INVALID_ARGUMENT');
  expect(await bb.fail('org', {}, USER)).toBe('INVALID_ARGUMENT');
});

describe('the HTTP face (DESIGN.md)', () => {
  test('/healthz, unknown function 404, non-JSON 400, over 1 MB 413, anonymous without the header', async () => {
    const health = await fetch(`${bb.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const post = (path: string, body: string) => fetch(`${bb.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post('/v1/functions/nosuchfunction', '{"action":"x"}')).status).toBe(404);
    expect((await post('/v1/functions/org', '{not json')).status).toBe(400);
    expect((await post('/v1/functions/org', JSON.stringify({ action: 'listBranches', pad: 'x'.repeat(1024 * 1024 + 10) }))).status).toBe(413);
    const anonymous = await post('/v1/functions/user', '{"action":"me"}');
    expect(anonymous.status).toBe(200);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });
});

describe('listBranches (anyone)', () => {
  test('all 41 branches with id, code, name, district, pointCount; codes as in the reference data', async () => {
    const data = await bb.ok('org', { action: 'listBranches' });
    expect(Object.keys(data)).toEqual(['items']);
    expect(data.items).toHaveLength(41);
    for (const b of data.items) {
      expect(b).toEqual(
        expect.objectContaining({ id: expect.any(String), code: expect.any(String), name: expect.any(String), district: expect.any(String), pointCount: expect.any(Number) }),
      );
    }
    expect(data.items.map((b: { code: string }) => b.code).sort()).toEqual(reference.branches.map((b) => b.code).sort());
    const yz = data.items.find((b: { id: string }) => b.id === YUZHONG);
    expect(yz).toEqual(expect.objectContaining({ code: '500103', district: '渝中区', pointCount: 1 }));
    expect(data.items.find((b: { id: string }) => b.id === DADUKOU).pointCount).toBe(PAGED);
  });
});

describe('listPoints (anyone)', () => {
  test('item fields, no distance without near, no leader/person data', async () => {
    const data = await bb.ok('org', { action: 'listPoints', branchId: YUZHONG });
    expectPage(data);
    expect(data.nextCursor).toBeNull();
    expect(data.items).toEqual([{ id: pointA, branchId: YUZHONG, name: '解放碑', address: expect.any(String), isDemo: false }]);
  });

  test('keyword filters by name', async () => {
    const data = await bb.ok('org', { action: 'listPoints', keyword: '观音' });
    expect(data.items.map((p: { id: string }) => p.id)).toEqual([pointC]);
  });

  test('default page of 20, limit > 100 and < 1 rejected, cursor walks all without duplicates', async () => {
    const first = await bb.ok('org', { action: 'listPoints', branchId: DADUKOU });
    expect(first.items).toHaveLength(20);
    expect(typeof first.nextCursor).toBe('string');
    expect(await bb.fail('org', { action: 'listPoints', limit: 101 })).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('org', { action: 'listPoints', limit: 0 })).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('org', { action: 'listPoints', cursor: 123 })).toBe('INVALID_ARGUMENT');
    const all = await walkPages(bb, 'org', { action: 'listPoints', branchId: DADUKOU }, 6);
    const ids = all.map((p) => p.id);
    expect(ids).toHaveLength(PAGED);
    expect(new Set(ids).size).toBe(PAGED);
    const hundred = await bb.ok('org', { action: 'listPoints', limit: 100 });
    expect(hundred.items).toHaveLength(PAGED + 2);
    expect(hundred.nextCursor).toBeNull();
  });

  test('near: nearest first with distanceKm, paged without duplicates', async () => {
    const near = { latitude: 29.4, longitude: 106.48 };
    const all = await walkPages(bb, 'org', { action: 'listPoints', branchId: DADUKOU, near }, 8);
    expect(all).toHaveLength(PAGED);
    expect(new Set(all.map((p) => p.id)).size).toBe(PAGED);
    const km = all.map((p) => p.distanceKm);
    for (const d of km) expect(typeof d).toBe('number');
    expect([...km].sort((a, b) => a - b)).toEqual(km);
    expect(all[0].name).toBe('测试点00');
    expect(all[PAGED - 1].name).toBe(`测试点${PAGED - 1}`);
    expect(await bb.fail('org', { action: 'listPoints', near: { latitude: 'x', longitude: 106 } })).toBe('INVALID_ARGUMENT');
  });
});

describe('getPoint (anyone)', () => {
  test('the contracted fields', async () => {
    const p = await bb.ok('org', { action: 'getPoint', pointId: pointA });
    expect(p).toEqual(
      expect.objectContaining({
        id: pointA,
        branchId: YUZHONG,
        branchName: '渝中区分校',
        name: '解放碑',
        address: expect.any(String),
        location: { latitude: 29.5576, longitude: 106.5772 },
        isDemo: false,
        leaderName: '王建华',
        leaderTitle: '社区党委副书记',
      }),
    );
    expect(JSON.stringify(p)).not.toMatch(/createdBy|openid|geoCell/i);
  });

  test('missing point NOT_FOUND, missing param INVALID_ARGUMENT', async () => {
    expect(await bb.fail('org', { action: 'getPoint', pointId: 'pt_doesnotexist' })).toBe('NOT_FOUND');
    expect(await bb.fail('org', { action: 'getPoint' })).toBe('INVALID_ARGUMENT');
  });
});

describe('createPoint (head_admin, branch_admin of branchId)', () => {
  test('head admin and the branch admin of the branch create; answer { pointId }', async () => {
    const byHead = await bb.ok('org', { action: 'createPoint', ...pointInput(YUZHONG, '七星岗') }, HEAD);
    expect(byHead).toEqual({ pointId: expect.any(String) });
    const byBranch = await bb.ok('org', { action: 'createPoint', ...pointInput(YUZHONG, '较场口', { location: { latitude: 29.55, longitude: 106.57 } }) }, BA_YUZHONG);
    expect(byBranch).toEqual({ pointId: expect.any(String) });
    const seen = await bb.ok('org', { action: 'getPoint', pointId: byBranch.pointId });
    expect(seen).toEqual(expect.objectContaining({ branchId: YUZHONG, name: '较场口', location: { latitude: 29.55, longitude: 106.57 } }));
  });

  test('a 渝中区 branch admin cannot create a point in 江北区; nor can point admins or users', async () => {
    expect(await bb.fail('org', { action: 'createPoint', ...pointInput(JIANGBEI, '江北城') }, BA_YUZHONG)).toBe('PERMISSION_DENIED');
    expect(await bb.fail('org', { action: 'createPoint', ...pointInput(YUZHONG, '大坪') }, PA)).toBe('PERMISSION_DENIED');
    expect(await bb.fail('org', { action: 'createPoint', ...pointInput(YUZHONG, '大坪') }, USER)).toBe('PERMISSION_DENIED');
    expect(await bb.fail('org', { action: 'createPoint', ...pointInput(YUZHONG, '大坪') })).toBe('UNAUTHENTICATED');
    const names = (await bb.ok('org', { action: 'listPoints', limit: 100 })).items.map((p: { name: string }) => p.name);
    expect(names).not.toContain('江北城');
    expect(names).not.toContain('大坪');
  });

  test('bad params INVALID_ARGUMENT; unknown branch NOT_FOUND', async () => {
    const { leaderTitle: _t, ...noTitle } = pointInput(YUZHONG, '大坪');
    expect(await bb.fail('org', { action: 'createPoint', ...noTitle }, HEAD)).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('org', { action: 'createPoint', ...pointInput(YUZHONG, '大坪', { leaderTitle: '主任' }) }, HEAD)).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('org', { action: 'createPoint', ...pointInput(YUZHONG, '大坪', { location: { latitude: 200, longitude: 1 } }) }, HEAD)).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('org', { action: 'createPoint', ...pointInput('br_999999', '大坪') }, HEAD)).toBe('NOT_FOUND');
  });
});

describe('grantRole (head_admin grants branch_admin; branch_admin grants point_admin of its points)', () => {
  test('head admin grants a branch admin, who can then act for that branch only', async () => {
    expect(await bb.ok('org', { action: 'grantRole', openid: 'bb-new-ba', role: 'branch_admin', scopeId: JIANGBEI }, HEAD)).toEqual({ granted: true });
    // Granting again is harmless.
    expect(await bb.ok('org', { action: 'grantRole', openid: 'bb-new-ba', role: 'branch_admin', scopeId: JIANGBEI }, HEAD)).toEqual({ granted: true });
    expect(await bb.ok('org', { action: 'createPoint', ...pointInput(JIANGBEI, '五里店') }, 'bb-new-ba')).toEqual({ pointId: expect.any(String) });
    expect(await bb.fail('org', { action: 'createPoint', ...pointInput(YUZHONG, '五里店') }, 'bb-new-ba')).toBe('PERMISSION_DENIED');
    const me = await bb.ok('user', { action: 'me' }, 'bb-new-ba');
    expect(me.roles).toEqual([expect.objectContaining({ role: 'branch_admin', scopeId: JIANGBEI })]);
  });

  test('a branch admin grants point_admin for its own points only', async () => {
    expect(await bb.ok('org', { action: 'grantRole', openid: 'bb-new-pa', role: 'point_admin', scopeId: pointA }, BA_YUZHONG)).toEqual({ granted: true });
    expect(await bb.fail('org', { action: 'grantRole', openid: 'bb-new-pa', role: 'point_admin', scopeId: pointC }, BA_YUZHONG)).toBe('PERMISSION_DENIED');
    expect(await bb.fail('org', { action: 'grantRole', openid: 'bb-x', role: 'branch_admin', scopeId: YUZHONG }, BA_YUZHONG)).toBe('PERMISSION_DENIED');
  });

  test('point admins, users and anonymous callers grant nothing; head_admin is never granted', async () => {
    expect(await bb.fail('org', { action: 'grantRole', openid: 'bb-x', role: 'point_admin', scopeId: pointA }, PA)).toBe('PERMISSION_DENIED');
    expect(await bb.fail('org', { action: 'grantRole', openid: 'bb-x', role: 'point_admin', scopeId: pointA }, USER)).toBe('PERMISSION_DENIED');
    expect(await bb.fail('org', { action: 'grantRole', openid: 'bb-x', role: 'point_admin', scopeId: pointA })).toBe('UNAUTHENTICATED');
    expect(await bb.fail('org', { action: 'grantRole', openid: 'bb-x', role: 'head_admin', scopeId: YUZHONG }, HEAD)).toBe('PERMISSION_DENIED');
    const me = await bb.ok('user', { action: 'me' }, 'bb-x');
    expect(me.roles).toEqual([]);
  });

  test('bad role INVALID_ARGUMENT; unknown scope NOT_FOUND', async () => {
    expect(await bb.fail('org', { action: 'grantRole', openid: 'bb-x', role: 'king', scopeId: pointA }, HEAD)).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('org', { action: 'grantRole', role: 'point_admin', scopeId: pointA }, HEAD)).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('org', { action: 'grantRole', openid: 'bb-x', role: 'point_admin', scopeId: 'pt_nope' }, HEAD)).toBe('NOT_FOUND');
  });
});

import { database } from '../../cloudfunctions/_shared/cloud';
import { errorCode, expectOk, type LocalCloud } from '../support/cloud';
import { createPoint, enrollInput, HEAD, JIANGBEI, PEOPLE, pointInput, orgOk, startOrgCloud, YUZHONG, type OrgFixture } from './fixtures';
import type { AuditItem, BranchPointItem, BranchStatsResult, ListBranchesResult, PointDetail, PointItem } from '../../typings/org';
import type { Page } from '../../typings/envelope';

let cloud: LocalCloud;
let f: OrgFixture;
beforeAll(async () => ({ cloud, f } = await startOrgCloud()));
afterAll(() => cloud.close());

const org = <T>(event: Record<string, unknown>, openid?: string) => orgOk<T>(cloud, event, openid);
const branchPointCount = async (branchId: string) =>
  (await org<ListBranchesResult>({ action: 'listBranches' })).items.find((b) => b.id === branchId)!.pointCount;

describe('createPoint', () => {
  test('records the leader, address and map location; getPoint shows them with the branch name', async () => {
    const before = await branchPointCount(YUZHONG);
    const id = await createPoint(cloud, PEOPLE.branchAdminYuzhong, pointInput(YUZHONG, '朝天门', { leaderName: '李秀英', leaderTitle: '教科文卫委员', location: { latitude: 29.5646, longitude: 106.5866 } }));
    expect(id).toMatch(/^pt_/);
    const p = await org<PointDetail>({ action: 'getPoint', pointId: id });
    expect(p).toEqual({
      id,
      branchId: YUZHONG,
      branchName: '渝中区分校',
      name: '朝天门',
      address: '重庆市朝天门社区服务中心二楼',
      location: { latitude: 29.5646, longitude: 106.5866 },
      isDemo: false,
      leaderName: '李秀英',
      leaderTitle: '教科文卫委员',
      active: true,
      learnerCount: 0,
    });
    expect(await branchPointCount(YUZHONG)).toBe(before + 1);
  });

  test.each([
    [{ name: '' }, '教学点名称至少2个字'],
    [{ leaderTitle: '主任' }, '负责人职务请选择「社区党委副书记」或「教科文卫委员」'],
    [{ location: { latitude: 200, longitude: 106 } }, '教学点位置的纬度应在 -90 到 90 之间'],
    [{ leaderName: undefined }, '请填写负责人姓名'],
  ])('validation %j → INVALID_ARGUMENT %s', async (patch, message) => {
    const res = (await cloud.call('org', { action: 'createPoint', ...pointInput(YUZHONG, '校验点'), ...patch }, HEAD)) as { error: { message: string } };
    expect(errorCode(res)).toBe('INVALID_ARGUMENT');
    expect(res.error.message).toBe(message);
  });

  test('an unknown branch is NOT_FOUND; a duplicate name in the branch ALREADY_EXISTS', async () => {
    expect(errorCode(await cloud.call('org', { action: 'createPoint', ...pointInput('br_999999', '某点') }, HEAD))).toBe('NOT_FOUND');
    expect(errorCode(await cloud.call('org', { action: 'createPoint', ...pointInput(YUZHONG, '解放碑') }, HEAD))).toBe('ALREADY_EXISTS');
    // The same name in another branch is fine.
    await createPoint(cloud, HEAD, pointInput(JIANGBEI, '解放碑'));
  });
});

describe('updatePoint', () => {
  test('changes only the given fields, moves the geo cell, and audits before/after', async () => {
    const res = await org<{ changed: string[] }>(
      { action: 'updatePoint', pointId: f.pointB, leaderName: '陈国庆', location: { latitude: 29.5401, longitude: 106.4512 }, address: '重庆市渝中区七星岗街道中山一路88号' },
      PEOPLE.pointAdminB,
    );
    expect(res.changed.sort()).toEqual(['address', 'leaderName', 'location']);
    const p = await org<PointDetail>({ action: 'getPoint', pointId: f.pointB });
    expect(p.leaderName).toBe('陈国庆');
    expect(p.name).toBe('七星岗');
    const near = await org<Page<PointItem>>({ action: 'listPoints', near: { latitude: 29.5401, longitude: 106.4512 }, limit: 1 });
    expect(near.items[0].id).toBe(f.pointB);
    const audit = await org<Page<AuditItem>>({ action: 'listAudit', unitId: f.pointB }, PEOPLE.pointAdminB);
    const entry = audit.items.find((a) => a.action === 'point.update')!;
    expect(entry).toMatchObject({ actor: PEOPLE.pointAdminB, targetId: f.pointB, before: { leaderName: '王建华' }, after: { leaderName: '陈国庆' } });
    expect(entry.at).toMatch(/\+08:00$/);
  });

  test('nothing to change writes nothing', async () => {
    const res = await org<{ changed: string[] }>({ action: 'updatePoint', pointId: f.pointB, leaderName: '陈国庆' }, HEAD);
    expect(res.changed).toEqual([]);
  });

  test('location: null removes the map location (and the point leaves nearest-first results)', async () => {
    const id = await createPoint(cloud, HEAD, pointInput(JIANGBEI, '临时点', { location: { latitude: 29.6, longitude: 106.5 } }));
    await org({ action: 'updatePoint', pointId: id, location: null }, HEAD);
    expect((await org<PointDetail>({ action: 'getPoint', pointId: id })).location).toBeUndefined();
    const near = await org<Page<PointItem>>({ action: 'listPoints', near: { latitude: 29.6, longitude: 106.5 }, limit: 100 });
    expect(near.items.map((i) => i.id)).not.toContain(id);
  });
});

describe('updatePoint: the public contact number', () => {
  test('staff publish a contact number (spaces and dashes dropped), residents see it on getPoint, null removes it', async () => {
    const id = await createPoint(cloud, HEAD, pointInput(JIANGBEI, '联系电话点'));
    expect((await org<PointDetail>({ action: 'getPoint', pointId: id })).contactPhone).toBeUndefined();
    const res = await org<{ changed: string[] }>({ action: 'updatePoint', pointId: id, contactPhone: '023-6388 1234' }, HEAD);
    expect(res.changed).toEqual(['contactPhone']);
    expect((await org<PointDetail>({ action: 'getPoint', pointId: id })).contactPhone).toBe('02363881234');
    const bad = await cloud.call<{ ok: boolean; error?: { code: string; message: string } }>('org', { action: 'updatePoint', pointId: id, contactPhone: '12345' }, HEAD);
    expect(bad.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('联系电话') });
    await org({ action: 'updatePoint', pointId: id, contactPhone: null }, HEAD);
    expect((await org<PointDetail>({ action: 'getPoint', pointId: id })).contactPhone).toBeUndefined();
  });
});

describe('deactivate / reactivate', () => {
  test('keeps the point, its learners and history; hides it from public lists; blocks new learners; counts follow', async () => {
    const id = await createPoint(cloud, HEAD, pointInput(YUZHONG, '大坪', { location: { latitude: 29.5389, longitude: 106.5161 } }));
    expectOk(await cloud.call('user', { action: 'enroll', ...enrollInput(id) }, 'dp-learner'));
    const count = await branchPointCount(YUZHONG);

    expect(errorCode(await cloud.call('org', { action: 'deactivatePoint', pointId: id, reason: '' }, HEAD))).toBe('INVALID_ARGUMENT');
    await org({ action: 'deactivatePoint', pointId: id, reason: '社区合并，学员转至解放碑' }, PEOPLE.branchAdminYuzhong);
    expect(await branchPointCount(YUZHONG)).toBe(count - 1);
    expect(errorCode(await cloud.call('org', { action: 'deactivatePoint', pointId: id, reason: '再次停用' }, HEAD))).toBe('FAILED_PRECONDITION');

    const detail = await org<PointDetail>({ action: 'getPoint', pointId: id });
    expect(detail).toMatchObject({ active: false, learnerCount: 1 });
    const listed = await org<Page<PointItem>>({ action: 'listPoints', branchId: YUZHONG, limit: 100 });
    expect(listed.items.map((i) => i.id)).not.toContain(id);
    const staffList = await org<Page<BranchPointItem>>({ action: 'listBranchPoints', branchId: YUZHONG, limit: 100 }, PEOPLE.branchAdminYuzhong);
    expect(staffList.items.find((i) => i.id === id)).toMatchObject({ active: false, learnerCount: 1 });
    const activeOnly = await org<Page<BranchPointItem>>({ action: 'listBranchPoints', branchId: YUZHONG, includeInactive: false, limit: 100 }, HEAD);
    expect(activeOnly.items.map((i) => i.id)).not.toContain(id);

    // The enrolled learner stays (and may still update the profile); newcomers are turned away.
    expectOk(await cloud.call('user', { action: 'enroll', ...enrollInput(id, { occupation: 'teacher' }) }, 'dp-learner'));
    expect(errorCode(await cloud.call('user', { action: 'enroll', ...enrollInput(id) }, 'dp-newcomer'))).toBe('FAILED_PRECONDITION');
    const me = expectOk<{ learner: { pointActive: boolean } }>(await cloud.call('user', { action: 'me' }, 'dp-learner'));
    expect(me.learner.pointActive).toBe(false);

    await org({ action: 'reactivatePoint', pointId: id }, HEAD);
    expect(await branchPointCount(YUZHONG)).toBe(count);
    expect((await org<PointDetail>({ action: 'getPoint', pointId: id })).active).toBe(true);

    const audit = await org<Page<AuditItem>>({ action: 'listAudit', unitId: id }, PEOPLE.branchAdminYuzhong);
    expect(audit.items.map((a) => a.action)).toEqual(['point.reactivate', 'point.deactivate', 'point.create']);
    expect(audit.items[1].reason).toBe('社区合并，学员转至解放碑');
  });
});

describe('listPoints', () => {
  test('by district and by keyword (name or address), active only, paged', async () => {
    const yz = await org<Page<PointItem>>({ action: 'listPoints', branchId: YUZHONG, limit: 100 });
    expect(yz.items.length).toBeGreaterThanOrEqual(3);
    expect(yz.items.every((i) => i.branchId === YUZHONG)).toBe(true);
    expect(yz.nextCursor).toBeNull();

    const kw = await org<Page<PointItem>>({ action: 'listPoints', keyword: '中山一路' });
    expect(kw.items.map((i) => i.id)).toEqual([f.pointB]);
    const special = await org<Page<PointItem>>({ action: 'listPoints', keyword: '.*' });
    expect(special.items).toEqual([]);

    const first = await org<Page<PointItem>>({ action: 'listPoints', limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await org<Page<PointItem>>({ action: 'listPoints', limit: 2, cursor: first.nextCursor });
    expect(second.items.map((i) => i.id)).not.toContain(first.items[0].id);
  });
});

describe('listBranchPoints', () => {
  test('learner counts from enrollments and course counts from the courses collection (not cancelled)', async () => {
    const db = database();
    const at = new Date('2030-03-01T01:00:00Z');
    for (const [i, status] of ['open', 'open', 'cancelled'].entries()) {
      await db.collection('courses').add({ data: { _id: `c-${i}`, pointId: f.pointA, branchId: YUZHONG, startsAt: at, status } });
    }
    const page = await org<Page<BranchPointItem>>({ action: 'listBranchPoints', branchId: YUZHONG, limit: 100 }, HEAD);
    const a = page.items.find((i) => i.id === f.pointA)!;
    expect(a).toMatchObject({ learnerCount: 1, courseCount: 2, leaderName: '王建华', active: true });
  });
});

describe('branchStats', () => {
  test('every branch with active, inactive and demo points and learners', async () => {
    await org({ action: 'setDemoPoint', pointId: f.pointC, isDemo: true }, HEAD);
    const stats = await org<BranchStatsResult>({ action: 'branchStats' }, HEAD);
    expect(stats.items).toHaveLength(41);
    const jb = stats.items.find((b) => b.id === JIANGBEI)!;
    expect(jb).toMatchObject({ name: '江北区分校', demoPointCount: 1 });
    const sum = stats.items.reduce((s, b) => s + b.learnerCount, 0);
    expect(stats.totals.learnerCount).toBe(sum);
    const branches = await org<ListBranchesResult>({ action: 'listBranches' });
    for (const b of stats.items) expect(b.pointCount).toBe(branches.items.find((x) => x.id === b.id)!.pointCount);
    expect((await org<PointDetail>({ action: 'getPoint', pointId: f.pointC })).isDemo).toBe(true);
  });
});

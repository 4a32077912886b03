import { errorCode, type LocalCloud } from '../support/cloud';
import { HEAD, JIANGBEI, YUZHONG, addLearner, addPoint, grant, startVolunteerCloud, type Vol } from './fixtures';

let cloud: LocalCloud;
let v: Vol;

beforeAll(async () => {
  ({ cloud, v } = await startVolunteerCloud());
  await addPoint('pt_o1', YUZHONG, '朝天门社区');
  await addPoint('pt_o2', YUZHONG, '望龙门社区');
  await addPoint('pt_o3', JIANGBEI, '华新街社区');
  await addLearner('learner-1', 'pt_o1', YUZHONG, '黄丽华');
  await addLearner('learner-2', 'pt_o2', YUZHONG, '何建国');
  await addLearner('learner-3', 'pt_o3', JIANGBEI, '罗美玲');
  await grant('padmin-o1', 'point_admin', 'pt_o1');
  await grant('badmin-yz', 'branch_admin', YUZHONG);
});
afterAll(() => cloud.close());

test('a learner registers as 科普信息员 with an opaque id; again returns the same officer', async () => {
  expect(errorCode(await v.call('registerOfficer', {}, 'not-a-learner'))).toBe('PERMISSION_DENIED');
  expect(errorCode(await v.call('registerOfficer', {}))).toBe('UNAUTHENTICATED');
  expect(await v.ok('myOfficer', {}, 'learner-1')).toEqual({ officer: null });
  const o = await v.ok('registerOfficer', {}, 'learner-1');
  expect(o).toMatchObject({ name: '黄丽华', pointId: 'pt_o1', opens: 0, opensByKind: { course: 0, quiz: 0, resource: 0 } });
  expect(o.officerId).toMatch(/^of_/);
  expect(o.officerId).not.toContain('learner-1');
  const [a, b] = await Promise.all([v.ok('registerOfficer', {}, 'learner-2'), v.ok('registerOfficer', {}, 'learner-2')]);
  expect(a.officerId).toBe(b.officerId);
  expect((await v.ok('registerOfficer', {}, 'learner-1')).officerId).toBe(o.officerId);
});

test('an opener is counted once per officer and item; the officer opening their own share is not', async () => {
  const { officer } = await v.ok('myOfficer', {}, 'learner-1');
  const share = { officer: officer!.officerId, kind: 'course' as const, id: 'cr_abc123' };
  // The same opener, many times and concurrently: once.
  const results = await Promise.all(Array.from({ length: 10 }, () => v.ok('recordShare', share, 'opener-1')));
  expect(results.filter((r) => r.credited)).toHaveLength(1);
  expect(await v.ok('recordShare', share, 'opener-2')).toEqual({ credited: true });
  expect(await v.ok('recordShare', { ...share, kind: 'quiz', id: 'qz_1' }, 'opener-1')).toEqual({ credited: true });
  expect(await v.ok('recordShare', share, 'learner-1')).toEqual({ credited: false });
  expect(errorCode(await v.call('recordShare', share))).toBe('UNAUTHENTICATED');
  expect(errorCode(await v.call('recordShare', { ...share, officer: 'of_doesnotexist' }, 'opener-3'))).toBe('INVALID_ARGUMENT');
  expect(errorCode(await v.call('recordShare', { ...share, kind: 'video' }, 'opener-3'))).toBe('INVALID_ARGUMENT');
  const mine = await v.ok('myOfficer', {}, 'learner-1');
  expect(mine.officer).toMatchObject({ opens: 3, opensByKind: { course: 2, quiz: 1, resource: 0 } });
});

test('staff see counts per officer, point and branch within their scope', async () => {
  const { officer: o2 } = await v.ok('myOfficer', {}, 'learner-2');
  await v.ok('recordShare', { officer: o2!.officerId, kind: 'resource', id: 'rs_9' }, 'opener-9');
  await v.ok('registerOfficer', {}, 'learner-3');
  const branch = await v.ok('officerStats', { branchId: YUZHONG }, 'badmin-yz');
  expect(branch.officers.map((o: any) => [o.name, o.opens])).toEqual([
    ['黄丽华', 3],
    ['何建国', 1],
  ]);
  expect(branch.perPoint).toEqual([
    { pointId: 'pt_o1', officers: 1, opens: 3 },
    { pointId: 'pt_o2', officers: 1, opens: 1 },
  ]);
  expect(branch.perBranch).toEqual([{ branchId: YUZHONG, officers: 2, opens: 4 }]);
  const point = await v.ok('officerStats', { pointId: 'pt_o1' }, 'padmin-o1');
  expect(point.officers).toHaveLength(1);
  const city = await v.ok('officerStats', {}, HEAD);
  expect(city.perBranch).toEqual([
    { branchId: YUZHONG, officers: 2, opens: 4 },
    { branchId: JIANGBEI, officers: 1, opens: 0 },
  ]);
  expect(errorCode(await v.call('officerStats', { pointId: 'pt_o2' }, 'padmin-o1'))).toBe('PERMISSION_DENIED');
  expect(errorCode(await v.call('officerStats', {}, 'badmin-yz'))).toBe('PERMISSION_DENIED');
});

import { database } from '../../cloudfunctions/_shared/cloud';
import type { BranchItem } from '../../typings/org';
import { createPoint, HEAD, JIANGBEI, pointInput, startOrgCloud } from './fixtures';
import { expectOk, type LocalCloud } from '../support/cloud';

/**
 * A branch's pointCount is shared by all its points (an onboarding import creates many at once):
 * it moves by increments tied to each point's own change, never in a transaction, so a rush of
 * creations and status changes all succeed and the count equals the branch's active points.
 */
let cloud: LocalCloud;
beforeAll(async () => ({ cloud } = await startOrgCloud()));
afterAll(() => cloud.close());

const pointCount = async (branchId: string) =>
  expectOk<{ items: BranchItem[] }>(await cloud.call('org', { action: 'listBranches' })).items.find((b) => b.id === branchId)!.pointCount;
const activePoints = async (branchId: string) => (await database().collection('points').where({ branchId, active: true }).count()).total;

test('200 concurrent point creations in one branch all succeed and are all counted', async () => {
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) => cloud.call('org', { action: 'createPoint', ...pointInput(JIANGBEI, `导入教学点${i}`) }, HEAD)));
  expect(results.filter((r) => !(r as { ok: boolean }).ok)).toEqual([]);
  expect(await pointCount(JIANGBEI)).toBe(await activePoints(JIANGBEI));
  expect(await activePoints(JIANGBEI)).toBe(201);
}, 120_000);

test('concurrent deactivations of one point change the count once', async () => {
  const pointId = await createPoint(cloud, HEAD, pointInput(JIANGBEI, '重复停用测试'));
  const before = await pointCount(JIANGBEI);
  const results = await Promise.all(Array.from({ length: 20 }, () => cloud.call('org', { action: 'deactivatePoint', pointId, reason: '合并到其他教学点' }, HEAD)));
  const codes = results.map((r) => ((r as { ok: boolean }).ok ? 'OK' : (r as { error: { code: string } }).error.code));
  expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
  expect(codes.filter((c) => c !== 'OK').every((c) => c === 'FAILED_PRECONDITION')).toBe(true);
  expect(await pointCount(JIANGBEI)).toBe(before - 1);
  expect(await pointCount(JIANGBEI)).toBe(await activePoints(JIANGBEI));
});

test('a move left by a call that died before its increment is settled by the next change, once', async () => {
  const pointId = await createPoint(cloud, HEAD, pointInput(JIANGBEI, '中断测试'));
  const before = await pointCount(JIANGBEI);
  // As a deactivation leaves the point when it dies right after its own write.
  await database().collection('points').doc(pointId).update({ data: { active: false, branchCountMove: { id: 'interrupted', delta: -1 } } });
  expect(await pointCount(JIANGBEI)).toBe(before);
  const edits = await Promise.all(Array.from({ length: 10 }, () => cloud.call('org', { action: 'updatePoint', pointId, address: '重庆市江北区观音桥街道二号' }, HEAD)));
  expect(edits.every((r) => (r as { ok: boolean }).ok)).toBe(true);
  expect(await pointCount(JIANGBEI)).toBe(before - 1);
  expect(await pointCount(JIANGBEI)).toBe(await activePoints(JIANGBEI));
});

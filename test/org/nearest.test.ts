import type { InvocationRecord } from '../../emulator/host';
import type { Page } from '../../typings/envelope';
import type { PointItem } from '../../typings/org';
import { expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { createPoint, HEAD, pointInput } from './fixtures';

/**
 * Nearest-first on seeded coordinates: the right order, and a read bounded by the geo-cell index
 * (docsExamined far below the number of points in the city).
 */
const DOWNTOWN = [
  { name: '解放碑', branch: 'br_500103', at: [29.5576, 106.5772] },
  { name: '较场口', branch: 'br_500103', at: [29.5521, 106.5735] },
  { name: '朝天门', branch: 'br_500103', at: [29.5646, 106.5866] },
  { name: '七星岗', branch: 'br_500103', at: [29.5569, 106.5594] },
  { name: '观音桥', branch: 'br_500105', at: [29.5753, 106.5326] },
  { name: '南坪', branch: 'br_500108', at: [29.5289, 106.5661] },
  { name: '杨家坪', branch: 'br_500107', at: [29.5035, 106.5107] },
  { name: '沙坪坝', branch: 'br_500106', at: [29.5562, 106.4577] },
] as const;
const ME = { latitude: 29.5565, longitude: 106.5760 }; // near 解放碑

/** Far-away points all over the city (万州, 涪陵, 黔江...): a read of every point would examine these too. */
const FAR_COUNT = 120;

let cloud: LocalCloud;
const records: InvocationRecord[] = [];
beforeAll(async () => {
  cloud = await startTestCloud({ log: (_line, record) => records.push(record) });
  process.env.HEAD_ADMIN_OPENIDS = HEAD;
  for (const p of DOWNTOWN) await createPoint(cloud, HEAD, pointInput(p.branch, p.name, { location: { latitude: p.at[0], longitude: p.at[1] } }));
  for (let i = 0; i < FAR_COUNT; i++) {
    // A grid from 30.0°N to 31.0°N, 107.5°E to 108.6°E: 50–230 km from downtown.
    const lat = 30.0 + (i % 10) * 0.1 + 0.03;
    const lng = 107.5 + Math.floor(i / 10) * 0.09 + 0.02;
    await createPoint(cloud, HEAD, pointInput('br_500101', `远郊${i}号`, { location: { latitude: lat, longitude: lng } }));
  }
});
afterAll(() => cloud.close());

async function near(params: Record<string, unknown>): Promise<{ page: Page<PointItem>; record: InvocationRecord }> {
  records.length = 0;
  const page = expectOk<Page<PointItem>>(await cloud.call('org', { action: 'listPoints', near: ME, ...params }));
  return { page, record: records[records.length - 1] };
}

test('nearest first, with distances in km, in the order the coordinates give', async () => {
  const { page } = await near({ limit: 8 });
  const byDistance = [...DOWNTOWN]
    .map((p) => ({ name: p.name, d: Math.hypot((p.at[0] - ME.latitude) * 111.2, (p.at[1] - ME.longitude) * 111.2 * Math.cos((ME.latitude * Math.PI) / 180)) }))
    .sort((a, b) => a.d - b.d);
  expect(page.items.map((i) => i.name)).toEqual(byDistance.map((p) => p.name));
  expect(page.items[0]).toMatchObject({ name: '解放碑' });
  expect(page.items[0].distanceKm).toBeCloseTo(0.15, 1);
  const distances = page.items.map((i) => i.distanceKm!);
  expect([...distances].sort((a, b) => a - b)).toEqual(distances);
  expect(page.items.find((i) => i.name === '沙坪坝')!.distanceKm).toBeGreaterThan(11);
});

test('reads are bounded by the geo-cell index: one query, a handful of documents, not the whole city', async () => {
  const { page, record } = await near({ limit: 3 });
  expect(page.items.map((i) => i.name)).toEqual(['解放碑', '较场口', '朝天门']);
  expect(page.nextCursor).not.toBeNull();
  expect(record.reads).toBe(1);
  // The 3×3 cells around downtown hold the 8 downtown points; the 120 far ones are never examined.
  expect(record.docsExamined).toBeLessThanOrEqual(DOWNTOWN.length);
  expect(record.docsExamined).toBeLessThan(DOWNTOWN.length + FAR_COUNT);
});

test('pages continue in distance order', async () => {
  const first = await near({ limit: 3 });
  const second = await near({ limit: 3, cursor: first.page.nextCursor });
  const all = await near({ limit: 6 });
  expect([...first.page.items, ...second.page.items].map((i) => i.id)).toEqual(all.page.items.map((i) => i.id));
});

test('with a branch filter, and growing the rings when the neighbourhood is sparse', async () => {
  const { page } = await near({ branchId: 'br_500106', limit: 5 });
  expect(page.items.map((i) => i.name)).toEqual(['沙坪坝']);

  // From 万州 (north-east), the nearest points are the far grid, then downtown last.
  const call = (cursor?: string | null) =>
    cloud.call('org', { action: 'listPoints', near: { latitude: 30.81, longitude: 108.38 }, limit: 100, ...(cursor ? { cursor } : {}) });
  const wanzhou = expectOk<Page<PointItem>>(await call());
  expect(wanzhou.items).toHaveLength(100);
  const rest = expectOk<Page<PointItem>>(await call(wanzhou.nextCursor));
  expect(rest.nextCursor).toBeNull();
  const all = [...wanzhou.items, ...rest.items];
  expect(all).toHaveLength(DOWNTOWN.length + FAR_COUNT);
  const d = all.map((i) => i.distanceKm!);
  expect([...d].sort((a, b) => a - b)).toEqual(d);
  expect(all.slice(-DOWNTOWN.length).every((i) => !i.name.startsWith('远郊'))).toBe(true);
  expect(wanzhou.items[0].name).toMatch(/^远郊/);
});

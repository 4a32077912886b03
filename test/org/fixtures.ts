import { expectOk, startTestCloud, type LocalCloud } from '../support/cloud';

/** Head admins come from HEAD_ADMIN_OPENIDS, as in production. Set before any call. */
export const HEAD = 'head-1';
export const YUZHONG = 'br_500103';
export const JIANGBEI = 'br_500105';

export const PEOPLE = {
  head: HEAD,
  branchAdminYuzhong: 'ba-yuzhong',
  branchAdminJiangbei: 'ba-jiangbei',
  pointAdminA: 'pa-a',
  pointAdminB: 'pa-b',
  learner: 'learner-1',
  user: 'user-1',
} as const;

export interface OrgFixture {
  /** 渝中区: A (解放碑) and B (七星岗), both with an admin. */
  pointA: string;
  pointB: string;
  /** 江北区: C. */
  pointC: string;
}

export const LEARNER_PHONE = '13812345678';

export function pointInput(branchId: string, name: string, extra: Record<string, unknown> = {}) {
  return { branchId, name, address: `重庆市${name}社区服务中心二楼`, leaderName: '王建华', leaderTitle: '社区党委副书记', ...extra };
}

export async function createPoint(cloud: LocalCloud, caller: string, input: Record<string, unknown>): Promise<string> {
  return expectOk<{ pointId: string }>(await cloud.call('org', { action: 'createPoint', ...input }, caller)).pointId;
}

export function enrollInput(pointId: string, extra: Record<string, unknown> = {}) {
  return { pointId, name: '张三明', gender: 'male', birthYear: 1958, occupation: 'retired', phone: LEARNER_PHONE, consent: true, ...extra };
}

/**
 * Two branches, three points, a branch admin per branch, a point admin for A and B, and one
 * learner enrolled at A: all through the real actions, as the head admin.
 */
export async function setupOrg(cloud: LocalCloud): Promise<OrgFixture> {
  process.env.HEAD_ADMIN_OPENIDS = HEAD;
  const pointA = await createPoint(cloud, HEAD, pointInput(YUZHONG, '解放碑', { location: { latitude: 29.5576, longitude: 106.5772 } }));
  const pointB = await createPoint(cloud, HEAD, pointInput(YUZHONG, '七星岗', { location: { latitude: 29.5569, longitude: 106.5594 } }));
  const pointC = await createPoint(cloud, HEAD, pointInput(JIANGBEI, '观音桥', { location: { latitude: 29.5753, longitude: 106.5326 } }));
  const grant = async (openid: string, role: string, scopeId: string) =>
    expectOk(await cloud.call('org', { action: 'grantRole', openid, role, scopeId }, HEAD));
  await grant(PEOPLE.branchAdminYuzhong, 'branch_admin', YUZHONG);
  await grant(PEOPLE.branchAdminJiangbei, 'branch_admin', JIANGBEI);
  await grant(PEOPLE.pointAdminA, 'point_admin', pointA);
  await grant(PEOPLE.pointAdminB, 'point_admin', pointB);
  expectOk(await cloud.call('user', { action: 'enroll', ...enrollInput(pointA) }, PEOPLE.learner));
  return { pointA, pointB, pointC };
}

/** A fresh test cloud holding the `setupOrg` fixture: how most org and user test files start. */
export async function startOrgCloud(): Promise<{ cloud: LocalCloud; f: OrgFixture }> {
  const cloud = await startTestCloud();
  return { cloud, f: await setupOrg(cloud) };
}

/** Calls the org function as `openid` and answers its data (asserting the call succeeded). */
export async function orgOk<T>(cloud: LocalCloud, event: Record<string, unknown>, openid?: string): Promise<T> {
  return expectOk<T>(await cloud.call('org', event, openid));
}

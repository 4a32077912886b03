/**
 * Fixtures for the volunteer tests: org records (points, learners, roles) are test data inserted
 * with the SDK, as the brief allows; everything of the volunteer domain goes through `main`.
 */
import { roleDocId } from '../../cloudfunctions/_shared/authz';
import { database } from '../../cloudfunctions/_shared/cloud';
import type { ActionName, ParamsOf, ResultOf } from '../../typings/api';
import type { Role } from '../../typings/roles';
import { startTestCloud, typedApi, type LocalCloud } from '../support/cloud';

export const HEAD = 'head-1';
export const YUZHONG = 'br_500103';
export const JIANGBEI = 'br_500105';

export interface Vol {
  call<T = unknown>(action: string, params?: Record<string, unknown>, openid?: string): Promise<T>;
  /** Typed by the API map: a test cannot send params or read fields the action does not have. */
  ok<A extends ActionName<'volunteer'>>(action: A, params: ParamsOf<'volunteer', A>, openid: string | undefined): Promise<ResultOf<'volunteer', A>>;
}

export async function startVolunteerCloud(options: Parameters<typeof startTestCloud>[0] = {}): Promise<{ cloud: LocalCloud; v: Vol }> {
  process.env.HEAD_ADMIN_OPENIDS = HEAD;
  const cloud = await startTestCloud(options);
  const v: Vol = {
    call: (action, params = {}, openid) => cloud.call('volunteer', { action, ...params }, openid),
    ok: (action, params, openid) => typedApi(cloud).ok('volunteer', action, params, openid),
  };
  return { cloud, v };
}

export async function addPoint(id: string, branchId: string, name: string): Promise<void> {
  const now = new Date();
  await database()
    .collection('points')
    .add({
      data: { _id: id, branchId, name, address: `${name}社区活动中心`, leaderName: '王红梅', leaderTitle: '社区党委副书记', isDemo: false, active: true, learnerCount: 0, createdAt: now, updatedAt: now },
    });
}

export async function addLearner(openid: string, pointId: string, branchId: string, name: string): Promise<void> {
  const now = new Date();
  await database()
    .collection('learners')
    .add({
      data: { _id: openid, pointId, branchId, name, gender: 'female', birthYear: 1958, occupation: 'retired', phone: '13800000000', consentAt: now, enrolledAt: now, transfers: [] },
    });
}

export async function grant(openid: string, role: Role, scopeId: string): Promise<void> {
  await database()
    .collection('roles')
    .doc(roleDocId(openid, role, scopeId))
    .set({ data: { openid, role, scopeId, grantedBy: HEAD, grantedAt: new Date() } });
}

/**
 * The units of the staff statistics page tests: points 解放碑 `pt_jfb` and 七星岗 `pt_qxg` (渝中),
 * 观音桥 `pt_gyq` (江北), and `ba-yz`, the 渝中 branch admin.
 */
export async function addReportUnits(): Promise<void> {
  await addPoint('pt_jfb', YUZHONG, '解放碑社区');
  await addPoint('pt_qxg', YUZHONG, '七星岗社区');
  await addPoint('pt_gyq', JIANGBEI, '观音桥社区');
  await grant('ba-yz', 'branch_admin', YUZHONG);
}

let phoneSeq = 0;
export function phone(): string {
  phoneSeq++;
  return `139${String(10000000 + phoneSeq).slice(-8)}`;
}

/** Registers `openid` and makes them an approved member of the team (approved by `approver`). */
export async function member(v: Vol, teamId: string, openid: string, approver: string, realName = '李四平'): Promise<void> {
  await v.ok('register', { realName, phone: phone(), skills: ['健康科普'] }, openid);
  await v.ok('joinTeam', { teamId }, openid);
  await v.ok('reviewMember', { teamId, openid, approve: true }, approver);
}

export const HOUR = 3600_000;

/** An ISO time `offsetMs` from now. */
export function at(offsetMs: number): string {
  return new Date(Date.now() + offsetMs).toISOString();
}

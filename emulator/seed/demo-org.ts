import { HEAD_SCOPE, roleDocId, ROLES_COLLECTION } from '../../cloudfunctions/_shared/authz';
import { database } from '../../cloudfunctions/_shared/cloud';
import type { FunctionHost } from '../host';
import { DEMO_ACCOUNTS } from './accounts';

/**
 * Demo organisation: teaching points in five main-city districts with real-looking addresses and
 * coordinates, two demonstration points, the demo staff accounts' roles, and the demo learners.
 * Everything goes through the real `org` and `user` actions, except the head admin's own role
 * document (the one thing production gets from HEAD_ADMIN_OPENIDS or the operator).
 * Re-running is harmless: grants and enrollments are idempotent, existing points are reused.
 */

interface DemoPoint {
  key: string;
  branchId: string;
  name: string;
  address: string;
  leaderName: string;
  leaderTitle: '社区党委副书记' | '教科文卫委员';
  location: { latitude: number; longitude: number };
  isDemo?: boolean;
}

const YUZHONG = 'br_500103';
const JIANGBEI = 'br_500105';

export const DEMO_POINTS: DemoPoint[] = [
  { key: 'jiefangbei', branchId: YUZHONG, name: '解放碑街道解放碑社区', address: '重庆市渝中区解放碑街道民族路188号社区服务中心二楼', leaderName: '王建华', leaderTitle: '社区党委副书记', location: { latitude: 29.5576, longitude: 106.5772 }, isDemo: true },
  { key: 'tongyuanmen', branchId: YUZHONG, name: '七星岗街道通远门社区', address: '重庆市渝中区七星岗街道中山一路76号', leaderName: '李秀梅', leaderTitle: '教科文卫委员', location: { latitude: 29.5569, longitude: 106.5594 } },
  { key: 'daping', branchId: YUZHONG, name: '大坪街道大坪正街社区', address: '重庆市渝中区大坪正街118号党群服务中心', leaderName: '陈国庆', leaderTitle: '社区党委副书记', location: { latitude: 29.5389, longitude: 106.5161 } },
  { key: 'guanyinqiao', branchId: JIANGBEI, name: '观音桥街道建新东路社区', address: '重庆市江北区观音桥街道建新东路36号', leaderName: '周丽华', leaderTitle: '社区党委副书记', location: { latitude: 29.5753, longitude: 106.5326 }, isDemo: true },
  { key: 'wulidian', branchId: JIANGBEI, name: '五里店街道五江路社区', address: '重庆市江北区五里店街道五江路9号', leaderName: '吴志刚', leaderTitle: '教科文卫委员', location: { latitude: 29.587, longitude: 106.5677 } },
  { key: 'shapingba', branchId: 'br_500106', name: '沙坪坝街道正街社区', address: '重庆市沙坪坝区沙坪坝正街56号', leaderName: '刘晓燕', leaderTitle: '社区党委副书记', location: { latitude: 29.5562, longitude: 106.4577 } },
  { key: 'ciqikou', branchId: 'br_500106', name: '磁器口街道磁器口社区', address: '重庆市沙坪坝区磁器口街道磁南街12号', leaderName: '赵德明', leaderTitle: '教科文卫委员', location: { latitude: 29.5796, longitude: 106.4497 } },
  { key: 'yangjiaping', branchId: 'br_500107', name: '杨家坪街道西郊路社区', address: '重庆市九龙坡区杨家坪街道西郊路27号', leaderName: '孙文静', leaderTitle: '社区党委副书记', location: { latitude: 29.5035, longitude: 106.5107 } },
  { key: 'xiejiawan', branchId: 'br_500107', name: '谢家湾街道华润社区', address: '重庆市九龙坡区谢家湾街道华润路8号', leaderName: '黄海涛', leaderTitle: '教科文卫委员', location: { latitude: 29.5181, longitude: 106.5213 } },
  { key: 'nanping', branchId: 'br_500108', name: '南坪街道南坪东路社区', address: '重庆市南岸区南坪街道南坪东路二巷3号', leaderName: '郑红英', leaderTitle: '社区党委副书记', location: { latitude: 29.5289, longitude: 106.5661 } },
  { key: 'danzishi', branchId: 'br_500108', name: '弹子石街道弹子石社区', address: '重庆市南岸区弹子石街道泰昌路15号', leaderName: '何建军', leaderTitle: '教科文卫委员', location: { latitude: 29.5726, longitude: 106.5955 } },
];

const DEMO_LEARNERS: Array<{ point: string; name: string; gender: 'male' | 'female'; birthYear: number; occupation: string; phone: string }> = [
  { point: 'jiefangbei', name: '张三明', gender: 'male', birthYear: 1956, occupation: 'retired', phone: '13800000001' },
  { point: 'jiefangbei', name: '李秀英', gender: 'female', birthYear: 1960, occupation: 'retired', phone: '13800000002' },
  { point: 'jiefangbei', name: '王建国', gender: 'male', birthYear: 1968, occupation: 'worker', phone: '13800000003' },
  { point: 'tongyuanmen', name: '刘桂芳', gender: 'female', birthYear: 1953, occupation: 'teacher', phone: '13800000004' },
  { point: 'guanyinqiao', name: '陈志强', gender: 'male', birthYear: 1975, occupation: 'self_employed', phone: '13800000005' },
  { point: 'nanping', name: '赵淑华', gender: 'female', birthYear: 1958, occupation: 'medical', phone: '13800000006' },
];

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

async function call<T>(host: FunctionHost, fn: string, event: Record<string, unknown>, openid: string): Promise<Envelope<T>> {
  return (await host.invoke(fn, event, { openid })) as Envelope<T>;
}

async function must<T>(host: FunctionHost, fn: string, event: Record<string, unknown>, openid: string): Promise<T> {
  const res = await call<T>(host, fn, event, openid);
  if (!res.ok) throw new Error(`demo seed: ${fn}.${String(event.action)} failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

/** The creator of a point: the branch's demo admin where there is one, otherwise the head admin. */
function creatorOf(branchId: string): string {
  if (branchId === YUZHONG) return DEMO_ACCOUNTS.branchAdminYuzhong;
  if (branchId === JIANGBEI) return DEMO_ACCOUNTS.branchAdminJiangbei;
  return DEMO_ACCOUNTS.headAdmin;
}

async function ensurePoint(host: FunctionHost, p: DemoPoint): Promise<string> {
  const creator = creatorOf(p.branchId);
  const { key: _key, isDemo: _isDemo, ...input } = p;
  const res = await call<{ pointId: string }>(host, 'org', { action: 'createPoint', ...input }, creator);
  if (res.ok) return res.data.pointId;
  if (res.error.code !== 'ALREADY_EXISTS') throw new Error(`demo seed: createPoint ${p.name}: ${res.error.message}`);
  const page = await must<{ items: { id: string; name: string }[] }>(host, 'org', { action: 'listBranchPoints', branchId: p.branchId, limit: 100 }, creator);
  const found = page.items.find((i) => i.name === p.name);
  if (!found) throw new Error(`demo seed: point ${p.name} exists but was not listed`);
  return found.id;
}

export async function seedOrgDemo(host: FunctionHost): Promise<{ points: Record<string, string> }> {
  const head = DEMO_ACCOUNTS.headAdmin;
  const db = database();
  // The only direct write: the demo head admin's role (production: HEAD_ADMIN_OPENIDS).
  await db
    .collection(ROLES_COLLECTION)
    .doc(roleDocId(head, 'head_admin', HEAD_SCOPE))
    .set({ data: { openid: head, role: 'head_admin', scopeId: HEAD_SCOPE, grantedBy: 'demo-seed', grantedAt: new Date() } });

  await must(host, 'org', { action: 'grantRole', openid: DEMO_ACCOUNTS.branchAdminYuzhong, role: 'branch_admin', scopeId: YUZHONG }, head);
  await must(host, 'org', { action: 'grantRole', openid: DEMO_ACCOUNTS.branchAdminJiangbei, role: 'branch_admin', scopeId: JIANGBEI }, head);

  const points: Record<string, string> = {};
  for (const p of DEMO_POINTS) {
    points[p.key] = await ensurePoint(host, p);
    if (p.isDemo) await must(host, 'org', { action: 'setDemoPoint', pointId: points[p.key], isDemo: true }, head);
  }

  // The 解放碑 point's admin, appointed by its branch.
  await must(host, 'org', { action: 'grantRole', openid: DEMO_ACCOUNTS.pointAdminJiefangbei, role: 'point_admin', scopeId: points.jiefangbei }, DEMO_ACCOUNTS.branchAdminYuzhong);

  for (const [i, l] of DEMO_LEARNERS.entries()) {
    const openid = DEMO_ACCOUNTS.learners[i];
    if (!openid) break;
    const { point, ...profile } = l;
    await must(host, 'user', { action: 'enroll', pointId: points[point], ...profile, consent: true }, openid);
  }
  return { points };
}

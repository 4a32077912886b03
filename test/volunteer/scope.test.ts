/**
 * Role scope of every leader/staff action, table-driven: who may act on team T1 (point P1 of the
 * 渝中 branch) and who gets PERMISSION_DENIED (staff of other units, another team's leader, a
 * plain member) or UNAUTHENTICATED (anonymous).
 */
import { errorCode, type LocalCloud } from '../support/cloud';
import { HEAD, HOUR, JIANGBEI, YUZHONG, addPoint, at, grant, member, phone, startVolunteerCloud, type Vol } from './fixtures';

let cloud: LocalCloud;
let v: Vol;
const P1 = 'pt_scope1';
const P2 = 'pt_scope2';
const P3 = 'pt_scope3';
let T1: string;
let A1: string;
let R1: string;
const YEAR = new Date(Date.now() + 8 * HOUR).getUTCFullYear();

type Actor = 'head' | 'branchYZ' | 'branchJB' | 'pointP1' | 'pointP3' | 'leaderT1' | 'leaderT2' | 'member' | 'anonymous';
const OPENID: Record<Actor, string | undefined> = {
  head: HEAD,
  branchYZ: 'badmin-yz',
  branchJB: 'badmin-jb',
  pointP1: 'padmin-p1',
  pointP3: 'padmin-p3',
  leaderT1: 'lead-t1',
  leaderT2: 'lead-t2',
  member: 'mem',
  anonymous: undefined,
};
const ALL: Actor[] = Object.keys(OPENID) as Actor[];
const STAFF_OF_P1: Actor[] = ['head', 'branchYZ', 'pointP1'];
const MANAGERS_OF_T1: Actor[] = [...STAFF_OF_P1, 'leaderT1'];

beforeAll(async () => {
  ({ cloud, v } = await startVolunteerCloud());
  await addPoint(P1, YUZHONG, '石油路社区');
  await addPoint(P2, JIANGBEI, '五里店社区');
  await addPoint(P3, YUZHONG, '大溪沟社区');
  await grant('badmin-yz', 'branch_admin', YUZHONG);
  await grant('badmin-jb', 'branch_admin', JIANGBEI);
  await grant('padmin-p1', 'point_admin', P1);
  await grant('padmin-p3', 'point_admin', P3);
  for (const id of ['lead-t1', 'lead-t2']) await v.ok('register', { realName: '队长', phone: phone() }, id);
  ({ teamId: T1 } = await v.ok('createTeam', { unitId: P1, leaderOpenid: 'lead-t1' }, HEAD));
  await v.ok('createTeam', { unitId: P2, leaderOpenid: 'lead-t2' }, HEAD);
  await member(v, T1, 'mem', 'lead-t1');
  await member(v, T1, 'owner', 'lead-t1');
  await v.ok('register', { realName: '申请人', phone: phone() }, 'applicant');
  await v.ok('joinTeam', { teamId: T1 }, 'applicant');
  ({ activityId: A1 } = await v.ok('createActivity', { teamId: T1, title: '范围测试', startsAt: at(HOUR / 2), endsAt: at(3 * HOUR), location: '社区', slots: 5, hours: 2 }, 'lead-t1'));
  await v.ok('signupActivity', { activityId: A1 }, 'owner');
  cloud.setClockOffset(HOUR);
  ({ recordId: R1 } = await v.ok('logHours', { activityId: A1, hours: 1 }, 'owner'));
});
afterAll(() => cloud.close());

const cases: Array<{ action: string; params: () => Record<string, unknown>; allowed: Actor[]; actors?: Actor[] }> = [
  { action: 'createTeam', params: () => ({ unitId: P1 }), allowed: STAFF_OF_P1 },
  { action: 'changeLeader', params: () => ({ teamId: T1, leaderOpenid: 'lead-t1' }), allowed: STAFF_OF_P1 },
  { action: 'reviewMember', params: () => ({ teamId: T1, openid: 'applicant', approve: true }), allowed: MANAGERS_OF_T1 },
  { action: 'listMembers', params: () => ({ teamId: T1 }), allowed: MANAGERS_OF_T1 },
  { action: 'createActivity', params: () => ({ teamId: T1, title: '新活动', startsAt: at(5 * HOUR), endsAt: at(6 * HOUR), location: '社区', slots: 3, hours: 1 }), allowed: MANAGERS_OF_T1 },
  // signinCode renders a QR (about 1.5 s under jest): one allowed actor of each kind is enough.
  { action: 'signinCode', params: () => ({ activityId: A1 }), allowed: MANAGERS_OF_T1, actors: ['branchYZ', 'leaderT1', 'branchJB', 'pointP3', 'leaderT2', 'member', 'anonymous'] },
  { action: 'reviewHours', params: () => ({ recordId: R1, approve: true }), allowed: MANAGERS_OF_T1 },
  { action: 'listClaims', params: () => ({ teamId: T1 }), allowed: MANAGERS_OF_T1 },
  { action: 'teamReport', params: () => ({ teamId: T1, year: YEAR }), allowed: MANAGERS_OF_T1 },
  { action: 'teamReport', params: () => ({ unitId: P1, year: YEAR }), allowed: STAFF_OF_P1 },
  { action: 'teamReport', params: () => ({ year: YEAR }), allowed: ['head'] },
  { action: 'export', params: () => ({ teamId: T1, year: YEAR, format: 'csv' }), allowed: MANAGERS_OF_T1 },
  { action: 'export', params: () => ({ unitId: YUZHONG, year: YEAR, format: 'csv' }), allowed: ['head', 'branchYZ'] },
  { action: 'officerStats', params: () => ({ pointId: P1 }), allowed: STAFF_OF_P1 },
  { action: 'officerStats', params: () => ({ branchId: YUZHONG }), allowed: ['head', 'branchYZ'] },
];

describe.each(cases)('$action $params', ({ action, params, allowed, actors }) => {
  test.each(actors ?? ALL)('%s', async (actor) => {
    const res: any = await v.call(action, params(), OPENID[actor]);
    if (actor === 'anonymous') expect(errorCode(res)).toBe('UNAUTHENTICATED');
    else if (allowed.includes(actor)) expect(res).toMatchObject({ ok: true });
    else expect(errorCode(res)).toBe('PERMISSION_DENIED');
  });
});

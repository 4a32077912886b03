import { errorCode, expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { enrollInput, HEAD, JIANGBEI, LEARNER_PHONE, PEOPLE, pointInput, setupOrg, YUZHONG, type OrgFixture } from './fixtures';

/**
 * Every org and user action × every kind of caller: allowed, or denied with the exact code.
 * "right" branch = 渝中区 (point A's branch); "the point" = A; "another point" = B, A's sibling.
 */
const PERSONAS = {
  anonymous: undefined,
  user: PEOPLE.user,
  learner: PEOPLE.learner,
  head_admin: PEOPLE.head,
  branch_admin: PEOPLE.branchAdminYuzhong,
  branch_admin_other: PEOPLE.branchAdminJiangbei,
  point_admin: PEOPLE.pointAdminA,
  point_admin_other: PEOPLE.pointAdminB,
} as const;
type Persona = keyof typeof PERSONAS;
type Outcome = 'OK' | 'UNAUTHENTICATED' | 'PERMISSION_DENIED' | 'NOT_FOUND' | 'FAILED_PRECONDITION';
type Expected = Record<Persona, Outcome>;

const PD = 'PERMISSION_DENIED';
const ALL_OK: Expected = { anonymous: 'OK', user: 'OK', learner: 'OK', head_admin: 'OK', branch_admin: 'OK', branch_admin_other: 'OK', point_admin: 'OK', point_admin_other: 'OK' };
const ANY_USER: Expected = { ...ALL_OK, anonymous: 'UNAUTHENTICATED' };
const HEAD_ONLY: Expected = { anonymous: 'UNAUTHENTICATED', user: PD, learner: PD, head_admin: 'OK', branch_admin: PD, branch_admin_other: PD, point_admin: PD, point_admin_other: PD };
const BRANCH_STAFF: Expected = { ...HEAD_ONLY, branch_admin: 'OK' };
const POINT_STAFF: Expected = { ...BRANCH_STAFF, point_admin: 'OK' };

interface Row {
  fn: 'org' | 'user';
  action: string;
  params: (f: OrgFixture, who: Persona) => Record<string, unknown>;
  expected: Expected;
  before?: (f: OrgFixture, who: Persona) => Promise<void>;
  after?: (f: OrgFixture, who: Persona, data: unknown) => Promise<void>;
}

let cloud: LocalCloud;
let fixture: OrgFixture;
const asHead = async (fn: string, event: Record<string, unknown>) => expectOk(await cloud.call(fn, event, HEAD));
const pointActive = async (pointId: string) => expectOk<{ active: boolean }>(await cloud.call('org', { action: 'getPoint', pointId })).active;

const ROWS: Row[] = [
  { fn: 'org', action: 'listBranches', params: () => ({}), expected: ALL_OK },
  { fn: 'org', action: 'listPoints', params: () => ({ branchId: YUZHONG }), expected: ALL_OK },
  { fn: 'org', action: 'listPoints', params: () => ({ near: { latitude: 29.56, longitude: 106.57 }, limit: 2 }), expected: ALL_OK },
  { fn: 'org', action: 'getPoint', params: (f) => ({ pointId: f.pointA }), expected: ALL_OK },
  { fn: 'org', action: 'createPoint', params: (_f, who) => pointInput(YUZHONG, `矩阵${who}`), expected: BRANCH_STAFF },
  { fn: 'org', action: 'updatePoint', params: (f, who) => ({ pointId: f.pointA, address: `重庆市渝中区民族路${who.length}号` }), expected: POINT_STAFF },
  {
    fn: 'org',
    action: 'deactivatePoint',
    params: (f) => ({ pointId: f.pointA, reason: '场地改造暂停' }),
    expected: BRANCH_STAFF,
    after: async (f) => {
      if (!(await pointActive(f.pointA))) await asHead('org', { action: 'reactivatePoint', pointId: f.pointA });
    },
  },
  {
    fn: 'org',
    action: 'reactivatePoint',
    params: (f) => ({ pointId: f.pointA }),
    expected: BRANCH_STAFF,
    before: async (f) => void (await asHead('org', { action: 'deactivatePoint', pointId: f.pointA, reason: '场地改造暂停' })),
    after: async (f) => {
      if (!(await pointActive(f.pointA))) await asHead('org', { action: 'reactivatePoint', pointId: f.pointA });
    },
  },
  {
    fn: 'org',
    action: 'setDemoPoint',
    params: (f) => ({ pointId: f.pointA, isDemo: true }),
    expected: HEAD_ONLY,
    after: async (f) => void (await asHead('org', { action: 'setDemoPoint', pointId: f.pointA, isDemo: false })),
  },
  { fn: 'org', action: 'listBranchPoints', params: () => ({ branchId: YUZHONG }), expected: BRANCH_STAFF },
  { fn: 'org', action: 'grantRole', params: (f, who) => ({ openid: `new-pa-${who}`, role: 'point_admin', scopeId: f.pointA }), expected: BRANCH_STAFF },
  { fn: 'org', action: 'grantRole', params: (_f, who) => ({ openid: `new-ba-${who}`, role: 'branch_admin', scopeId: YUZHONG }), expected: HEAD_ONLY },
  {
    fn: 'org',
    action: 'revokeRole',
    params: (f, who) => ({ openid: `rv-${who}`, role: 'point_admin', scopeId: f.pointA }),
    expected: BRANCH_STAFF,
    before: async (f, who) => void (await asHead('org', { action: 'grantRole', openid: `rv-${who}`, role: 'point_admin', scopeId: f.pointA })),
  },
  { fn: 'org', action: 'listRoles', params: (f) => ({ unitId: f.pointA }), expected: POINT_STAFF },
  { fn: 'org', action: 'listRoles', params: () => ({ unitId: YUZHONG }), expected: BRANCH_STAFF },
  { fn: 'org', action: 'branchStats', params: () => ({}), expected: HEAD_ONLY },
  { fn: 'org', action: 'listAudit', params: (f) => ({ unitId: f.pointA }), expected: POINT_STAFF },
  { fn: 'org', action: 'listAudit', params: () => ({}), expected: HEAD_ONLY },
  { fn: 'user', action: 'me', params: () => ({}), expected: ANY_USER },
  {
    fn: 'user',
    action: 'enroll',
    params: (f) => enrollInput(f.pointA, { phone: '13900001111' }),
    expected: ANY_USER,
    after: async (f, who) => {
      const openid = PERSONAS[who];
      if (!openid) return;
      if (who === 'learner') expectOk(await cloud.call('user', { action: 'enroll', ...enrollInput(f.pointA) }, openid));
      else expectOk(await cloud.call('user', { action: 'withdraw', confirm: true }, openid));
    },
  },
  {
    fn: 'user',
    action: 'withdraw',
    params: () => ({ confirm: true }),
    expected: { ...HEAD_ONLY, learner: 'OK', head_admin: PD },
    after: async (f, who) => {
      if (who === 'learner') expectOk(await cloud.call('user', { action: 'enroll', ...enrollInput(f.pointA) }, PEOPLE.learner));
    },
  },
  { fn: 'user', action: 'listLearners', params: (f) => ({ pointId: f.pointA }), expected: POINT_STAFF },
  {
    fn: 'user',
    action: 'getLearner',
    params: () => ({ openid: PEOPLE.learner }),
    // Staff of other units (another branch, a sibling point) are refused: security review.
    expected: { ...POINT_STAFF, learner: 'OK' },
  },
];

beforeAll(async () => {
  cloud = await startTestCloud();
  fixture = await setupOrg(cloud);
});
afterAll(() => cloud.close());

test.each(ROWS.map((r) => [`${r.fn}.${r.action}`, r] as const))('%s', async (_name, row) => {
  const actual = {} as Record<Persona, Outcome>;
  for (const who of Object.keys(PERSONAS) as Persona[]) {
    await row.before?.(fixture, who);
    const res = (await cloud.call(row.fn, { action: row.action, ...row.params(fixture, who) }, PERSONAS[who])) as { ok: boolean; data?: unknown };
    actual[who] = res.ok ? 'OK' : (errorCode(res) as Outcome);
    await row.after?.(fixture, who, res.data);
  }
  expect(actual).toEqual(row.expected);
});

test('getLearner: the learner and staff of the learner’s point or above see the full phone; other units’ staff see nothing', async () => {
  const seen: Record<string, string> = {};
  for (const who of ['learner', 'head_admin', 'branch_admin', 'point_admin', 'branch_admin_other', 'point_admin_other'] as Persona[]) {
    const res = (await cloud.call('user', { action: 'getLearner', openid: PEOPLE.learner }, PERSONAS[who])) as { ok: boolean; data?: { phone: string } };
    seen[who] = res.ok ? res.data!.phone : errorCode(res);
  }
  expect(seen).toEqual({
    learner: LEARNER_PHONE,
    head_admin: LEARNER_PHONE,
    branch_admin: LEARNER_PHONE,
    point_admin: LEARNER_PHONE,
    branch_admin_other: PD,
    point_admin_other: PD,
  });
});

test('a branch admin cannot grant a point admin for another branch’s point, nor grant beyond its role', async () => {
  const c = await cloud.call('org', { action: 'grantRole', openid: 'x1', role: 'point_admin', scopeId: fixture.pointC }, PEOPLE.branchAdminYuzhong);
  expect(errorCode(c)).toBe(PD);
  const ba = await cloud.call('org', { action: 'grantRole', openid: 'x1', role: 'branch_admin', scopeId: JIANGBEI }, PEOPLE.branchAdminYuzhong);
  expect(errorCode(ba)).toBe(PD);
  const head = await cloud.call('org', { action: 'grantRole', openid: 'x1', role: 'head_admin', scopeId: YUZHONG }, HEAD);
  expect(errorCode(head)).toBe(PD);
  const pa = await cloud.call('org', { action: 'grantRole', openid: 'x1', role: 'point_admin', scopeId: fixture.pointB }, PEOPLE.pointAdminA);
  expect(errorCode(pa)).toBe(PD);
});

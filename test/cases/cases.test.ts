import { database } from '../../cloudfunctions/_shared/cloud';
import { shanghaiYear } from '../../cloudfunctions/_shared/time';
import { observePlans, type PlanRecord } from '../../emulator/engine';
import type { KeyDay } from '../../typings/volunteer';
import { BRANCH_ADMIN, enrollLearners, HEAD, JIANGBEI, OTHER_POINT_ADMIN, POINT_ADMIN, setupCourseOrg, YUZHONG } from '../course/fixtures';
import { errorCode, expectOk, startTestCloud, typedApi, type LocalCloud } from '../support/cloud';

const HOUR = 3600_000;
const JIANGBEI_ADMIN = 'cases-ba-jiangbei';
let cloud: LocalCloud;
let api: ReturnType<typeof typedApi>;
let org: { pointA: string; pointB: string; pointC: string };
const year = shanghaiYear(new Date(Date.now() + 26 * HOUR));
const courses: string[] = [];
let activityId: string;
const plans: PlanRecord[] = [];
let stopPlans: () => void;

function photo(name: string, risky = false): string {
  return cloud.platform.storage.put(`cases/${name}`, Buffer.from(risky ? 'JPG risky' : `JPG ${name}`), { at: new Date() });
}

async function course(title: string, keyDay: KeyDay | undefined, hours = 2): Promise<string> {
  const startsAt = new Date(Date.now() + 26 * HOUR);
  const endsAt = new Date(startsAt.getTime() + hours * HOUR);
  return expectOk<{ courseId: string }>(
    await cloud.call(
      'course',
      { action: 'create', pointId: org.pointA, title, topic: '病', teacherName: '刘医生', startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), location: '社区活动室', capacity: 30, ...(keyDay ? { keyDay } : {}) },
      POINT_ADMIN,
    ),
  ).courseId;
}

const summary = '本次活动围绕健康科普开展，社区居民踊跃参加，现场互动热烈，效果良好。';

beforeAll(async () => {
  cloud = await startTestCloud();
  api = typedApi(cloud);
  org = await setupCourseOrg(cloud);
  expectOk(await cloud.call('org', { action: 'grantRole', openid: JIANGBEI_ADMIN, role: 'branch_admin', scopeId: JIANGBEI }, HEAD));
  stopPlans = observePlans((p) => plans.push(p));

  const learners = ['cases-l1', 'cases-l2', 'cases-l3'];
  await enrollLearners(cloud, org.pointA, learners, {}, 700);
  for (const [i, kd] of (['全国科普日', '全国科普日', '全国科普日', '科技活动周', '科技工作者日'] as const).entries()) courses.push(await course(`科普日课程${i + 1}`, kd, i === 0 ? 3 : 2));
  courses.push(await course('普通课程', undefined));
  const cancelled = await course('取消的科普日课程', '全国科普日');
  expectOk(await cloud.call('course', { action: 'cancelCourse', courseId: cancelled, reason: '场地临时维修' }, POINT_ADMIN));
  for (const l of learners) expectOk(await cloud.call('course', { action: 'signup', courseId: courses[0] }, l));

  // A volunteer activity on 全国科普日 with two approved claims (2 h and 1.5 h).
  const v = (action: string, params: Record<string, unknown>, openid: string) => cloud.call('volunteer', { action, ...params }, openid);
  const { teamId } = expectOk<{ teamId: string }>(await v('createTeam', { unitId: org.pointA, name: '解放碑科普志愿队' }, POINT_ADMIN));
  const startsAt = new Date(Date.now() + 25 * HOUR);
  activityId = expectOk<{ activityId: string }>(
    await v('createActivity', { teamId, title: '科普日义诊', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(), location: '解放碑广场', slots: 10, hours: 2, keyDay: '全国科普日' }, POINT_ADMIN),
  ).activityId;
  for (const [i, openid] of ['cases-v1', 'cases-v2'].entries()) {
    expectOk(await v('register', { realName: i ? '李秀英' : '王建国', phone: `1391234000${i}`, consent: true }, openid));
    expectOk(await v('joinTeam', { teamId }, openid));
    expectOk(await v('reviewMember', { teamId, openid, approve: true }, POINT_ADMIN));
    expectOk(await v('signupActivity', { activityId }, openid));
  }
  cloud.setClockOffset(26.5 * HOUR);
  for (const l of learners.slice(0, 2)) expectOk(await cloud.call('course', { action: 'checkinByStaff', courseId: courses[0], openid: l }, POINT_ADMIN));
  cloud.setClockOffset(30 * HOUR);
  for (const [i, openid] of ['cases-v1', 'cases-v2'].entries()) {
    const { recordId } = expectOk<{ recordId: string }>(await v('logHours', { activityId, hours: i ? 1.5 : 2 }, openid));
    expectOk(await v('reviewHours', { recordId, approve: true }, POINT_ADMIN));
  }
}, 120_000);
afterAll(() => {
  stopPlans();
  cloud.close();
});

test('keyDayReport rolls up science-day courses and volunteer activities per point, branch and city', async () => {
  const point = await api.ok('cases', 'keyDayReport', { year, pointId: org.pointA }, POINT_ADMIN);
  const kepu = point.rows.find((r) => r.keyDay === '全国科普日')!;
  expect(kepu).toEqual({ keyDay: '全国科普日', courses: { count: 3, attendances: 2, hours: 7 }, volunteer: { count: 1, participants: 2, hours: 3.5 } });
  expect(point.rows.find((r) => r.keyDay === '科技活动周')!.courses.count).toBe(1);
  expect(point.rows.map((r) => r.keyDay)).toEqual(['全国科普日', '科技工作者日', '科技活动周']);
  const branch = await api.ok('cases', 'keyDayReport', { year, branchId: YUZHONG }, BRANCH_ADMIN);
  expect(branch.rows.find((r) => r.keyDay === '全国科普日')).toEqual(kepu);
  const city = await api.ok('cases', 'keyDayReport', { year }, HEAD);
  expect(city).toMatchObject({ level: 'city', unitId: null });
  expect(city.rows.find((r) => r.keyDay === '全国科普日')).toEqual(kepu);
  const other = await api.ok('cases', 'keyDayReport', { year, branchId: JIANGBEI }, JIANGBEI_ADMIN);
  expect(other.rows.every((r) => r.courses.count === 0 && r.volunteer.count === 0)).toBe(true);
  expect(errorCode(await api.call('cases', 'keyDayReport', { year, pointId: org.pointA }, OTHER_POINT_ADMIN))).toBe('PERMISSION_DENIED');
  expect(errorCode(await api.call('cases', 'keyDayReport', { year }, BRANCH_ADMIN))).toBe('PERMISSION_DENIED');
});

test('cases: only the branch submits, with checked photos, figures from the records, within its quota under concurrency', async () => {
  const input = (kind: 'course' | 'volunteer', id: string) => ({ activityKind: kind, activityId: id, summary, photos: [photo(`${id}-1.jpg`), photo(`${id}-2.jpg`)] });
  expect(errorCode(await api.call('cases', 'submitCase', input('course', courses[0]), POINT_ADMIN))).toBe('PERMISSION_DENIED');
  expect(errorCode(await api.call('cases', 'submitCase', input('course', courses[0]), JIANGBEI_ADMIN))).toBe('PERMISSION_DENIED');
  expect(errorCode(await api.call('cases', 'submitCase', input('course', courses[0]), HEAD))).toBe('PERMISSION_DENIED');
  const risky = await api.call('cases', 'submitCase', { ...input('course', courses[0]), photos: [photo('ok.jpg'), photo('bad.jpg', true)] }, BRANCH_ADMIN);
  expect(errorCode(risky)).toBe('INVALID_ARGUMENT');
  expect(JSON.stringify(risky)).toContain('第2张照片');
  expect(errorCode(await api.call('cases', 'submitCase', { ...input('course', courses[0]), summary: `${summary}赌博` }, BRANCH_ADMIN))).toBe('INVALID_ARGUMENT');
  expect(await api.ok('cases', 'caseQuota', { year, branchId: YUZHONG }, BRANCH_ADMIN)).toEqual({ year, branchId: YUZHONG, quota: 3, used: 0, remaining: 3 });

  // Six ended activities at once, three places: exactly three cases.
  const all = [input('volunteer', activityId), ...courses.map((c) => input('course', c))];
  const results = await Promise.all(all.map((p) => api.call('cases', 'submitCase', p, BRANCH_ADMIN)));
  expect(results.filter((r) => r.ok)).toHaveLength(3);
  expect(results.filter((r) => !r.ok).map(errorCode)).toEqual(['RESOURCE_EXHAUSTED', 'RESOURCE_EXHAUSTED', 'RESOURCE_EXHAUSTED', 'RESOURCE_EXHAUSTED'].slice(0, all.length - 3));
  expect(await api.ok('cases', 'caseQuota', { year, branchId: YUZHONG }, BRANCH_ADMIN)).toMatchObject({ used: 3, remaining: 0 });
  expect((await database().collection('activityCases').where({ year, branchId: YUZHONG }).count()).total).toBe(3);

  // Only the head school sets the quota, never below what was used.
  expect(errorCode(await api.call('cases', 'setCaseQuota', { year, branchId: YUZHONG, quota: 10 }, BRANCH_ADMIN))).toBe('PERMISSION_DENIED');
  expect(errorCode(await api.call('cases', 'setCaseQuota', { year, branchId: YUZHONG, quota: 2 }, HEAD))).toBe('FAILED_PRECONDITION');
  expect(await api.ok('cases', 'setCaseQuota', { year, branchId: YUZHONG, quota: 8 }, HEAD)).toMatchObject({ quota: 8, used: 3, remaining: 5 });
  const rest = await Promise.all(all.map((p) => api.call('cases', 'submitCase', p, BRANCH_ADMIN)));
  expect(rest.filter((r) => r.ok)).toHaveLength(all.length - 3);
  expect(rest.filter((r) => !r.ok).map(errorCode)).toEqual(['ALREADY_EXISTS', 'ALREADY_EXISTS', 'ALREADY_EXISTS']);
  expect(await api.ok('cases', 'caseQuota', { year, branchId: YUZHONG }, HEAD)).toMatchObject({ quota: 8, used: all.length, remaining: 8 - all.length });

  const list = await api.ok('cases', 'listCases', { year, branchId: YUZHONG }, BRANCH_ADMIN);
  expect(list.items).toHaveLength(all.length);
  const vol = list.items.find((c) => c.activityKind === 'volunteer')!;
  expect(vol).toMatchObject({ title: '科普日义诊', keyDay: '全国科普日', figures: { signups: 2, participants: 2, hours: 3.5 }, status: 'submitted', funding: null });
  const first = list.items.find((c) => c.activityId === courses[0])!;
  expect(first.figures).toEqual({ signups: 3, participants: 2, hours: 3 });
  const detail = await api.ok('cases', 'getCase', { caseId: vol.id }, BRANCH_ADMIN);
  expect(detail.photoUrls).toHaveLength(2);
  expect(detail.photoUrls[0]).toMatch(/^http/);
  expect(errorCode(await api.call('cases', 'getCase', { caseId: vol.id }, JIANGBEI_ADMIN))).toBe('PERMISSION_DENIED');
  expect(errorCode(await api.call('cases', 'listCases', { year }, BRANCH_ADMIN))).toBe('PERMISSION_DENIED');
});

test('caseCandidates: the branch’s ended science-day activities with the figures a case carries, and the case of each', async () => {
  const res = await api.ok('cases', 'caseCandidates', { year, branchId: YUZHONG }, BRANCH_ADMIN);
  // Five science-day courses and the volunteer activity; the plain and the cancelled course are not candidates.
  expect(res.items.map((c) => c.title).sort()).toEqual(['科普日义诊', '科普日课程1', '科普日课程2', '科普日课程3', '科普日课程4', '科普日课程5']);
  expect(res.items.find((c) => c.activityKind === 'volunteer')).toMatchObject({ activityId, keyDay: '全国科普日', figures: { signups: 2, participants: 2, hours: 3.5 } });
  expect(res.items.find((c) => c.activityId === courses[0])!.figures).toEqual({ signups: 3, participants: 2, hours: 3 });
  const cases = (await api.ok('cases', 'listCases', { year, branchId: YUZHONG }, BRANCH_ADMIN)).items;
  expect(res.items.every((c) => c.caseId === cases.find((k) => k.activityId === c.activityId)?.id)).toBe(true);
  expect((await api.ok('cases', 'caseCandidates', { year: year - 1, branchId: YUZHONG }, HEAD)).items).toEqual([]);
  expect(errorCode(await api.call('cases', 'caseCandidates', { year, branchId: YUZHONG }, JIANGBEI_ADMIN))).toBe('PERMISSION_DENIED');
  expect(errorCode(await api.call('cases', 'caseCandidates', { year, branchId: YUZHONG }, POINT_ADMIN))).toBe('PERMISSION_DENIED');
});

test('only the head school selects and funds; the branch sees the result', async () => {
  const [a, b] = (await api.ok('cases', 'listCases', { year }, HEAD)).items;
  for (const who of [BRANCH_ADMIN, POINT_ADMIN, JIANGBEI_ADMIN]) {
    expect(errorCode(await api.call('cases', 'selectCase', { caseId: a.id, selected: true }, who))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('cases', 'fundCase', { caseId: a.id, amount: 3000, round: '2026年度', date: '2026-12-20' }, who))).toBe('PERMISSION_DENIED');
  }
  expect(errorCode(await api.call('cases', 'fundCase', { caseId: a.id, amount: 3000, round: '2026年度', date: '2026-12-20' }, HEAD))).toBe('FAILED_PRECONDITION');
  expect(await api.ok('cases', 'selectCase', { caseId: a.id, selected: true, note: '组织规范，成效突出' }, HEAD)).toEqual({ caseId: a.id, status: 'selected' });
  await api.ok('cases', 'selectCase', { caseId: b.id, selected: false }, HEAD);
  expect(await api.ok('cases', 'fundCase', { caseId: a.id, amount: 3000, round: '2026年度', date: '2026-12-20' }, HEAD)).toEqual({ caseId: a.id, amount: 3000 });
  expect(errorCode(await api.call('cases', 'fundCase', { caseId: a.id, amount: 3000, round: '2026年度', date: '2026-12-20' }, HEAD))).toBe('FAILED_PRECONDITION');
  expect(errorCode(await api.call('cases', 'fundCase', { caseId: b.id, amount: 3000, round: '2026年度', date: '2026-12-20' }, HEAD))).toBe('FAILED_PRECONDITION');
  expect(errorCode(await api.call('cases', 'selectCase', { caseId: a.id, selected: false }, HEAD))).toBe('FAILED_PRECONDITION');

  const seen = await api.ok('cases', 'listCases', { year, branchId: YUZHONG, status: 'selected' }, BRANCH_ADMIN);
  expect(seen.items.map((c) => [c.id, c.selectionNote, c.funding])).toEqual([[a.id, '组织规范，成效突出', { amount: 3000, round: '2026年度', date: '2026-12-20' }]]);
  const audit = (await database().collection<{ _id: string; action: string }>('audit').where({ targetId: a.id }).limit(20).get()).data.map((x) => x.action).sort();
  expect(audit).toEqual(['case.fund', 'case.select', 'case.submit']);
});

test('an activity that has not ended, or was cancelled, is not a case', async () => {
  cloud.setClockOffset(0);
  const future = await course('未结束的课程', '科技活动周');
  expect(errorCode(await api.call('cases', 'submitCase', { activityKind: 'course', activityId: future, summary, photos: [photo('f.jpg')] }, BRANCH_ADMIN))).toBe('FAILED_PRECONDITION');
  expect(errorCode(await api.call('cases', 'submitCase', { activityKind: 'volunteer', activityId: 'va_none', summary, photos: [photo('g.jpg')] }, BRANCH_ADMIN))).toBe('NOT_FOUND');
});

test('every query of the cases function is served by an index', () => {
  const mine = plans.filter((p) => p.functionName === 'cases');
  expect(mine.length).toBeGreaterThan(10);
  expect(mine.filter((p) => p.filtered && p.index === undefined)).toEqual([]);
});

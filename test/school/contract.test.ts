import { database } from '../../cloudfunctions/_shared/cloud';
import type { CourseOrg } from '../course/fixtures';
import { errorCode, expectOk, startTestCloud, typedApi, type LocalCloud } from '../support/cloud';
import { auditActions, BRANCH_ADMIN, clockAt, courseAt, evidenceFile, HEAD, JIANGBEI_ADMIN, LEARNERS, OTHER_POINT_ADMIN, png, POINT_ADMIN, setupSchool, walkIn, YUZHONG } from './fixtures';

let cloud: LocalCloud;
let api: ReturnType<typeof typedApi>;
let org: CourseOrg;

beforeAll(async () => {
  cloud = await startTestCloud();
  api = typedApi(cloud);
  org = await setupSchool(cloud);
}, 60_000);
afterAll(() => cloud.close());
afterEach(() => cloud.setClockOffset(0));

const YEAR = 2027;
const items = [
  { month: 1, topic: '病' as const, count: 2, title: '慢病防治' },
  { month: 2, topic: '食' as const, count: 1 },
  { month: 3, topic: '行' as const, count: 2 },
];

describe('teaching plans: draft → submitted → returned → resubmitted → approved', () => {
  test('a year long past, an unknown topic or month: Chinese refusal and nothing written', async () => {
    cloud.setClockOffset(clockAt('2027-01-05T10:00:00+08:00'));
    const past = await api.call('school', 'savePlan', { pointId: org.pointA, year: 2020, items }, POINT_ADMIN);
    expect(errorCode(past)).toBe('FAILED_PRECONDITION');
    expect(errorCode(await api.call('school', 'savePlan', { pointId: org.pointA, year: YEAR, items: [{ month: 13, topic: '病', count: 1 }] }, POINT_ADMIN))).toBe('INVALID_ARGUMENT');
    const badTopic = await cloud.call('school', { action: 'savePlan', pointId: org.pointA, year: YEAR, items: [{ month: 1, topic: '玩', count: 1 }] }, POINT_ADMIN);
    expect(errorCode(badTopic)).toBe('INVALID_ARGUMENT');
    expect((await database().collection('schoolPlans').where({ pointId: org.pointA }).count()).total).toBe(0);
  });

  test('only the point (or above) edits; only its branch or the head school reviews, never the point itself', async () => {
    cloud.setClockOffset(clockAt('2027-01-05T10:00:00+08:00'));
    expect(errorCode(await api.call('school', 'savePlan', { pointId: org.pointA, year: YEAR, items }, OTHER_POINT_ADMIN))).toBe('PERMISSION_DENIED');
    const saved = await api.ok('school', 'savePlan', { pointId: org.pointA, year: YEAR, items, note: '全年计划' }, POINT_ADMIN);
    expect(saved.status).toBe('draft');
    const again = await api.ok('school', 'savePlan', { pointId: org.pointA, year: YEAR, items: [...items, { month: 5, topic: '老', count: 3 }] }, POINT_ADMIN);
    expect(again.planId).toBe(saved.planId);
    const planId = saved.planId;
    expect(errorCode(await api.call('school', 'reviewPlan', { planId, approve: true }, BRANCH_ADMIN))).toBe('FAILED_PRECONDITION');
    expect(await api.ok('school', 'submitPlan', { planId }, POINT_ADMIN)).toEqual({ status: 'submitted', submissions: 1 });
    expect(errorCode(await api.call('school', 'savePlan', { pointId: org.pointA, year: YEAR, items }, POINT_ADMIN))).toBe('FAILED_PRECONDITION');
    expect(errorCode(await api.call('school', 'reviewPlan', { planId, approve: true }, POINT_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('school', 'reviewPlan', { planId, approve: true }, JIANGBEI_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('school', 'reviewPlan', { planId, approve: false }, BRANCH_ADMIN))).toBe('INVALID_ARGUMENT');
    const returned = await api.ok('school', 'reviewPlan', { planId, approve: false, comment: '五月的课太集中', itemComments: [{ index: 3, comment: '请分到六月' }] }, BRANCH_ADMIN);
    expect(returned).toEqual({ status: 'returned' });
    const { plan } = await api.ok('school', 'getPlan', { pointId: org.pointA, year: YEAR }, POINT_ADMIN);
    expect(plan!.status).toBe('returned');
    expect(plan!.itemComments).toEqual([{ index: 3, comment: '请分到六月' }]);
    expect(await api.ok('school', 'savePlan', { pointId: org.pointA, year: YEAR, items: [...items, { month: 5, topic: '老', count: 1 }, { month: 6, topic: '老', count: 2 }] }, POINT_ADMIN)).toEqual({ planId, status: 'draft' });
    expect(await api.ok('school', 'submitPlan', { planId }, POINT_ADMIN)).toEqual({ status: 'submitted', submissions: 2 });
    expect(await api.ok('school', 'reviewPlan', { planId, approve: true }, HEAD)).toEqual({ status: 'approved' });
    expect(errorCode(await api.call('school', 'savePlan', { pointId: org.pointA, year: YEAR, items }, POINT_ADMIN))).toBe('FAILED_PRECONDITION');
    expect(await auditActions(planId)).toEqual(['plan.save', 'plan.save', 'plan.submit', 'plan.return', 'plan.save', 'plan.resubmit', 'plan.approve']);
    const notices = await database().collection('outbox').where({ touser: POINT_ADMIN }).limit(100).get();
    expect(notices.data.filter((n) => n.kind === 'school_plan_reviewed')).toHaveLength(2);
    const toBranch = await database().collection('outbox').where({ touser: BRANCH_ADMIN }).limit(100).get();
    expect(toBranch.data.filter((n) => n.kind === 'school_plan_submitted')).toHaveLength(2);
  });
});

describe('held: took place, with a check-in, in its calendar year', () => {
  let cancelled: string;
  test('courses held, not held, cancelled after a check-in, and checked in early', async () => {
    const jan = await courseAt(cloud, org.pointA, '2027-01-20T09:00:00+08:00', '一月课');
    await walkIn(cloud, jan, LEARNERS[0], '2027-01-20T09:10:00+08:00');
    await walkIn(cloud, jan, LEARNERS[1], '2027-01-20T09:20:00+08:00');
    await courseAt(cloud, org.pointA, '2027-02-10T09:00:00+08:00', '无人签到');
    cancelled = await courseAt(cloud, org.pointA, '2027-02-17T09:00:00+08:00', '签到后取消');
    await walkIn(cloud, cancelled, LEARNERS[0], '2027-02-17T09:05:00+08:00');
    expectOk(await cloud.call('course', { action: 'cancelCourse', courseId: cancelled, reason: '场地临时停电' }, HEAD));
    const early = await courseAt(cloud, org.pointA, '2027-03-03T09:00:00+08:00', '提前签到');
    await walkIn(cloud, early, LEARNERS[2], '2027-03-03T08:30:00+08:00');
    const next = await courseAt(cloud, org.pointA, '2028-01-05T09:00:00+08:00', '来年一月');
    await walkIn(cloud, next, LEARNERS[0], '2028-01-05T09:05:00+08:00');

    cloud.setClockOffset(clockAt('2027-03-03T08:40:00+08:00'));
    let progress = await api.ok('school', 'planProgress', { pointId: org.pointA, year: YEAR }, POINT_ADMIN);
    expect(progress.held).toBe(1);
    expect(progress.months.slice(0, 3).map((m) => m.held)).toEqual([1, 0, 0]);
    expect(progress.status).toBe('approved');
    expect(progress.planned).toBe(8);
    expect(progress.months[0].planned).toBe(2);

    cloud.setClockOffset(clockAt('2027-03-03T09:01:00+08:00'));
    progress = await api.ok('school', 'planProgress', { pointId: org.pointA, year: YEAR }, POINT_ADMIN);
    expect(progress.held).toBe(2);
    expect(progress.months.slice(0, 3).map((m) => m.held)).toEqual([1, 0, 1]);
    // at the end of February: planned 2 + 1 = 3, held 1 → behind by 2 = the margin
    expect(progress.months[1].slipping).toBe(true);
    expect(progress.slipping).toBe(true);
    const none = await api.ok('school', 'planProgress', { pointId: org.pointB, year: YEAR }, BRANCH_ADMIN);
    expect(none).toEqual(expect.objectContaining({ status: 'none', planned: 0, held: 0 }));
    expect(errorCode(await api.call('school', 'planProgress', { pointId: org.pointA, year: YEAR }, OTHER_POINT_ADMIN))).toBe('PERMISSION_DENIED');
  });
});

describe('demonstration points: apply by 31 October, named by the head school, the meter', () => {
  test('23:59:59 on 31 October accepted, 00:00:00 on 1 November refused; only the own branch applies', async () => {
    cloud.setClockOffset(clockAt('2027-10-31T23:59:59+08:00'));
    expect(errorCode(await api.call('school', 'applyDemo', { pointId: org.pointA, year: YEAR, statement: '全年开课稳定，学员积极' }, JIANGBEI_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('school', 'applyDemo', { pointId: org.pointA, year: YEAR, statement: '全年开课稳定，学员积极' }, POINT_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('school', 'applyDemo', { pointId: org.pointA, year: YEAR, statement: '全年开课稳定，学员积极' }, HEAD))).toBe('PERMISSION_DENIED');
    const applied = await api.ok('school', 'applyDemo', { pointId: org.pointA, year: YEAR, statement: '全年开课稳定，学员积极' }, BRANCH_ADMIN);
    expect(applied.status).toBe('pending');
    expect(applied.figures).toEqual(expect.objectContaining({ year: YEAR, held: 2, attendance: 3, checklistTotal: 8 }));
    expect(errorCode(await api.call('school', 'applyDemo', { pointId: org.pointA, year: YEAR, statement: '全年开课稳定，学员积极' }, BRANCH_ADMIN))).toBe('ALREADY_EXISTS');

    cloud.setClockOffset(clockAt('2027-11-01T00:00:00+08:00'));
    const late = await api.call('school', 'applyDemo', { pointId: org.pointB, year: YEAR, statement: '社区居民参与度高，课程场场满员' }, BRANCH_ADMIN);
    expect(errorCode(late)).toBe('FAILED_PRECONDITION');
    expect((late as { error: { message: string } }).error.message).toContain('2028年1月1日');
    expect((await database().collection('demoApplications').where({ pointId: org.pointB }).count()).total).toBe(0);

    const applicationId = applied.applicationId;
    expect(errorCode(await api.call('school', 'reviewDemo', { applicationId, approve: true }, BRANCH_ADMIN))).toBe('PERMISSION_DENIED');
    expect((await api.ok('org', 'getPoint', { pointId: org.pointA })).isDemo).toBe(false);
    const approved = await api.ok('school', 'reviewDemo', { applicationId, approve: true }, HEAD);
    expect(approved).toEqual({ status: 'approved', title: '渝示范〔2027〕第1号' });
    expect((await api.ok('org', 'getPoint', { pointId: org.pointA })).isDemo).toBe(true);
    expect(errorCode(await api.call('school', 'reviewDemo', { applicationId, approve: false, reason: '重复' }, HEAD))).toBe('FAILED_PRECONDITION');
    expect(await auditActions(applicationId)).toEqual(['demo.apply', 'demo.approve']);
  });

  test('the meter: one item per demonstration point, held vs 24; branch sees its own only', async () => {
    cloud.setClockOffset(clockAt('2027-11-02T10:00:00+08:00'));
    const meter = await api.ok('school', 'demoMeter', { year: YEAR }, BRANCH_ADMIN);
    expect(meter.items).toEqual([expect.objectContaining({ pointId: org.pointA, held: 2, required: 24, behind: true })]);
    expect((await api.ok('school', 'demoMeter', { year: YEAR, branchId: YUZHONG }, HEAD)).items).toHaveLength(1);
    expect((await api.ok('school', 'demoMeter', { year: YEAR }, HEAD)).items.map((i) => i.pointId)).toEqual([org.pointA]);
    expect((await api.ok('school', 'demoMeter', { year: YEAR }, JIANGBEI_ADMIN)).items).toEqual([]);
    expect(errorCode(await api.call('school', 'demoMeter', { year: YEAR, branchId: YUZHONG }, JIANGBEI_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('school', 'demoMeter', { year: YEAR }, POINT_ADMIN))).toBe('PERMISSION_DENIED');
  });
});

describe('四化八有: evidence checked, reviewed per item, kept', () => {
  test('ten items for a demonstration point, eight otherwise', async () => {
    cloud.setClockOffset(clockAt('2027-11-02T10:00:00+08:00'));
    const demo = await api.ok('school', 'checklist', { pointId: org.pointA, year: YEAR }, POINT_ADMIN);
    expect(demo.items.map((i) => i.key)).toEqual(['venue', 'signage', 'estation', 'bookcorner', 'rules', 'feature', 'funding', 'archives', 'bookshelf', 'bigscreen']);
    expect(demo).toEqual(expect.objectContaining({ complete: 0, total: 10 }));
    const plain = await api.ok('school', 'checklist', { pointId: org.pointB, year: YEAR }, BRANCH_ADMIN);
    expect(plain.total).toBe(8);
    expect(plain.items.every((i) => i.status === 'missing' && i.evidence.length === 0 && i.note === '')).toBe(true);
  });

  test('unknown key, a photo too large, not an image, missing or not the caller\'s: refused, nothing written', async () => {
    cloud.setClockOffset(clockAt('2027-11-02T10:00:00+08:00'));
    const ok = evidenceFile(cloud, POINT_ADMIN, png());
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ key: 'pool', evidence: [ok] }, 'INVALID_ARGUMENT'],
      [{ key: 'venue', evidence: [evidenceFile(cloud, POINT_ADMIN, png(10 * 1024 * 1024 + 1))] }, 'INVALID_ARGUMENT'],
      [{ key: 'venue', evidence: [evidenceFile(cloud, POINT_ADMIN, Buffer.from('just some text'), 'png')] }, 'INVALID_ARGUMENT'],
      [{ key: 'venue', evidence: [ok.replace(/photo-\d+/, 'photo-none')] }, 'INVALID_ARGUMENT'],
      [{ key: 'venue', evidence: [evidenceFile(cloud, BRANCH_ADMIN, png())] }, 'INVALID_ARGUMENT'],
      [{ key: 'venue', evidence: [] }, 'INVALID_ARGUMENT'],
    ];
    for (const [extra, code] of cases) {
      const res = await cloud.call('school', { action: 'submitChecklistItem', pointId: org.pointA, year: YEAR, ...extra }, POINT_ADMIN);
      expect([extra.key, errorCode(res)]).toEqual([extra.key, code]);
    }
    expect(errorCode(await api.call('school', 'submitChecklistItem', { pointId: org.pointB, year: YEAR, key: 'bookshelf', evidence: [evidenceFile(cloud, BRANCH_ADMIN, png())] }, BRANCH_ADMIN))).toBe('INVALID_ARGUMENT');
    expect((await database().collection('checklistItems').where({ pointId: org.pointA }).count()).total).toBe(0);
  });

  test('submitted, rejected (evidence kept), resubmitted, approved; photos only for entitled staff', async () => {
    cloud.setClockOffset(clockAt('2027-11-02T10:00:00+08:00'));
    const first = evidenceFile(cloud, POINT_ADMIN, png());
    expect(await api.ok('school', 'submitChecklistItem', { pointId: org.pointA, year: YEAR, key: 'venue', note: '社区活动中心二楼', evidence: [first] }, POINT_ADMIN)).toEqual({ status: 'submitted' });
    expect(errorCode(await api.call('school', 'reviewChecklistItem', { pointId: org.pointA, year: YEAR, key: 'venue', decision: 'approved' }, POINT_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('school', 'reviewChecklistItem', { pointId: org.pointA, year: YEAR, key: 'venue', decision: 'approved' }, JIANGBEI_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('school', 'reviewChecklistItem', { pointId: org.pointA, year: YEAR, key: 'venue', decision: 'needs_work' }, BRANCH_ADMIN))).toBe('INVALID_ARGUMENT');
    expect(await api.ok('school', 'reviewChecklistItem', { pointId: org.pointA, year: YEAR, key: 'venue', decision: 'rejected', comment: '照片看不出是固定场所' }, BRANCH_ADMIN)).toEqual({ status: 'rejected' });
    let list = await api.ok('school', 'checklist', { pointId: org.pointA, year: YEAR }, POINT_ADMIN);
    expect(list.items[0]).toEqual(expect.objectContaining({ key: 'venue', status: 'rejected', evidence: [{ fileID: first }], note: '社区活动中心二楼' }));
    const second = evidenceFile(cloud, POINT_ADMIN, png(300));
    await api.ok('school', 'submitChecklistItem', { pointId: org.pointA, year: YEAR, key: 'venue', note: '补拍门牌', evidence: [second] }, POINT_ADMIN);
    expect(await api.ok('school', 'reviewChecklistItem', { pointId: org.pointA, year: YEAR, key: 'venue', decision: 'approved' }, HEAD)).toEqual({ status: 'approved' });
    list = await api.ok('school', 'checklist', { pointId: org.pointA, year: YEAR }, BRANCH_ADMIN);
    expect(list.complete).toBe(1);
    expect(list.items[0].evidence).toEqual([{ fileID: second }]);
    expect(list.items[0].history.flatMap((h) => h.evidence.map((e) => e.fileID))).toEqual(expect.arrayContaining([first, second]));
    const urls = await api.ok('school', 'evidenceUrls', { pointId: org.pointA, year: YEAR, key: 'venue' }, BRANCH_ADMIN);
    expect(urls.items.map((u) => u.fileID).sort()).toEqual([first, second].sort());
    expect(urls.items.every((u) => /^https?:\/\//.test(u.url))).toBe(true);
    expect(errorCode(await api.call('school', 'evidenceUrls', { pointId: org.pointA, year: YEAR, key: 'venue' }, OTHER_POINT_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('school', 'checklist', { pointId: org.pointA, year: YEAR }, LEARNERS[0]))).toBe('PERMISSION_DENIED');
    expect(cloud.platform.storage.stat(first.replace(/^cloud:\/\/[^/]+\//, ''))).toBeDefined();
    const trail = await auditActions(`${org.pointA}:${YEAR}:venue`);
    expect(trail).toEqual(['checklist.submit', 'checklist.rejected', 'checklist.submit', 'checklist.approved']);
  });
});

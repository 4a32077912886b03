import { database } from '../../cloudfunctions/_shared/cloud';
import { observePlans, type PlanRecord } from '../../emulator/engine';
import { errorCode, expectOk, startTestCloud, typedApi, type LocalCloud } from '../support/cloud';
import { BRANCH_ADMIN, cover, enrollLearners, HEAD, JIANGBEI, JIANGBEI_ADMIN, OTHER_POINT_ADMIN, POINT_ADMIN, publishedResource, putFile, resourceInput, setupCourseOrg, YUZHONG } from './fixtures';

let cloud: LocalCloud;
let api: ReturnType<typeof typedApi>;
let org: { pointA: string; pointB: string; pointC: string };

beforeAll(async () => {
  cloud = await startTestCloud();
  api = typedApi(cloud);
  org = await setupCourseOrg(cloud);
  expectOk(await cloud.call('org', { action: 'grantRole', openid: JIANGBEI_ADMIN, role: 'branch_admin', scopeId: JIANGBEI }, HEAD));
}, 60_000);
afterAll(() => cloud.close());

async function auditActions(targetId: string): Promise<string[]> {
  const res = await database().collection<{ _id: string; action: string }>('audit').where({ targetId }).limit(100).get();
  return res.data.map((a) => a.action).sort();
}

describe('upload, check and review', () => {
  test('a point uploads, its branch publishes: only then do learners see it', async () => {
    const up = await api.ok('resource', 'upload', { ...resourceInput(cloud), pointId: org.pointA, title: '家庭用电安全' }, POINT_ADMIN);
    expect(up).toEqual({ resourceId: expect.any(String), status: 'pending', blockReason: null });
    const listed = async () => (await api.ok('resource', 'list', {})).items.map((i) => i.id);
    expect(await listed()).not.toContain(up.resourceId);
    expect(errorCode(await api.call('resource', 'get', { resourceId: up.resourceId }))).toBe('NOT_FOUND');

    // The point's own staff, another branch, a learner: refused.
    expect(errorCode(await api.call('resource', 'review', { resourceId: up.resourceId, decision: 'publish' }, POINT_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('resource', 'review', { resourceId: up.resourceId, decision: 'publish' }, JIANGBEI_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('resource', 'review', { resourceId: up.resourceId, decision: 'publish' }, 'res-learner-x'))).toBe('PERMISSION_DENIED');

    const queue = await api.ok('resource', 'manageList', { branchId: YUZHONG, status: 'pending' }, BRANCH_ADMIN);
    expect(queue.items.map((i) => i.id)).toContain(up.resourceId);
    expect(await api.ok('resource', 'review', { resourceId: up.resourceId, decision: 'publish' }, BRANCH_ADMIN)).toEqual({ resourceId: up.resourceId, status: 'published' });
    expect(await listed()).toContain(up.resourceId);
    const detail = await api.ok('resource', 'get', { resourceId: up.resourceId });
    expect(detail).toMatchObject({ title: '家庭用电安全', unitName: '解放碑', topic: '老', premium: false });
    expect(detail.coverUrl).toMatch(/^http/);
    expect(JSON.stringify(detail)).not.toContain('cloud://');
    expect(errorCode(await api.call('resource', 'review', { resourceId: up.resourceId, decision: 'publish' }, BRANCH_ADMIN))).toBe('FAILED_PRECONDITION');
    expect(await auditActions(up.resourceId)).toEqual(['resource.publish', 'resource.upload']);
  });

  test('returning needs a reason, which the uploading unit sees', async () => {
    const { resourceId } = await api.ok('resource', 'upload', { ...resourceInput(cloud), pointId: org.pointA }, POINT_ADMIN);
    expect(errorCode(await api.call('resource', 'review', { resourceId, decision: 'return' }, BRANCH_ADMIN))).toBe('INVALID_ARGUMENT');
    await api.ok('resource', 'review', { resourceId, decision: 'return', reason: '画面不清晰，请重新录制' }, HEAD);
    const mine = await api.ok('resource', 'manageList', { pointId: org.pointA, status: 'returned' }, POINT_ADMIN);
    expect(mine.items.find((i) => i.id === resourceId)?.returnReason).toBe('画面不清晰，请重新录制');
    expect(errorCode(await api.call('resource', 'manageList', { pointId: org.pointA, status: 'returned' }, OTHER_POINT_ADMIN))).toBe('PERMISSION_DENIED');
  });

  test('only staff of the unit (or above) upload for it; the head school for itself', async () => {
    expect(errorCode(await api.call('resource', 'upload', { ...resourceInput(cloud), pointId: org.pointA }, OTHER_POINT_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('resource', 'upload', { ...resourceInput(cloud), branchId: YUZHONG }, POINT_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('resource', 'upload', resourceInput(cloud), BRANCH_ADMIN))).toBe('PERMISSION_DENIED');
    const head = await api.ok('resource', 'upload', resourceInput(cloud), HEAD);
    // A head-school upload is reviewed by the head school only.
    expect(errorCode(await api.call('resource', 'review', { resourceId: head.resourceId, decision: 'publish' }, BRANCH_ADMIN))).toBe('PERMISSION_DENIED');
    expect((await api.ok('resource', 'staffGet', { resourceId: head.resourceId }, HEAD)).unit).toEqual({ level: 'head', branchId: null, pointId: null, name: expect.stringContaining('总校') });
  });

  test('type and size limits per kind, and the file must be in storage', async () => {
    const base = { ...resourceInput(cloud), pointId: org.pointA };
    const bad = async (extra: object) => {
      const res = await api.call('resource', 'upload', { ...base, ...extra }, POINT_ADMIN);
      expect(errorCode(res)).toBe('INVALID_ARGUMENT');
      return (res as { error: { message: string } }).error.message;
    };
    expect(await bad({ fileId: putFile(cloud, 'lecture.avi') })).toContain('mp4');
    expect(await bad({ fileSize: 201 * 1024 * 1024 })).toContain('200MB');
    expect(await bad({ kind: 'ebook', fileId: putFile(cloud, 'book.pdf'), fileSize: 51 * 1024 * 1024 })).toContain('50MB');
    expect(await bad({ fileId: base.fileId.replace('lecture', 'missing') })).toContain('重新上传');
    expect(await bad({ fileId: 'https://example.com/a.mp4' })).toContain('文件地址');
    expect(await bad({ audiences: [] })).toContain('适用人群');
    expect((await api.ok('resource', 'upload', { ...base, kind: 'ebook', fileId: putFile(cloud, 'book.pdf'), fileSize: 3 * 1024 * 1024 }, POINT_ADMIN)).status).toBe('pending');
  });
});

describe('content security', () => {
  test('risky text or cover: blocked, with the reason for staff, never shown to learners', async () => {
    const risky = await api.ok('resource', 'upload', { ...resourceInput(cloud), pointId: org.pointA, title: '赌博技巧大全' }, POINT_ADMIN);
    expect(risky.status).toBe('blocked');
    expect(risky.blockReason).toContain('标题');
    const badCover = await api.ok('resource', 'upload', { ...resourceInput(cloud), pointId: org.pointA, title: '防诈骗讲座', coverFileId: cover(cloud, true) }, POINT_ADMIN);
    expect(badCover.status).toBe('blocked');
    expect(badCover.blockReason).toContain('封面');
    const badSummary = await api.ok('resource', 'upload', { ...resourceInput(cloud), pointId: org.pointA, title: '防诈骗讲座二', summary: '教你代开发票' }, POINT_ADMIN);
    expect(badSummary.blockReason).toContain('简介');

    for (const id of [risky.resourceId, badCover.resourceId]) {
      expect(errorCode(await api.call('resource', 'get', { resourceId: id }))).toBe('NOT_FOUND');
      expect(errorCode(await api.call('resource', 'play', { resourceId: id }, 'res-learner-x'))).toBe('NOT_FOUND');
      expect(errorCode(await api.call('resource', 'review', { resourceId: id, decision: 'publish' }, BRANCH_ADMIN))).toBe('FAILED_PRECONDITION');
    }
    const all = [...(await api.ok('resource', 'list', { limit: 100 })).items, ...(await api.ok('resource', 'search', { keyword: '防诈骗' })).items, ...(await api.ok('resource', 'search', { keyword: '赌博' })).items];
    expect(all.map((i) => i.id)).not.toEqual(expect.arrayContaining([risky.resourceId]));
    expect(all.map((i) => i.id)).not.toContain(badCover.resourceId);
    expect(all.map((i) => i.id)).not.toContain(badSummary.resourceId);

    const staff = await api.ok('resource', 'staffGet', { resourceId: risky.resourceId }, BRANCH_ADMIN);
    expect(staff).toMatchObject({ status: 'blocked', blockReason: expect.stringContaining('不宜公开') });
    const blocked = await api.ok('resource', 'manageList', { pointId: org.pointA, status: 'blocked' }, POINT_ADMIN);
    expect(blocked.items.map((i) => i.id)).toEqual(expect.arrayContaining([risky.resourceId, badCover.resourceId]));
  });
});

describe('premium library and funding', () => {
  test('only the head school marks premium and records funding; premium comes first', async () => {
    const plain = await publishedResource(cloud, POINT_ADMIN, BRANCH_ADMIN, { pointId: org.pointA, title: '普通课程甲', topic: '食' });
    const star = await publishedResource(cloud, POINT_ADMIN, BRANCH_ADMIN, { pointId: org.pointA, title: '精品课程乙', topic: '食' });
    for (const who of [BRANCH_ADMIN, POINT_ADMIN, JIANGBEI_ADMIN, 'res-learner-x']) {
      expect(errorCode(await api.call('resource', 'setPremium', { resourceId: star, premium: true }, who))).toBe('PERMISSION_DENIED');
      expect(errorCode(await api.call('resource', 'recordFunding', { resourceId: star, amount: 5000, date: '2026-06-01', round: '2026年第一批' }, who))).toBe('PERMISSION_DENIED');
    }
    expect(errorCode(await api.call('resource', 'recordFunding', { resourceId: star, amount: 5000, date: '2026-06-01', round: '2026年第一批' }, HEAD))).toBe('FAILED_PRECONDITION');
    expect(await api.ok('resource', 'setPremium', { resourceId: star, premium: true }, HEAD)).toEqual({ resourceId: star, premium: true });
    expect(errorCode(await api.call('resource', 'recordFunding', { resourceId: star, amount: 5000, date: '2026-02-30', round: '第一批' }, HEAD))).toBe('INVALID_ARGUMENT');
    expect((await api.ok('resource', 'recordFunding', { resourceId: star, amount: 5000, date: '2026-06-01', round: '2026年第一批' }, HEAD)).fundingTotal).toBe(5000);
    expect((await api.ok('resource', 'recordFunding', { resourceId: star, amount: 1200.5, date: '2026-10-08', round: '2026年第二批' }, HEAD)).fundingTotal).toBe(6200.5);

    const food = (await api.ok('resource', 'list', { topic: '食' })).items;
    expect(food.map((i) => i.id).slice(0, 2)).toEqual([star, plain]);
    expect(food[0].premium).toBe(true);
    expect((await api.ok('resource', 'list', { premium: true })).items.map((i) => i.id)).toEqual([star]);
    const staff = await api.ok('resource', 'staffGet', { resourceId: star }, HEAD);
    expect(staff.funding.map((f) => [f.amount, f.round])).toEqual([
      [5000, '2026年第一批'],
      [1200.5, '2026年第二批'],
    ]);
    expect(await auditActions(star)).toEqual(['resource.fund', 'resource.fund', 'resource.markPremium', 'resource.publish', 'resource.upload']);
  });
});

describe('search', () => {
  test('literal keywords: regex specials match themselves, control characters are refused in Chinese', async () => {
    const id = await publishedResource(cloud, POINT_ADMIN, BRANCH_ADMIN, { pointId: org.pointA, title: '血压(高压)怎么看', summary: '读懂血压计.' });
    const found = async (keyword: string) => (await api.ok('resource', 'search', { keyword })).items.map((i) => i.id);
    expect(await found('(高压)')).toEqual([id]);
    expect(await found('血压计.')).toEqual([id]);
    expect(await found('.*')).toEqual([]);
    expect(await found('[')).toEqual([]);
    expect(errorCode(await api.call('resource', 'search', { keyword: '血压\u0000' }))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await api.call('resource', 'search', { keyword: '   ' }))).toBe('INVALID_ARGUMENT');
  });
});

describe('playing and counting', () => {
  test('200 concurrent plays count 200 views; repeated completions count once per person; per point too', async () => {
    const id = await publishedResource(cloud, POINT_ADMIN, BRANCH_ADMIN, { pointId: org.pointA, title: '科学用药二十讲' });
    const learners = Array.from({ length: 50 }, (_, i) => `res-learner-${i}`);
    await enrollLearners(cloud, org.pointB, learners.slice(0, 30), {}, 400);
    await enrollLearners(cloud, org.pointC, learners.slice(30), {}, 430);

    const plays = await Promise.all(Array.from({ length: 200 }, (_, i) => api.call('resource', 'play', { resourceId: id }, i < 150 ? learners[i % 50] : undefined)));
    expect(plays.every((r) => r.ok)).toBe(true);
    const first = expectOk<{ url: string; kind: string }>(plays[0]);
    expect(first.url).toMatch(/^http.*sign=/);
    expect(first.kind).toBe('video');

    const completes = await Promise.all(learners.flatMap((l) => [1, 2, 3, 4].map(() => api.call('resource', 'complete', { resourceId: id }, l))));
    expect(completes.every((r) => r.ok)).toBe(true);
    expect(completes.filter((r) => r.ok && r.data.counted).length).toBe(50);
    await Promise.all(learners.slice(0, 10).map((l) => api.ok('resource', 'share', { resourceId: id }, l)));

    const detail = await api.ok('resource', 'get', { resourceId: id });
    expect([detail.views, detail.completions, detail.shares]).toEqual([200, 50, 10]);
    // 150 learner plays: learners 0–29 at point B (3 plays each), 30–49 at point C.
    const atB = await api.ok('resource', 'pointUsage', { pointId: org.pointB }, BRANCH_ADMIN);
    expect(atB.items.find((r) => r.resourceId === id)).toEqual({ resourceId: id, title: '科学用药二十讲', views: 90, completions: 30, shares: 10 });
    const atC = await api.ok('resource', 'pointUsage', { pointId: org.pointC }, OTHER_POINT_ADMIN);
    expect(atC.items.find((r) => r.resourceId === id)).toMatchObject({ views: 60, completions: 20, shares: 0 });
    expect(errorCode(await api.call('resource', 'pointUsage', { pointId: org.pointC }, POINT_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('resource', 'complete', { resourceId: id }))).toBe('UNAUTHENTICATED');
  }, 60_000);
});

describe('course resources', () => {
  test('staff of the course attach published resources; the course shows them', async () => {
    const start = new Date(Date.now() + 3 * 86_400_000);
    const courseId = expectOk<{ courseId: string }>(
      await cloud.call(
        'course',
        { action: 'create', pointId: org.pointA, title: '家庭急救课', topic: '死', teacherName: '周医生', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 7_200_000).toISOString(), location: '社区活动室', capacity: 30 },
        POINT_ADMIN,
      ),
    ).courseId;
    const id = await publishedResource(cloud, POINT_ADMIN, BRANCH_ADMIN, { pointId: org.pointA, title: '心肺复苏演示' });
    const blocked = await api.ok('resource', 'upload', { ...resourceInput(cloud), pointId: org.pointA, title: '枪支知识' }, POINT_ADMIN);
    expect(errorCode(await api.call('resource', 'attachToCourse', { courseId, resourceId: id }, OTHER_POINT_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('resource', 'attachToCourse', { courseId, resourceId: blocked.resourceId }, POINT_ADMIN))).toBe('FAILED_PRECONDITION');
    expect(await api.ok('resource', 'attachToCourse', { courseId, resourceId: id }, POINT_ADMIN)).toEqual({ courseId, resourceId: id, attached: true });
    expect((await api.ok('resource', 'courseResources', { courseId })).items.map((i) => i.title)).toEqual(['心肺复苏演示']);
    await api.ok('resource', 'attachToCourse', { courseId, resourceId: id, attach: false }, BRANCH_ADMIN);
    expect((await api.ok('resource', 'courseResources', { courseId })).items).toEqual([]);
    expect(await auditActions(courseId)).toEqual(expect.arrayContaining(['course.attachResource', 'course.detachResource']));
  });
});

test('every query of the resource function is served by an index', async () => {
  const plans: PlanRecord[] = [];
  const stop = observePlans((p) => plans.push(p));
  try {
    const id = await publishedResource(cloud, POINT_ADMIN, BRANCH_ADMIN, { pointId: org.pointA, title: '索引覆盖检查' });
    await api.ok('resource', 'list', {});
    await api.ok('resource', 'list', { topic: '老' });
    await api.ok('resource', 'list', { kind: 'video' });
    await api.ok('resource', 'list', { premium: true });
    await api.ok('resource', 'search', { keyword: '索引' });
    await api.ok('resource', 'get', { resourceId: id });
    await api.ok('resource', 'play', { resourceId: id }, 'res-learner-1');
    await api.ok('resource', 'complete', { resourceId: id }, 'res-learner-1');
    await api.ok('resource', 'manageList', { status: 'pending' }, HEAD);
    await api.ok('resource', 'manageList', { branchId: YUZHONG, status: 'published' }, BRANCH_ADMIN);
    await api.ok('resource', 'manageList', { pointId: org.pointA, status: 'blocked' }, POINT_ADMIN);
    await api.ok('resource', 'pointUsage', { pointId: org.pointB }, BRANCH_ADMIN);
    await api.ok('resource', 'courseResources', { courseId: 'no_such_course' });
  } finally {
    stop();
  }
  const scans = plans.filter((p) => p.functionName === 'resource' && p.filtered && p.index === undefined);
  expect(scans).toEqual([]);
  expect(plans.filter((p) => p.functionName === 'resource').length).toBeGreaterThan(10);
});

import type { CourseItem, SuggestResult } from '../../typings/course';
import { database } from '../../cloudfunctions/_shared/cloud';
import { errorCode, startTestCloud, typedApi, type LocalCloud } from '../support/cloud';
import {
  BRANCH_ADMIN,
  courseInput,
  createCourse,
  enrollLearners,
  expectConsistent,
  HEAD,
  inDays,
  JIANGBEI,
  OTHER_POINT_ADMIN,
  POINT_ADMIN,
  setupCourseOrg,
  YUZHONG,
  type CourseOrg,
} from './fixtures';

let cloud: LocalCloud;
let api: ReturnType<typeof typedApi>;
let org: CourseOrg;
const ELDER = 'cc-elder'; // born 1950, retired, female, at point A
const PARENT = 'cc-parent'; // born 1992, teacher, male, at point A
const FAR = 'cc-far'; // at point C (another branch)

beforeAll(async () => {
  cloud = await startTestCloud();
  api = typedApi(cloud);
  org = await setupCourseOrg(cloud);
  await enrollLearners(cloud, org.pointA, [ELDER], { gender: 'female', birthYear: 1950, occupation: 'retired' });
  await enrollLearners(cloud, org.pointA, [PARENT], { gender: 'male', birthYear: 1992, occupation: 'teacher' });
  await enrollLearners(cloud, org.pointC, [FAR]);
});
afterAll(() => cloud.close());

/** Untyped, for the requests the API map forbids (wrong fields), to check the function refuses them. */
const call = (action: string, params: object, openid?: string) => cloud.call('course', { action, ...params }, openid);

describe('create', () => {
  test('point admin of the point, its branch admin and the head admin may create; others may not', async () => {
    for (const who of [POINT_ADMIN, BRANCH_ADMIN, HEAD]) {
      expect(await createCourse(cloud, who, courseInput(org.pointA))).toMatch(/^cs_[0-9a-f]{12}$/);
    }
    expect(errorCode(await call('create', courseInput(org.pointA), OTHER_POINT_ADMIN))).toBe('PERMISSION_DENIED');
    expect(errorCode(await call('create', courseInput(org.pointA), ELDER))).toBe('PERMISSION_DENIED');
    expect(errorCode(await call('create', courseInput(org.pointA)))).toBe('UNAUTHENTICATED');
    expect(errorCode(await call('create', courseInput('pt_missing'), HEAD))).toBe('NOT_FOUND');
  });

  test.each([
    [{ topic: '玩' }, '课程主题应为 衣、食、住、行、用、生、长、老、病、死 之一'],
    [{ capacity: 0 }, '名额不能小于1'],
    [{ capacity: 501 }, '名额不能大于500'],
    [{ title: '' }, '课程名称至少2个字'],
    [{ startsAt: '明天上午' }, '开始时间格式不正确，应如 2026-12-05T09:00:00+08:00'],
    [{ startsAt: inDays(-1, 9), endsAt: inDays(-1, 11) }, '开始时间已经过去，请选择以后的时间'],
    [{ startsAt: inDays(3, 11), endsAt: inDays(3, 9) }, '结束时间应晚于开始时间'],
    [{ mode: 'online' }, '线上课程请填写课程链接（资源或直播间网址）'],
    [{ mode: 'online', onlineUrl: 'http://x.cn' }, '线上课程链接应为以 https:// 开头的网址'],
  ])('%j → %s', async (patch, message) => {
    const res = (await call('create', { ...courseInput(org.pointA), ...patch }, HEAD)) as { error: { message: string } };
    expect(errorCode(res)).toBe('INVALID_ARGUMENT');
    expect(res.error.message).toBe(message);
  });

  test('an online course keeps its link for signed learners and staff only', async () => {
    const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { mode: 'online', onlineUrl: 'https://live.example.cn/room/1', location: '线上直播' }));
    const anon = await api.ok('course', 'get', { courseId });
    expect(anon).toMatchObject({ mode: 'online', canManage: false, mySignup: null });
    expect(anon.onlineUrl).toBeUndefined();
    expect(await api.ok('course', 'get', { courseId }, POINT_ADMIN)).toMatchObject({ canManage: true, onlineUrl: 'https://live.example.cn/room/1' });
    await api.ok('course', 'signup', { courseId }, PARENT);
    expect((await api.ok('course', 'get', { courseId }, PARENT)).onlineUrl).toBe('https://live.example.cn/room/1');
    await api.ok('course', 'cancel', { courseId }, PARENT);
  });
});

describe('list and get', () => {
  let ids: Record<string, string>;
  beforeAll(async () => {
    // A fresh spread: branch 渝中 (A, B) and 江北 (C), topics and days apart.
    ids = {
      a1: await createCourse(cloud, HEAD, courseInput(org.pointA, { title: '秋季饮食与养生', topic: '食', startsAt: inDays(10, 9), endsAt: inDays(10, 10) })),
      a2: await createCourse(cloud, HEAD, courseInput(org.pointA, { title: '智能手机防诈骗', topic: '用', startsAt: inDays(11, 9), endsAt: inDays(11, 10) })),
      b1: await createCourse(cloud, HEAD, courseInput(org.pointB, { title: '居家防火安全', topic: '住', startsAt: inDays(10, 14), endsAt: inDays(10, 15) })),
      c1: await createCourse(cloud, HEAD, courseInput(org.pointC, { title: '科学育儿', topic: '长', startsAt: inDays(12, 9), endsAt: inDays(12, 10) })),
    };
  });

  const list = async (params: object) => await api.ok('course', 'list', { from: inDays(9, 0), ...params });

  test('filters by point, branch and topic; earliest first; anyone may list', async () => {
    expect((await list({ pointId: org.pointA })).items.map((c) => c.id)).toEqual([ids.a1, ids.a2]);
    expect((await list({ branchId: YUZHONG })).items.map((c) => c.id)).toEqual([ids.a1, ids.b1, ids.a2]);
    expect((await list({ branchId: JIANGBEI })).items.map((c) => c.id)).toEqual([ids.c1]);
    expect((await list({ topic: '住' })).items.map((c) => c.id)).toEqual([ids.b1]);
    expect((await list({ pointId: org.pointA, topic: '用' })).items.map((c) => c.id)).toEqual([ids.a2]);
    const item = (await list({ pointId: org.pointC })).items[0];
    expect(item).toEqual<CourseItem>({
      id: ids.c1,
      title: '科学育儿',
      topic: '长',
      pointId: org.pointC,
      pointName: '观音桥',
      startsAt: inDays(12, 9),
      endsAt: inDays(12, 10),
      capacity: 30,
      signedCount: 0,
      waitlistCount: 0,
      status: 'scheduled',
      branchId: JIANGBEI,
      mode: 'offline',
      location: '社区服务中心二楼活动室',
      teacherName: '刘医生',
      canSignup: true,
      full: false,
    });
    expect(JSON.stringify(item)).not.toMatch(/codeSecret|waitlist"/);
  });

  test('paginates with a cursor, nextCursor null on the last page', async () => {
    const first = await list({ branchId: YUZHONG, limit: 2 });
    expect(first.items.map((c) => c.id)).toEqual([ids.a1, ids.b1]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list({ branchId: YUZHONG, limit: 2, cursor: first.nextCursor });
    expect(second.items.map((c) => c.id)).toEqual([ids.a2]);
    expect(second.nextCursor).toBeNull();
    expect(errorCode(await call('list', { limit: 101 }))).toBe('INVALID_ARGUMENT');
  });

  test('default `from` is now: earlier-dated courses from other tests show, past ones do not', async () => {
    const items = (await api.ok('course', 'list', { pointId: org.pointA, limit: 100 })).items;
    expect(items.length).toBeGreaterThan(2);
    const starts = items.map((c) => c.startsAt);
    expect([...starts].sort()).toEqual(starts);
  });

  test('get: unknown course is NOT_FOUND; the detail carries description, teacher and place', async () => {
    expect(errorCode(await call('get', { courseId: 'cs_000000000000' }))).toBe('NOT_FOUND');
    const detail = await api.ok('course', 'get', { courseId: ids.a1 }, ELDER);
    expect(detail).toMatchObject({ id: ids.a1, description: '高血压、糖尿病的日常管理', teacherName: '刘医生', location: '社区服务中心二楼活动室', mySignup: null, canManage: false, canSignup: true, canCancel: false, canCheckin: false });
  });
});

describe('update (until start, audited) and cancelCourse (everyone told why)', () => {
  test('edits are audited, moved times reach the signups and the learners', async () => {
    const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA));
    await api.ok('course', 'signup', { courseId }, ELDER);
    expect(errorCode(await call('update', { courseId, title: '新标题' }, OTHER_POINT_ADMIN))).toBe('PERMISSION_DENIED');
    await api.ok('course', 'update', { courseId, title: '慢性病防治（第二讲）', startsAt: inDays(4, 14), endsAt: inDays(4, 16) }, POINT_ADMIN);
    const detail = await api.ok('course', 'get', { courseId }, ELDER);
    expect(detail).toMatchObject({ title: '慢性病防治（第二讲）', startsAt: inDays(4, 14), mySignup: { status: 'signed' }, canSignup: false, canCancel: true });
    const audit = await database().collection('audit').where({ targetId: courseId, action: 'course.update' }).get();
    expect(audit.data).toHaveLength(1);
    expect(audit.data[0]).toMatchObject({ actor: POINT_ADMIN, after: { title: '慢性病防治（第二讲）' } });
    const signup = await database().collection('signups').doc(`${courseId}:${ELDER}`).get();
    expect((signup.data.courseStartsAt as Date).toISOString()).toBe(new Date(inDays(4, 14)).toISOString());
    const notices = await database().collection('outbox').where({ touser: ELDER, kind: 'course_changed' }).get();
    expect(notices.data).toHaveLength(1);
    expect(errorCode(await call('update', { courseId, endsAt: inDays(4, 13) }, POINT_ADMIN))).toBe('INVALID_ARGUMENT');

    cloud.setClockOffset(5 * 24 * 3600_000);
    try {
      expect(errorCode(await call('update', { courseId, title: '太晚了' }, POINT_ADMIN))).toBe('FAILED_PRECONDITION');
      expect(errorCode(await call('cancelCourse', { courseId, reason: '太晚了' }, POINT_ADMIN))).toBe('FAILED_PRECONDITION');
    } finally {
      cloud.setClockOffset(0);
    }
  });

  test('cancelling tells every signed and waitlisted learner the reason, once; counts stay consistent', async () => {
    const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { capacity: 1 }));
    await api.ok('course', 'signup', { courseId }, ELDER);
    expect(await api.ok('course', 'signup', { courseId }, PARENT)).toEqual({ status: 'waitlisted', position: 1 });
    expect(errorCode(await call('cancelCourse', { courseId, reason: '' }, POINT_ADMIN))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await call('cancelCourse', { courseId, reason: '停电' }, ELDER))).toBe('PERMISSION_DENIED');
    expect(await api.ok('course', 'cancelCourse', { courseId, reason: '社区停电检修' }, BRANCH_ADMIN)).toEqual({ status: 'cancelled', notified: 2 });
    expect(errorCode(await call('cancelCourse', { courseId, reason: '社区停电检修' }, BRANCH_ADMIN))).toBe('FAILED_PRECONDITION');

    const notices = await database().collection('outbox').where({ kind: 'course_cancelled' }).limit(100).get();
    const mine = notices.data.filter((n) => (n._id as string).includes(courseId));
    expect(mine.map((n) => n.touser).sort()).toEqual([ELDER, PARENT].sort());
    expect(mine[0]).toMatchObject({ status: 'sent', data: { thing4: { value: '课程取消：社区停电检修' } } });

    const detail = await api.ok('course', 'get', { courseId }, ELDER);
    expect(detail).toMatchObject({ status: 'cancelled', cancelReason: '社区停电检修' });
    expect(errorCode(await call('cancel', { courseId }, ELDER))).toBe('FAILED_PRECONDITION');
    await expectConsistent(courseId);
    const audit = await database().collection('audit').where({ targetId: courseId, action: 'course.cancel' }).get();
    expect(audit.data[0]).toMatchObject({ actor: BRANCH_ADMIN, reason: '社区停电检修' });
  });
});

describe('mine, nextCourses and suggest', () => {
  test('mine: upcoming first (earliest first), with waitlist position; non-learners are refused', async () => {
    const soon = await createCourse(cloud, HEAD, courseInput(org.pointB, { title: '近的课', startsAt: inDays(1, 9), endsAt: inDays(1, 10), capacity: 1 }));
    const later = await createCourse(cloud, HEAD, courseInput(org.pointB, { title: '远的课', startsAt: inDays(20, 9), endsAt: inDays(20, 10) }));
    await api.ok('course', 'signup', { courseId: soon }, FAR);
    await api.ok('course', 'signup', { courseId: soon }, PARENT);
    await api.ok('course', 'signup', { courseId: later }, PARENT);
    const mine = await api.ok('course', 'mine', {}, PARENT);
    const titles = mine.items.map((i) => i.course.title);
    expect(titles.indexOf('近的课')).toBeLessThan(titles.indexOf('远的课'));
    expect(mine.items.find((i) => i.course.id === soon)).toMatchObject({ status: 'waitlisted', position: 1 });
    expect(errorCode(await call('mine', {}, 'nobody'))).toBe('PERMISSION_DENIED');

    const next = await api.ok('course', 'nextCourses', { limit: 1 }, PARENT);
    expect(next.items).toHaveLength(1);
    expect(next.items[0].course.id).toBe(soon);
    expect(await api.ok('course', 'nextCourses', {}, 'nobody')).toEqual({ items: [] });
    expect(await api.ok('course', 'nextCourses', {})).toEqual({ items: [] });
  });

  test('suggest orders by fit with age, gender, occupation and attended topics, with a reason', async () => {
    const elderly = await createCourse(cloud, HEAD, courseInput(org.pointA, { title: '健康养老讲座', topic: '老', startsAt: inDays(6, 9), endsAt: inDays(6, 10) }));
    const kids = await createCourse(cloud, HEAD, courseInput(org.pointB, { title: '青少年成长', topic: '长', startsAt: inDays(6, 14), endsAt: inDays(6, 15) }));
    const forElder = await api.ok('course', 'suggest', { limit: 20 }, ELDER);
    const rank = (r: SuggestResult, id: string) => r.items.findIndex((i) => i.course.id === id);
    expect(rank(forElder, elderly)).toBeGreaterThanOrEqual(0);
    expect(rank(forElder, elderly)).toBeLessThan(rank(forElder, kids) < 0 ? Infinity : rank(forElder, kids));
    expect(forElder.items[rank(forElder, elderly)].reason).toMatch(/长辈|养老|教学点/);

    const forParent = await api.ok('course', 'suggest', { limit: 20 }, PARENT);
    expect(rank(forParent, kids)).toBeLessThan(rank(forParent, elderly));
    expect(forParent.items[rank(forParent, kids)].reason).toMatch(/[\u4e00-\u9fa5]/);
    // Already signed courses are not suggested; every item is scheduled and carries a reason.
    for (const item of forParent.items) {
      expect(item.course.status).toBe('scheduled');
      expect(item.reason.length).toBeGreaterThan(3);
    }
    // Learners of another branch get their own branch's courses.
    const forFar = await api.ok('course', 'suggest', { limit: 20 }, FAR);
    expect(forFar.items.every((i) => i.course.branchId === JIANGBEI)).toBe(true);
    // Anonymous callers get the city's next courses.
    const anon = await api.ok('course', 'suggest', {});
    expect(anon.items.length).toBeGreaterThan(0);
    expect(anon.items[0].reason).toBe('近期开课，欢迎报名');
  });
});

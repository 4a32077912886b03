/**
 * CONTRACT.md `course`, over HTTP: every row, the invariants paragraph under real concurrency
 * (400 learners for 40 seats in one Promise.all of HTTP requests), and paging.
 */
import {
  createPoint,
  days,
  enrollEvent,
  expectIso,
  expectNoLeak,
  expectNoSecrets,
  expectPage,
  HEAD,
  hours,
  inBatches,
  isoIn,
  JIANGBEI,
  MINUTE,
  setUpUnits,
  startBlackBox,
  walkPages,
  YUZHONG,
  type BlackBox,
} from './support';

const PA = 'bb-course-pa-a';
const PC = 'bb-course-pa-c';
const BA = 'bb-course-ba-yz';
const NOT_LEARNER = 'bb-course-user';
const TOPICS = ['衣', '食', '住', '行', '用', '生', '长', '老', '病', '死'];

const CROWD = 400;
const SEATS = 40;
const learners = Array.from({ length: CROWD }, (_x, i) => `bb-course-l${String(i).padStart(3, '0')}`);
const phones = new Map<string, string>();

let bb: BlackBox;
let pointA: string;
let pointB: string;
let pointC: string;

const ITEM_FIELDS = {
  id: expect.any(String),
  title: expect.any(String),
  topic: expect.any(String),
  pointId: expect.any(String),
  pointName: expect.any(String),
  startsAt: expect.any(String),
  endsAt: expect.any(String),
  capacity: expect.any(Number),
  signedCount: expect.any(Number),
  waitlistCount: expect.any(Number),
  status: expect.any(String),
};

function expectCourseItem(item: any): void {
  expect(item).toEqual(expect.objectContaining(ITEM_FIELDS));
  expectIso(item.startsAt);
  expectIso(item.endsAt);
  expect(TOPICS).toContain(item.topic);
  expectNoSecrets(item);
  expect(item.waitlist).toBeUndefined();
}

function courseInput(pointId: string, extra: Record<string, unknown> = {}) {
  return {
    pointId,
    title: '老年人慢性病防治',
    topic: '病',
    teacherName: '刘医生',
    startsAt: isoIn(days(3)),
    endsAt: isoIn(days(3) + hours(2)),
    location: '社区服务中心二楼活动室',
    capacity: 30,
    description: '高血压、糖尿病的日常管理',
    ...extra,
  };
}

async function createCourse(caller: string, input: Record<string, unknown>): Promise<string> {
  const data = await bb.ok('course', { action: 'create', ...input }, caller);
  expect(data).toEqual({ courseId: expect.any(String) });
  return data.courseId;
}

const call = (action: string, params: Record<string, unknown>, openid?: string) => bb.post('course', { action, ...params }, openid);

beforeAll(async () => {
  bb = await startBlackBox();
  ({ pointA, pointC } = await setUpUnits(bb, { pa: PA, pc: PC, ba: BA }));
  pointB = await createPoint(bb, HEAD, YUZHONG, '七星岗');
  // Learners at three points (enrollment is a transaction on the point: a few at a time).
  const points = [pointA, pointB, pointC];
  await inBatches(learners, 6, async (openid, i) => {
    const event = enrollEvent(points[i % 3], i);
    phones.set(openid, event.phone);
    await bb.ok('user', event, openid);
  });
}, 60_000);
afterAll(async () => {
  bb.cloud.setClockOffset(0);
  await bb.close();
});

test('unknown action: INVALID_ARGUMENT', async () => {
  expect(await bb.fail('course', { action: 'signUp' }, learners[0])).toBe('INVALID_ARGUMENT');
});

describe('create (point_admin of pointId or staff above it)', () => {
  test('point admin of the point, its branch admin and the head admin create; answer { courseId }', async () => {
    await createCourse(PA, courseInput(pointA));
    await createCourse(BA, courseInput(pointB));
    await createCourse(HEAD, courseInput(pointC));
  });

  test('another point admin, a learner, an anonymous caller may not', async () => {
    expect(await bb.fail('course', { action: 'create', ...courseInput(pointA) }, PC)).toBe('PERMISSION_DENIED');
    expect(await bb.fail('course', { action: 'create', ...courseInput(pointC) }, BA)).toBe('PERMISSION_DENIED');
    expect(await bb.fail('course', { action: 'create', ...courseInput(pointA) }, learners[0])).toBe('PERMISSION_DENIED');
    expect(await bb.fail('course', { action: 'create', ...courseInput(pointA) })).toBe('UNAUTHENTICATED');
  });

  test('every topic of 衣食住行用、生长老病死 is accepted, nothing else', async () => {
    for (const topic of TOPICS) await createCourse(HEAD, courseInput(pointC, { topic, title: `主题${topic}课程` }));
    expect(await bb.fail('course', { action: 'create', ...courseInput(pointA, { topic: '玩' }) }, PA)).toBe('INVALID_ARGUMENT');
  });

  test('capacity 1–500; ISO times with offset; end after start; required fields', async () => {
    await createCourse(PA, courseInput(pointA, { capacity: 1 }));
    await createCourse(PA, courseInput(pointA, { capacity: 500 }));
    for (const capacity of [0, 501, 2.5, '30']) {
      expect(await bb.fail('course', { action: 'create', ...courseInput(pointA, { capacity }) }, PA)).toBe('INVALID_ARGUMENT');
    }
    expect(await bb.fail('course', { action: 'create', ...courseInput(pointA, { startsAt: '2026-12-05 09:00' }) }, PA)).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('course', { action: 'create', ...courseInput(pointA, { endsAt: isoIn(days(2)) }) }, PA)).toBe('INVALID_ARGUMENT');
    const { teacherName: _t, ...noTeacher } = courseInput(pointA);
    expect(await bb.fail('course', { action: 'create', ...noTeacher }, PA)).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('course', { action: 'create', ...courseInput('pt_nope') }, HEAD)).toBe('NOT_FOUND');
  });
});

describe('list (anyone) and get (anyone)', () => {
  let listed: string[];
  beforeAll(async () => {
    // A point with its own schedule: 23 courses, one a day.
    listed = [];
    for (let i = 0; i < 23; i++) {
      listed.push(await createCourse(BA, courseInput(pointB, { title: `七星岗第${i + 1}课`, topic: TOPICS[i % 10], startsAt: isoIn(days(5 + i)), endsAt: isoIn(days(5 + i) + hours(1)) })));
    }
  });

  test('items with the contracted fields, earliest first, nextCursor null on the last page', async () => {
    const all = await walkPages(bb, 'course', { action: 'list', pointId: pointB }, 5);
    all.forEach(expectCourseItem);
    const ids = all.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of listed) expect(ids).toContain(id);
    const starts = all.map((c) => Date.parse(c.startsAt));
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(all.every((c) => c.pointId === pointB && c.pointName === '七星岗' && c.status === 'scheduled')).toBe(true);
  });

  test('default limit 20, max 100', async () => {
    const first = await bb.ok('course', { action: 'list', pointId: pointB });
    expectPage(first);
    expect(first.items).toHaveLength(20);
    expect(typeof first.nextCursor).toBe('string');
    expect(await bb.fail('course', { action: 'list', limit: 101 })).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('course', { action: 'list', limit: 0 })).toBe('INVALID_ARGUMENT');
    const hundred = await bb.ok('course', { action: 'list', limit: 100 });
    expect(hundred.items.length).toBeLessThanOrEqual(100);
  });

  test('filters: pointId, branchId, topic, from', async () => {
    const jb = await walkPages(bb, 'course', { action: 'list', branchId: JIANGBEI }, 100);
    expect(jb.length).toBeGreaterThan(0);
    expect(jb.every((c) => c.pointId === pointC)).toBe(true);
    const topic = await walkPages(bb, 'course', { action: 'list', topic: '衣' }, 100);
    expect(topic.length).toBeGreaterThan(0);
    expect(topic.every((c) => c.topic === '衣')).toBe(true);
    const later = await walkPages(bb, 'course', { action: 'list', pointId: pointB, from: isoIn(days(20)) }, 100);
    expect(later.length).toBeGreaterThan(0);
    expect(later.length).toBeLessThan(23);
    expect(later.every((c) => Date.parse(c.startsAt) >= Date.now() + days(20) - MINUTE)).toBe(true);
    expect(await bb.fail('course', { action: 'list', topic: '玩' })).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('course', { action: 'list', from: 'tomorrow' })).toBe('INVALID_ARGUMENT');
  });

  test('get: the list item plus description, teacherName, location, mySignup (null when anonymous)', async () => {
    const detail = await bb.ok('course', { action: 'get', courseId: listed[0] });
    expectCourseItem(detail);
    expect(detail).toEqual(
      expect.objectContaining({ id: listed[0], description: '高血压、糖尿病的日常管理', teacherName: '刘医生', location: '社区服务中心二楼活动室', mySignup: null }),
    );
    expectNoLeak(detail, [BA, HEAD, PA]);
    expectNoSecrets(detail);
    expect((await bb.ok('course', { action: 'get', courseId: listed[0] }, learners[0])).mySignup).toBeNull();
    expect(await bb.fail('course', { action: 'get', courseId: 'cs_nope' })).toBe('NOT_FOUND');
    expect(await bb.fail('course', { action: 'get' })).toBe('INVALID_ARGUMENT');
  });
});

describe('signup / cancel / mine (learner)', () => {
  let courseId: string;
  beforeAll(async () => {
    courseId = await createCourse(PA, courseInput(pointA, { capacity: 2 }));
  });

  test('anonymous UNAUTHENTICATED; not enrolled PERMISSION_DENIED; unknown course NOT_FOUND', async () => {
    expect(await bb.fail('course', { action: 'signup', courseId })).toBe('UNAUTHENTICATED');
    expect(await bb.fail('course', { action: 'signup', courseId }, NOT_LEARNER)).toBe('PERMISSION_DENIED');
    expect(await bb.fail('course', { action: 'cancel', courseId })).toBe('UNAUTHENTICATED');
    expect(await bb.fail('course', { action: 'cancel', courseId }, NOT_LEARNER)).toBe('PERMISSION_DENIED');
    expect(await bb.fail('course', { action: 'mine' })).toBe('UNAUTHENTICATED');
    expect(await bb.fail('course', { action: 'mine' }, NOT_LEARNER)).toBe('PERMISSION_DENIED');
    expect(await bb.fail('course', { action: 'signup', courseId: 'cs_nope' }, learners[0])).toBe('NOT_FOUND');
  });

  test('signed, then waitlisted with a position; a repeated signup returns the current status', async () => {
    expect(await bb.ok('course', { action: 'signup', courseId }, learners[0])).toEqual({ status: 'signed' });
    expect(await bb.ok('course', { action: 'signup', courseId }, learners[1])).toEqual({ status: 'signed' });
    expect(await bb.ok('course', { action: 'signup', courseId }, learners[2])).toEqual({ status: 'waitlisted', position: 1 });
    expect(await bb.ok('course', { action: 'signup', courseId }, learners[3])).toEqual({ status: 'waitlisted', position: 2 });
    expect(await bb.ok('course', { action: 'signup', courseId }, learners[0])).toEqual({ status: 'signed' });
    expect(await bb.ok('course', { action: 'signup', courseId }, learners[3])).toEqual({ status: 'waitlisted', position: 2 });
    const detail = await bb.ok('course', { action: 'get', courseId }, learners[3]);
    expect(detail).toEqual(expect.objectContaining({ signedCount: 2, waitlistCount: 2 }));
    expect(detail.mySignup).toEqual(expect.objectContaining({ status: 'waitlisted', position: 2 }));
    expect((await bb.ok('course', { action: 'get', courseId }, learners[0])).mySignup).toEqual(expect.objectContaining({ status: 'signed' }));
  });

  test('mine: { items: [{ course, status }] } with the course as a list item', async () => {
    const mine = await bb.ok('course', { action: 'mine' }, learners[3]);
    expect(mine).toEqual({ items: expect.any(Array) });
    const entry = mine.items.find((i: any) => i.course.id === courseId);
    expect(entry).toEqual(expect.objectContaining({ status: 'waitlisted' }));
    expectCourseItem(entry.course);
    expect((await bb.ok('course', { action: 'mine' }, learners[399])).items).toEqual([]);
  });

  test('cancel: { status: "cancelled" }; the earliest waitlisted learner becomes signed', async () => {
    expect(await bb.ok('course', { action: 'cancel', courseId }, learners[0])).toEqual({ status: 'cancelled' });
    expect((await bb.ok('course', { action: 'get', courseId }, learners[2])).mySignup).toEqual(expect.objectContaining({ status: 'signed' }));
    expect((await bb.ok('course', { action: 'get', courseId }, learners[3])).mySignup).toEqual(expect.objectContaining({ status: 'waitlisted', position: 1 }));
    expect((await bb.ok('course', { action: 'get', courseId })).signedCount).toBe(2);
    expect((await bb.ok('course', { action: 'get', courseId })).waitlistCount).toBe(1);
    expect((await bb.ok('course', { action: 'mine' }, learners[0])).items.some((i: any) => i.course.id === courseId)).toBe(false);
    // Cancelling a waitlist place shrinks the waitlist.
    expect(await bb.ok('course', { action: 'cancel', courseId }, learners[3])).toEqual({ status: 'cancelled' });
    expect((await bb.ok('course', { action: 'get', courseId })).waitlistCount).toBe(0);
  });

  test('cancel without a signup: FAILED_PRECONDITION', async () => {
    expect(await bb.fail('course', { action: 'cancel', courseId }, learners[10])).toBe('FAILED_PRECONDITION');
  });
});

describe('invariants under concurrency: 400 learners, 40 seats, one Promise.all over HTTP', () => {
  let courseId: string;
  let first: any[];

  beforeAll(async () => {
    courseId = await createCourse(PA, courseInput(pointA, { capacity: SEATS, title: '防范电信诈骗' }));
    // Everyone taps once, the first 100 tap twice: 500 requests at once.
    const all = await Promise.all([...learners, ...learners.slice(0, 100)].map((o) => call('signup', { courseId }, o)));
    first = all.slice(0, CROWD);
    repeats = all.slice(CROWD);
  }, 60_000);
  let repeats: any[];

  test('every call answered ok: exactly 40 signed, 360 waitlisted at unique positions 1..360', async () => {
    for (const r of first) expect(r.ok).toBe(true);
    // A repeated signup answers the current status: the same as the person's other tap.
    repeats.forEach((r, i) => expect(r).toEqual(first[i]));
    const data = first.map((r) => r.data);
    expect(data.filter((d) => d.status === 'signed')).toHaveLength(SEATS);
    const positions = data.filter((d) => d.status === 'waitlisted').map((d) => d.position);
    expect(positions).toHaveLength(CROWD - SEATS);
    expect([...positions].sort((a, b) => a - b)).toEqual(Array.from({ length: CROWD - SEATS }, (_x, i) => i + 1));
    const detail = await bb.ok('course', { action: 'get', courseId });
    expect(detail).toEqual(expect.objectContaining({ capacity: SEATS, signedCount: SEATS, waitlistCount: CROWD - SEATS }));
  });

  test('the roster agrees with the counts (counts equal the signups)', async () => {
    const roster = await bb.ok('course', { action: 'roster', courseId }, PA);
    expect(roster).toEqual(expect.objectContaining({ signed: expect.any(Array), waitlisted: expect.any(Array), checkedIn: [] }));
    expect(roster.signed).toHaveLength(SEATS);
    expect(roster.waitlisted).toHaveLength(CROWD - SEATS);
    const everyone = [...roster.signed, ...roster.waitlisted].map((e: any) => e.openid);
    expect(new Set(everyone).size).toBe(CROWD);
  });

  test('a storm of repeats, cancellations and new taps at once keeps every invariant', async () => {
    const data = first.map((r) => r.data);
    const signed = learners.filter((_o, i) => data[i].status === 'signed');
    const waiting = learners.filter((_o, i) => data[i].status === 'waitlisted');
    const cancelSigned = signed.slice(0, 25);
    const cancelWaiting = waiting.slice(-30);
    const repeaters = [...signed.slice(25), ...waiting.slice(0, 60)];
    const answers = await Promise.all([
      ...cancelSigned.map((o) => call('cancel', { courseId }, o)),
      ...cancelWaiting.map((o) => call('cancel', { courseId }, o)),
      ...repeaters.map((o) => call('signup', { courseId }, o)),
      ...repeaters.slice(0, 20).map((o) => call('signup', { courseId }, o)),
    ]);
    for (const a of answers) expect(a.ok).toBe(true);
    for (const a of answers.slice(0, 55)) expect(a).toEqual({ ok: true, data: { status: 'cancelled' } });

    const detail = await bb.ok('course', { action: 'get', courseId });
    const remaining = CROWD - 25 - 30;
    expect(detail.signedCount).toBe(SEATS);
    expect(detail.waitlistCount).toBe(remaining - SEATS);
    const roster = await bb.ok('course', { action: 'roster', courseId }, PA);
    expect(roster.signed).toHaveLength(detail.signedCount);
    expect(roster.waitlisted).toHaveLength(detail.waitlistCount);
    const positions = roster.waitlisted.map((e: any) => e.position);
    expect(positions).toEqual(Array.from({ length: detail.waitlistCount }, (_x, i) => i + 1));
    // The 25 freed seats went to the 25 earliest waiting learners, in order.
    const promoted = new Set(waiting.slice(0, 25));
    for (const e of roster.signed) expect(cancelSigned).not.toContain(e.openid);
    for (const o of promoted) expect(roster.signed.map((e: any) => e.openid)).toContain(o);
    // A learner's own view agrees with the roster.
    const head = roster.waitlisted[0].openid;
    expect((await bb.ok('course', { action: 'get', courseId }, head)).mySignup).toEqual(expect.objectContaining({ status: 'waitlisted', position: 1 }));
  });

  test('roster: staff of the point or above only; phones never in full', async () => {
    expect(await bb.fail('course', { action: 'roster', courseId }, PC)).toBe('PERMISSION_DENIED');
    expect(await bb.fail('course', { action: 'roster', courseId }, learners[0])).toBe('PERMISSION_DENIED');
    expect(await bb.fail('course', { action: 'roster', courseId })).toBe('UNAUTHENTICATED');
    const byBranch = await bb.ok('course', { action: 'roster', courseId }, BA);
    const byHead = await bb.ok('course', { action: 'roster', courseId }, HEAD);
    expect(byBranch.signed.length).toBe(byHead.signed.length);
    expectNoLeak(byHead, [...phones.values()]);
  });
});

describe('checkinCode (staff) and checkin (learner signed up)', () => {
  let courseId: string;
  beforeAll(async () => {
    // Starts in 30 minutes: check-in is open.
    courseId = await createCourse(PA, courseInput(pointA, { capacity: 1, startsAt: isoIn(30 * MINUTE), endsAt: isoIn(90 * MINUTE) }));
    expect(await bb.ok('course', { action: 'signup', courseId }, learners[100])).toEqual({ status: 'signed' });
    expect(await bb.ok('course', { action: 'signup', courseId }, learners[101])).toEqual({ status: 'waitlisted', position: 1 });
  });
  afterEach(() => bb.cloud.setClockOffset(0));

  test('checkinCode: { code, expiresAt } for staff of the point or above only, no secret', async () => {
    const c = await bb.ok('course', { action: 'checkinCode', courseId }, PA);
    expect(c).toEqual(expect.objectContaining({ code: expect.any(String), expiresAt: expect.any(String) }));
    expect(c.code).toMatch(/^\d{4,8}$/);
    expectIso(c.expiresAt);
    expect(Date.parse(c.expiresAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(c.expiresAt)).toBeLessThanOrEqual(Date.now() + 5 * MINUTE);
    expectNoSecrets(c);
    expect((await bb.ok('course', { action: 'checkinCode', courseId }, BA)).code).toMatch(/^\d+$/);
    expect(await bb.fail('course', { action: 'checkinCode', courseId }, PC)).toBe('PERMISSION_DENIED');
    expect(await bb.fail('course', { action: 'checkinCode', courseId }, learners[100])).toBe('PERMISSION_DENIED');
    expect(await bb.fail('course', { action: 'checkinCode', courseId })).toBe('UNAUTHENTICATED');
    expect(await bb.fail('course', { action: 'checkinCode', courseId: 'cs_nope' }, PA)).toBe('NOT_FOUND');
  });

  test('a wrong code is refused; a valid code checks in once ({ checkedInAt }) even when tapped many times', async () => {
    const { code } = await bb.ok('course', { action: 'checkinCode', courseId }, PA);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(code.length, '0');
    expect(['INVALID_ARGUMENT', 'FAILED_PRECONDITION']).toContain(await bb.fail('course', { action: 'checkin', courseId, code: wrong }, learners[100]));
    expect(await bb.fail('course', { action: 'checkin', courseId, code })).toBe('UNAUTHENTICATED');
    const taps = await Promise.all(Array.from({ length: 8 }, () => call('checkin', { courseId, code }, learners[100])));
    for (const t of taps) expect(t.ok).toBe(true);
    const times = new Set(taps.map((t: any) => t.data.checkedInAt));
    expect(times.size).toBe(1);
    expectIso([...times][0]);
    const roster = await bb.ok('course', { action: 'roster', courseId }, PA);
    expect(roster.checkedIn).toHaveLength(1);
    expect(roster.checkedIn[0].openid).toBe(learners[100]);
  });

  test('only learners signed up for the course check in (waitlisted, not signed up, not enrolled refused)', async () => {
    const { code } = await bb.ok('course', { action: 'checkinCode', courseId }, PA);
    expect(await bb.fail('course', { action: 'checkin', courseId, code }, learners[101])).toBe('FAILED_PRECONDITION');
    expect(await bb.fail('course', { action: 'checkin', courseId, code }, learners[102])).toBe('FAILED_PRECONDITION');
    expect(['PERMISSION_DENIED', 'FAILED_PRECONDITION']).toContain(await bb.fail('course', { action: 'checkin', courseId, code }, NOT_LEARNER));
    const roster = await bb.ok('course', { action: 'roster', courseId }, PA);
    expect(roster.checkedIn).toHaveLength(1);
  });

  test('an expired code is refused', async () => {
    const other = await createCourse(PA, courseInput(pointA, { capacity: 5, startsAt: isoIn(40 * MINUTE), endsAt: isoIn(100 * MINUTE) }));
    expect(await bb.ok('course', { action: 'signup', courseId: other }, learners[103])).toEqual({ status: 'signed' });
    const { code, expiresAt } = await bb.ok('course', { action: 'checkinCode', courseId: other }, PA);
    bb.cloud.setClockOffset(Date.parse(expiresAt) - Date.now() + 3 * MINUTE);
    const fresh = await bb.ok('course', { action: 'checkinCode', courseId: other }, PA);
    if (fresh.code !== code) {
      expect(['FAILED_PRECONDITION', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED']).toContain(await bb.fail('course', { action: 'checkin', courseId: other, code }, learners[103]));
    }
    expect((await bb.ok('course', { action: 'checkin', courseId: other, code: fresh.code }, learners[103])).checkedInAt).toEqual(expect.any(String));
  });
});

describe('no signup once the course has started or is cancelled (FAILED_PRECONDITION)', () => {
  test('started', async () => {
    const courseId = await createCourse(PA, courseInput(pointA, { startsAt: isoIn(20 * MINUTE), endsAt: isoIn(80 * MINUTE) }));
    expect(await bb.ok('course', { action: 'signup', courseId }, learners[200])).toEqual({ status: 'signed' });
    bb.cloud.setClockOffset(30 * MINUTE);
    try {
      expect(await bb.fail('course', { action: 'signup', courseId }, learners[201])).toBe('FAILED_PRECONDITION');
      expect(await bb.fail('course', { action: 'cancel', courseId }, learners[200])).toBe('FAILED_PRECONDITION');
      expect((await bb.ok('course', { action: 'get', courseId })).status).toBe('ongoing');
    } finally {
      bb.cloud.setClockOffset(0);
    }
  });

  test('cancelled', async () => {
    const courseId = await createCourse(PA, courseInput(pointA));
    await bb.ok('course', { action: 'cancelCourse', courseId, reason: '老师临时有事' }, PA);
    expect(await bb.fail('course', { action: 'signup', courseId }, learners[202])).toBe('FAILED_PRECONDITION');
    expect((await bb.ok('course', { action: 'get', courseId })).status).toBe('cancelled');
  });
});

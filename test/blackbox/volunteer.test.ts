/**
 * CONTRACT.md `volunteer`, over HTTP: every row, the hours rules (only approved hours count,
 * nobody approves their own, at most the activity's length, one record per volunteer per
 * activity), slots under 100 concurrent signups, star thresholds and unique certificate numbers.
 */
import {
  days,
  expectIso,
  expectNoLeak,
  expectPage,
  HEAD,
  hours,
  inBatches,
  isoIn,
  JIANGBEI,
  nameFor,
  nextPhone,
  setUpUnits,
  startBlackBox,
  walkPages,
  YUZHONG,
  type BlackBox,
} from './support';

const PA = 'bb-vol-pa-a';
const PC = 'bb-vol-pa-c';
const BA = 'bb-vol-ba-yz';
const LEADER = 'bb-vol-leader';
const OTHER_LEADER = 'bb-vol-leader2';
const MEMBER = 'bb-vol-member';
const OUTSIDER = 'bb-vol-outsider';
const UNREGISTERED = 'bb-vol-nobody';
const KEY_DAYS = ['全国科普日', '科技工作者日', '科技活动周'];
const SUFFIX = '社区科普大学科技志愿服务队';

let bb: BlackBox;
let pointA: string;
let pointC: string;
let teamA: string;
let teamC: string;
const phoneOf = new Map<string, string>();

const vol = (action: string, params: Record<string, unknown>, openid?: string) => bb.post('volunteer', { action, ...params }, openid);
const ok = (action: string, params: Record<string, unknown>, openid?: string) => bb.ok('volunteer', { action, ...params }, openid);
const fail = (action: string, params: Record<string, unknown>, openid?: string) => bb.fail('volunteer', { action, ...params }, openid);

async function register(openid: string, realName: string): Promise<void> {
  const phone = nextPhone();
  phoneOf.set(openid, phone);
  expect(await ok('register', { realName, phone, skills: ['健康科普'] }, openid)).toEqual({ volunteerId: expect.any(String) });
}

async function makeMember(teamId: string, openid: string, approver: string, realName = '李四平'): Promise<void> {
  await register(openid, realName);
  expect(await ok('joinTeam', { teamId }, openid)).toEqual({ status: 'pending' });
  expect(await ok('reviewMember', { teamId, openid, approve: true }, approver)).toEqual({ status: 'member' });
}

/** An activity of the team, `startOffset` from now, `lengthH` hours long. */
async function activity(teamId: string, by: string, startOffset: number, lengthH: number, extra: Record<string, unknown> = {}): Promise<string> {
  const data = await ok(
    'createActivity',
    {
      teamId,
      title: '社区防诈骗宣传',
      startsAt: isoIn(startOffset),
      endsAt: isoIn(startOffset + hours(lengthH)),
      location: '解放碑社区广场',
      slots: 50,
      hours: lengthH,
      ...extra,
    },
    by,
  );
  expect(data).toEqual({ activityId: expect.any(String) });
  return data.activityId;
}

beforeAll(async () => {
  bb = await startBlackBox();
  ({ pointA, pointC } = await setUpUnits(bb, { pa: PA, pc: PC, ba: BA }));
  await register(LEADER, '王建华');
  await register(OTHER_LEADER, '赵国平');
  teamA = (await ok('createTeam', { unitId: pointA, leaderOpenid: LEADER }, PA)).teamId;
  teamC = (await ok('createTeam', { unitId: pointC, leaderOpenid: OTHER_LEADER }, PC)).teamId;
  await makeMember(teamA, MEMBER, LEADER, '刘秀英');
  await register(OUTSIDER, '陈志强');
});
afterAll(() => bb.close());

test('unknown action: INVALID_ARGUMENT', async () => {
  expect(await fail('volunteerAll', {}, MEMBER)).toBe('INVALID_ARGUMENT');
});

describe('register (user)', () => {
  test('{ volunteerId }; again = update, hours kept; field rules', async () => {
    expect(await fail('register', { realName: '张三明', phone: nextPhone() })).toBe('UNAUTHENTICATED');
    const who = 'bb-vol-reg';
    const first = await ok('register', { realName: '张三明', phone: nextPhone() }, who);
    const again = await ok('register', { realName: '张三', phone: nextPhone(), skills: ['急救培训', '智能手机教学'] }, who);
    expect(again).toEqual({ volunteerId: first.volunteerId });
    expect((await bb.ok('user', { action: 'me' }, who)).volunteer).toEqual({ realName: '张三', approvedHours: 0 });
    expect(await fail('register', { realName: '张三', phone: '123' }, who)).toBe('INVALID_ARGUMENT');
    expect(await fail('register', { phone: nextPhone() }, who)).toBe('INVALID_ARGUMENT');
    expect(await fail('register', { realName: '张三', phone: nextPhone(), skills: '急救' }, who)).toBe('INVALID_ARGUMENT');
  });
});

describe('createTeam (head_admin, branch_admin or point_admin of unitId) and listTeams (anyone)', () => {
  test('default name "<unit>社区科普大学科技志愿服务队" for a point and for a branch', async () => {
    const pointTeam = await ok('createTeam', { unitId: pointA }, BA);
    const branchTeam = await ok('createTeam', { unitId: YUZHONG }, HEAD);
    const named = await ok('createTeam', { unitId: YUZHONG, name: '渝中区银龄科普志愿队' }, BA);
    const items = (await ok('listTeams', { unitId: YUZHONG })).items;
    const byId = new Map(items.map((t: any) => [t.id, t]));
    expect(byId.get(branchTeam.teamId)).toEqual(expect.objectContaining({ unitId: YUZHONG, name: `渝中区${SUFFIX}`, memberCount: 0 }));
    expect(byId.get(named.teamId)).toEqual(expect.objectContaining({ name: '渝中区银龄科普志愿队' }));
    const atPoint = (await ok('listTeams', { unitId: pointA })).items;
    expect(atPoint.find((t: any) => t.id === pointTeam.teamId)).toEqual(expect.objectContaining({ unitId: pointA, name: `解放碑${SUFFIX}` }));
  });

  test('wrong unit or no role: PERMISSION_DENIED; anonymous UNAUTHENTICATED; unknown unit NOT_FOUND', async () => {
    expect(await fail('createTeam', { unitId: pointA }, PC)).toBe('PERMISSION_DENIED');
    expect(await fail('createTeam', { unitId: JIANGBEI }, BA)).toBe('PERMISSION_DENIED');
    expect(await fail('createTeam', { unitId: pointC }, BA)).toBe('PERMISSION_DENIED');
    expect(await fail('createTeam', { unitId: pointA }, LEADER)).toBe('PERMISSION_DENIED');
    expect(await fail('createTeam', { unitId: pointA }, MEMBER)).toBe('PERMISSION_DENIED');
    expect(await fail('createTeam', { unitId: pointA })).toBe('UNAUTHENTICATED');
    expect(await fail('createTeam', { unitId: 'pt_nope' }, HEAD)).toBe('NOT_FOUND');
    expect(await fail('createTeam', {}, HEAD)).toBe('INVALID_ARGUMENT');
  });

  test('listTeams: { items: [{ id, unitId, name, memberCount }] } for anyone, no OPENIDs or phones', async () => {
    const data = await ok('listTeams', {});
    expect(data.items.length).toBeGreaterThanOrEqual(2);
    for (const t of data.items) expect(t).toEqual(expect.objectContaining({ id: expect.any(String), unitId: expect.any(String), name: expect.any(String), memberCount: expect.any(Number) }));
    const a = data.items.find((t: any) => t.id === teamA);
    expect(a).toEqual(expect.objectContaining({ unitId: pointA, memberCount: 2 })); // leader + MEMBER
    expectNoLeak(data, [LEADER, OTHER_LEADER, MEMBER, ...phoneOf.values()]);
    expect((await ok('listTeams', { unitId: pointC })).items.map((t: any) => t.id)).toEqual([teamC]);
    expect(await fail('listTeams', { limit: 101 })).toBe('INVALID_ARGUMENT');
  });
});

describe('joinTeam (registered volunteer) and reviewMember (team leader or staff above)', () => {
  test('pending, again pending, then member; unregistered PERMISSION_DENIED; anonymous UNAUTHENTICATED', async () => {
    expect(await fail('joinTeam', { teamId: teamA }, UNREGISTERED)).toBe('PERMISSION_DENIED');
    expect(await fail('joinTeam', { teamId: teamA })).toBe('UNAUTHENTICATED');
    expect(await fail('joinTeam', { teamId: 'tm_nope' }, OUTSIDER)).toBe('NOT_FOUND');
    const who = 'bb-vol-joiner';
    await register(who, '孙桂兰');
    expect(await ok('joinTeam', { teamId: teamA }, who)).toEqual({ status: 'pending' });
    expect(await ok('joinTeam', { teamId: teamA }, who)).toEqual({ status: 'pending' });
    // Neither a plain member, another team's leader nor another point's admin may review.
    expect(await fail('reviewMember', { teamId: teamA, openid: who, approve: true }, MEMBER)).toBe('PERMISSION_DENIED');
    expect(await fail('reviewMember', { teamId: teamA, openid: who, approve: true }, OTHER_LEADER)).toBe('PERMISSION_DENIED');
    expect(await fail('reviewMember', { teamId: teamA, openid: who, approve: true }, PC)).toBe('PERMISSION_DENIED');
    expect(await fail('reviewMember', { teamId: teamA, openid: who, approve: true })).toBe('UNAUTHENTICATED');
    expect(await fail('reviewMember', { teamId: teamA, openid: who, approve: 'yes' }, LEADER)).toBe('INVALID_ARGUMENT');
    const before = (await ok('listTeams', { unitId: pointA })).items.find((t: any) => t.id === teamA).memberCount;
    // Two reviewers approving at once: both answered "member", counted once.
    const both = await Promise.all([vol('reviewMember', { teamId: teamA, openid: who, approve: true }, BA), vol('reviewMember', { teamId: teamA, openid: who, approve: true }, LEADER)]);
    for (const b of both) expect(b).toEqual({ ok: true, data: { status: 'member' } });
    expect((await ok('listTeams', { unitId: pointA })).items.find((t: any) => t.id === teamA).memberCount).toBe(before + 1);
    expect(await ok('joinTeam', { teamId: teamA }, who)).toEqual({ status: 'member' });
  });

  test('reject: { status: "rejected" }; memberCount follows', async () => {
    const who = 'bb-vol-rejected';
    await register(who, '周淑珍');
    const before = (await ok('listTeams', { unitId: pointC })).items[0].memberCount;
    expect(await ok('joinTeam', { teamId: teamC }, who)).toEqual({ status: 'pending' });
    expect(await ok('reviewMember', { teamId: teamC, openid: who, approve: false }, OTHER_LEADER)).toEqual({ status: 'rejected' });
    expect((await ok('listTeams', { unitId: pointC })).items[0].memberCount).toBe(before);
    expect(await ok('joinTeam', { teamId: teamC }, who)).toEqual({ status: 'pending' });
    expect(await ok('reviewMember', { teamId: teamC, openid: who, approve: true }, OTHER_LEADER)).toEqual({ status: 'member' });
    expect((await ok('listTeams', { unitId: pointC })).items[0].memberCount).toBe(before + 1);
  });
});

describe('createActivity (team leader or staff of the unit or above) and listActivities (anyone)', () => {
  let listed: string[];
  let paged: string;

  test('leader and staff create; keyDay is one of the three key days', async () => {
    await activity(teamA, LEADER, days(2), 2);
    await activity(teamA, PA, days(2), 2, { keyDay: '全国科普日' });
    await activity(teamA, BA, days(2), 2, { keyDay: '科技工作者日', description: '带上宣传册' });
    await activity(teamA, HEAD, days(2), 2, { keyDay: '科技活动周' });
    expect(await fail('createActivity', { teamId: teamA, title: '活动', startsAt: isoIn(days(1)), endsAt: isoIn(days(1) + hours(2)), location: '广场', slots: 5, hours: 2, keyDay: '植树节' }, LEADER)).toBe(
      'INVALID_ARGUMENT',
    );
  });

  test('members, other leaders, other points: PERMISSION_DENIED; anonymous UNAUTHENTICATED', async () => {
    const event = { teamId: teamA, title: '活动', startsAt: isoIn(days(1)), endsAt: isoIn(days(1) + hours(2)), location: '广场', slots: 5, hours: 2 };
    expect(await fail('createActivity', event, MEMBER)).toBe('PERMISSION_DENIED');
    expect(await fail('createActivity', event, OTHER_LEADER)).toBe('PERMISSION_DENIED');
    expect(await fail('createActivity', event, PC)).toBe('PERMISSION_DENIED');
    expect(await fail('createActivity', event)).toBe('UNAUTHENTICATED');
    expect(await fail('createActivity', { ...event, slots: 0 }, LEADER)).toBe('INVALID_ARGUMENT');
    expect(await fail('createActivity', { ...event, hours: 3 }, LEADER)).toBe('INVALID_ARGUMENT');
  });

  test('listActivities: contracted fields, earliest first, paging with nextCursor null on the last page', async () => {
    const team = (await ok('createTeam', { unitId: pointA, name: '解放碑分页测试队' }, PA)).teamId;
    paged = team;
    listed = [];
    for (let i = 0; i < 23; i++) listed.push(await activity(team, PA, days(3 + i), 1 + (i % 3), i % 4 === 0 ? { keyDay: KEY_DAYS[i % 3] } : {}));
    const all = await walkPages(bb, 'volunteer', { action: 'listActivities', teamId: team }, 7);
    expect(all.map((a) => a.id)).toEqual(listed);
    for (const a of all) {
      expect(a).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          teamId: team,
          title: expect.any(String),
          startsAt: expect.any(String),
          endsAt: expect.any(String),
          location: expect.any(String),
          slots: 50,
          signedCount: 0,
          hours: expect.any(Number),
        }),
      );
      expect('keyDay' in a).toBe(true);
      expect(a.keyDay === null || KEY_DAYS.includes(a.keyDay)).toBe(true);
      expectIso(a.startsAt);
      expectIso(a.endsAt);
      expect(JSON.stringify(a)).not.toMatch(/codeSecret|codeShownBy|createdBy/);
    }
    const first = await ok('listActivities', { teamId: team });
    expectPage(first);
    expect(first.items).toHaveLength(20);
    expect(await fail('listActivities', { limit: 101 })).toBe('INVALID_ARGUMENT');
    const later = await ok('listActivities', { teamId: team, from: isoIn(days(20)), limit: 100 });
    expect(later.nextCursor).toBeNull();
    expect(later.items.length).toBeGreaterThan(0);
    expect(later.items.length).toBeLessThan(23);
  });

  test('paged team is listed for anyone without filters too', async () => {
    const all = await walkPages(bb, 'volunteer', { action: 'listActivities' }, 100);
    expect(all.filter((a) => a.teamId === paged)).toHaveLength(23);
  });
});

describe('signupActivity (member of the team): never more than slots', () => {
  const CROWD = 100;
  const SLOTS = 30;
  const crowd = Array.from({ length: CROWD }, (_x, i) => `bb-vol-crowd${String(i).padStart(3, '0')}`);
  let activityId: string;

  beforeAll(async () => {
    await inBatches(crowd, 20, (o, i) => makeMember(teamA, o, LEADER, nameFor(i)));
    activityId = await activity(teamA, LEADER, days(1), 3, { slots: SLOTS });
  }, 30_000);

  test('non-members PERMISSION_DENIED; anonymous UNAUTHENTICATED; unknown activity NOT_FOUND', async () => {
    expect(await fail('signupActivity', { activityId }, OUTSIDER)).toBe('PERMISSION_DENIED');
    expect(await fail('signupActivity', { activityId }, OTHER_LEADER)).toBe('PERMISSION_DENIED');
    expect(await fail('signupActivity', { activityId })).toBe('UNAUTHENTICATED');
    expect(await fail('signupActivity', { activityId: 'va_nope' }, MEMBER)).toBe('NOT_FOUND');
  });

  test(`${CROWD} concurrent HTTP signups (plus repeats) for ${SLOTS} slots: exactly ${SLOTS} signed`, async () => {
    const answers = await Promise.all([...crowd, ...crowd.slice(0, 20)].map((o) => vol('signupActivity', { activityId }, o)));
    const signedBy = new Set<string>();
    answers.forEach((a, i) => {
      if (a.ok) {
        expect(a.data).toEqual({ status: 'signed' });
        signedBy.add([...crowd, ...crowd.slice(0, 20)][i]);
      } else {
        expect(a.error.code).toBe('RESOURCE_EXHAUSTED');
        expect(a.error.message).toMatch(/[\u4e00-\u9fa5]/);
      }
    });
    expect(signedBy.size).toBe(SLOTS);
    const listed = (await ok('listActivities', { teamId: teamA, limit: 100 })).items.find((a: any) => a.id === activityId);
    expect(listed).toEqual(expect.objectContaining({ slots: SLOTS, signedCount: SLOTS }));
    // A repeated signup by someone who has a slot returns the same status and takes nothing.
    const someone = [...signedBy][0];
    expect(await ok('signupActivity', { activityId }, someone)).toEqual({ status: 'signed' });
    expect(await fail('signupActivity', { activityId }, crowd.find((o) => !signedBy.has(o))!)).toBe('RESOURCE_EXHAUSTED');
    const again = (await ok('listActivities', { teamId: teamA, limit: 100 })).items.find((a: any) => a.id === activityId);
    expect(again.signedCount).toBe(SLOTS);
  });
});

describe('repeated signups answer the current status', () => {
  test('one volunteer tapping many times at once for the last slot gets "signed" every time and takes one slot', async () => {
    for (let round = 0; round < 5; round++) {
      const who = `bb-vol-tapper${round}`;
      await makeMember(teamA, who, LEADER, nameFor(round + 70));
      const a = await activity(teamA, LEADER, days(1), 2, { slots: 1 });
      const taps = await Promise.all(Array.from({ length: 8 }, () => vol('signupActivity', { activityId: a }, who)));
      for (const t of taps) expect(t).toEqual({ ok: true, data: { status: 'signed' } });
      const listed = (await ok('listActivities', { teamId: teamA, limit: 100 })).items.find((x: any) => x.id === a);
      expect(listed.signedCount).toBe(1);
    }
  });
});

describe('logHours / reviewHours / myHours', () => {
  let past: string; // started 1 h ago, 2 h long
  let future: string;

  beforeAll(async () => {
    past = await activity(teamA, LEADER, -hours(1), 2); // started, ends in an hour
    future = await activity(teamA, LEADER, days(1), 2);
    for (const o of [MEMBER, LEADER]) {
      expect(await ok('signupActivity', { activityId: past }, o)).toEqual({ status: 'signed' });
      expect(await ok('signupActivity', { activityId: future }, o)).toEqual({ status: 'signed' });
    }
  });

  test('0 < hours ≤ the activity length; only after it started; only when signed up', async () => {
    expect(await fail('logHours', { activityId: past, hours: 0 }, MEMBER)).toBe('INVALID_ARGUMENT');
    expect(await fail('logHours', { activityId: past, hours: -1 }, MEMBER)).toBe('INVALID_ARGUMENT');
    expect(await fail('logHours', { activityId: past, hours: 2.5 }, MEMBER)).toBe('INVALID_ARGUMENT');
    expect(await fail('logHours', { activityId: past, hours: '2' }, MEMBER)).toBe('INVALID_ARGUMENT');
    expect(await fail('logHours', { activityId: future, hours: 1 }, MEMBER)).toBe('FAILED_PRECONDITION');
    expect(['FAILED_PRECONDITION', 'PERMISSION_DENIED']).toContain(await fail('logHours', { activityId: past, hours: 1 }, OUTSIDER));
    expect(await fail('logHours', { activityId: past, hours: 1 })).toBe('UNAUTHENTICATED');
    expect(await fail('logHours', { activityId: 'va_nope', hours: 1 }, MEMBER)).toBe('NOT_FOUND');
  });

  test('{ recordId, status: "pending" }; one record per volunteer per activity, even when tapped at once', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, (_x, i) => vol('logHours', { activityId: past, hours: 1 + i * 0.1, note: '发放宣传册' }, MEMBER)));
    const ids = new Set<string>();
    for (const a of answers) {
      if (!a.ok) throw new Error(JSON.stringify(a));
      expect(a.data).toEqual({ recordId: expect.any(String), status: 'pending' });
      ids.add(a.data.recordId);
    }
    expect(ids.size).toBe(1);
    const mine = await ok('myHours', {}, MEMBER);
    expect(mine.records.filter((r: any) => r.activityId === past)).toHaveLength(1);
    // Exactly the activity length is allowed.
    expect(await ok('logHours', { activityId: past, hours: 2 }, MEMBER)).toEqual({ recordId: [...ids][0], status: 'pending' });
  });

  test('only approved hours count; nobody approves their own record; reviewers are scoped', async () => {
    const leaderRecord = (await ok('logHours', { activityId: past, hours: 1.5 }, LEADER)).recordId;
    const memberRecord = (await ok('myHours', {}, MEMBER)).records.find((r: any) => r.activityId === past).recordId ?? null;
    const memberRecordId = memberRecord ?? (await ok('logHours', { activityId: past, hours: 2 }, MEMBER)).recordId;

    let mine = await ok('myHours', {}, MEMBER);
    expect(mine).toEqual(expect.objectContaining({ approvedHours: 0, pendingHours: 2, star: 0, records: expect.any(Array) }));
    expect((await bb.ok('user', { action: 'me' }, MEMBER)).volunteer.approvedHours).toBe(0);

    expect(await fail('reviewHours', { recordId: leaderRecord, approve: true }, LEADER)).toBe('PERMISSION_DENIED');
    expect(await fail('reviewHours', { recordId: memberRecordId, approve: true }, MEMBER)).toBe('PERMISSION_DENIED');
    expect(await fail('reviewHours', { recordId: memberRecordId, approve: true }, OTHER_LEADER)).toBe('PERMISSION_DENIED');
    expect(await fail('reviewHours', { recordId: memberRecordId, approve: true }, PC)).toBe('PERMISSION_DENIED');
    expect(await fail('reviewHours', { recordId: memberRecordId, approve: true })).toBe('UNAUTHENTICATED');
    expect(await fail('reviewHours', { recordId: 'va_x:nobody', approve: true }, LEADER)).toBe('NOT_FOUND');
    expect((await ok('myHours', {}, LEADER)).approvedHours).toBe(0);

    // Concurrent approvals by two reviewers apply once.
    const both = await Promise.all([vol('reviewHours', { recordId: memberRecordId, approve: true }, LEADER), vol('reviewHours', { recordId: memberRecordId, approve: true }, PA)]);
    for (const b of both) expect(b).toEqual({ ok: true, data: { status: 'approved' } });
    mine = await ok('myHours', {}, MEMBER);
    expect(mine).toEqual(expect.objectContaining({ approvedHours: 2, pendingHours: 0, star: 0 }));
    expect((await bb.ok('user', { action: 'me' }, MEMBER)).volunteer).toEqual({ realName: '刘秀英', approvedHours: 2 });

    // The leader's own record is approved by staff above, never by the leader.
    expect(await ok('reviewHours', { recordId: leaderRecord, approve: true }, PA)).toEqual({ status: 'approved' });
    expect((await ok('myHours', {}, LEADER)).approvedHours).toBe(1.5);

    // Rejecting takes the hours out again.
    expect(await ok('reviewHours', { recordId: leaderRecord, approve: false, reason: '当天未到场' }, BA)).toEqual({ status: 'rejected' });
    expect((await ok('myHours', {}, LEADER))).toEqual(expect.objectContaining({ approvedHours: 0, pendingHours: 0 }));
  });

  test('myHours: registered volunteers only', async () => {
    expect(await fail('myHours', {})).toBe('UNAUTHENTICATED');
    expect(await fail('myHours', {}, UNREGISTERED)).toBe('PERMISSION_DENIED');
    const fresh = await ok('myHours', {}, OUTSIDER);
    expect(fresh).toEqual(expect.objectContaining({ approvedHours: 0, pendingHours: 0, star: 0, records: [] }));
  });
});

describe('approved hours are shown as the same 2-decimal number everywhere', () => {
  test('0.1 + 0.2 approved hours read 0.3 in myHours and in user.me', async () => {
    const who = 'bb-vol-decimals';
    await makeMember(teamA, who, LEADER, '郭德平');
    for (const h of [0.1, 0.2]) {
      const a = await activity(teamA, LEADER, -hours(1), 2);
      await ok('signupActivity', { activityId: a }, who);
      const { recordId } = await ok('logHours', { activityId: a, hours: h }, who);
      await ok('reviewHours', { recordId, approve: true }, LEADER);
    }
    expect((await ok('myHours', {}, who)).approvedHours).toBe(0.3);
    expect((await bb.ok('user', { action: 'me' }, who)).volunteer.approvedHours).toBe(0.3);
  });
});

describe('stars at 100/300/600/1000/1500 approved hours', () => {
  const who = 'bb-vol-star';
  test('the star follows the approved total exactly at each threshold', async () => {
    await makeMember(teamA, who, LEADER, '吴明德');
    const checkpoints: Array<[number, number]> = [
      [99.5, 0],
      [100, 1],
      [299.75, 1],
      [300, 2],
      [599.5, 2],
      [600, 3],
      [999.5, 3],
      [1000, 4],
      [1499.5, 4],
      [1500, 5],
      [1524, 5],
    ];
    let total = 0;
    let day = 1;
    for (const [target, star] of checkpoints) {
      while (total < target - 1e-9) {
        const h = Math.min(24, Math.round((target - total) * 100) / 100);
        const a = await activity(teamA, PA, -hours(22) - day * 60_000, 24);
        day++;
        await ok('signupActivity', { activityId: a }, who);
        const { recordId } = await ok('logHours', { activityId: a, hours: h }, who);
        // A pending claim never moves the star.
        expect((await ok('myHours', {}, who)).star).toBe(starBefore(total));
        expect(await ok('reviewHours', { recordId, approve: true }, LEADER)).toEqual({ status: 'approved' });
        total = Math.round((total + h) * 100) / 100;
      }
      const mine = await ok('myHours', {}, who);
      expect(mine.approvedHours).toBeCloseTo(target, 2);
      expect(mine.star).toBe(star);
    }
  }, 30_000);

  function starBefore(total: number): number {
    return [100, 300, 600, 1000, 1500].filter((t) => total >= t).length;
  }
});

describe('certificate (registered volunteer)', () => {
  test('{ number, realName, approvedHours, records, issuedBy, issuedAt } with approved records only', async () => {
    const c = await ok('certificate', {}, MEMBER);
    expect(c).toEqual(
      expect.objectContaining({ number: expect.any(String), realName: '刘秀英', approvedHours: 2, records: expect.any(Array), issuedBy: expect.any(String), issuedAt: expect.any(String) }),
    );
    expectIso(c.issuedAt);
    expect(c.records.length).toBeGreaterThan(0);
    for (const r of c.records) expect(r.status).toBe('approved');
    expectNoLeak(c, [phoneOf.get(MEMBER)!]);
    expect(await fail('certificate', {})).toBe('UNAUTHENTICATED');
    expect(await fail('certificate', {}, UNREGISTERED)).toBe('PERMISSION_DENIED');
  });

  test('numbers are unique across volunteers asking at the same time', async () => {
    const people = Array.from({ length: 20 }, (_x, i) => `bb-vol-cert${i}`);
    const a = await activity(teamA, PA, -hours(1), 2);
    await inBatches(people, 10, async (o, i) => {
      await makeMember(teamA, o, LEADER, nameFor(i + 40));
      await ok('signupActivity', { activityId: a }, o);
      const { recordId } = await ok('logHours', { activityId: a, hours: 1 }, o);
      await ok('reviewHours', { recordId, approve: true }, PA);
    });
    const certs = await Promise.all([...people, MEMBER].map((o) => ok('certificate', {}, o)));
    const numbers = certs.map((c) => c.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const c of certs.slice(0, people.length)) expect(c.approvedHours).toBe(1);
  });
});

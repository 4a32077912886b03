import { database } from '../../cloudfunctions/_shared/cloud';
import type { InvocationRecord } from '../../emulator/host';
import { errorCode, type LocalCloud } from '../support/cloud';
import { HEAD, HOUR, JIANGBEI, YUZHONG, addPoint, at, grant, member, phone, startVolunteerCloud, type Vol } from './fixtures';

/**
 * Volunteer activity administration: `updateActivity` (before the start; slots never below the
 * signups, hours within the new length; volunteers told about a new time or place) and
 * `cancelActivity` (with a reason; signed-up volunteers told; no signups, sign-ins or claims
 * afterwards; listed as cancelled). Team leader or staff of the team's unit, audited.
 */
let cloud: LocalCloud;
let v: Vol;
const records: InvocationRecord[] = [];
const POINT = 'pt_admin_a';
const OTHER_POINT = 'pt_admin_b';
let teamId: string;
let otherTeamId: string;
const MEMBERS = ['am-1', 'am-2', 'am-3'];

beforeAll(async () => {
  ({ cloud, v } = await startVolunteerCloud({ log: (_line, record) => records.push(record) }));
  await addPoint(POINT, YUZHONG, '较场口社区');
  await addPoint(OTHER_POINT, YUZHONG, '大坪社区');
  await grant('pa-a', 'point_admin', POINT);
  await grant('pa-b', 'point_admin', OTHER_POINT);
  await grant('ba-jb', 'branch_admin', JIANGBEI);
  await grant('ba-yz', 'branch_admin', YUZHONG);
  await v.ok('register', { realName: '周队长', phone: phone() }, 'lead-a');
  await v.ok('register', { realName: '吴队长', phone: phone() }, 'lead-b');
  ({ teamId } = await v.ok('createTeam', { unitId: POINT, leaderOpenid: 'lead-a' }, 'pa-a'));
  ({ teamId: otherTeamId } = await v.ok('createTeam', { unitId: OTHER_POINT, leaderOpenid: 'lead-b' }, 'pa-b'));
  for (const id of MEMBERS) await member(v, teamId, id, 'lead-a', '孙志愿');
});
afterEach(() => cloud.setClockOffset(0));
afterAll(() => cloud.close());

async function activity(overrides: Record<string, unknown> = {}, team = teamId, by = 'lead-a'): Promise<string> {
  const { activityId } = await v.ok(
    'createActivity',
    { teamId: team, title: '防范电信诈骗宣传', startsAt: at(24 * HOUR), endsAt: at(26 * HOUR), location: '较场口社区广场', slots: 10, hours: 2, ...overrides },
    by,
  );
  return activityId;
}

async function stored(activityId: string): Promise<Record<string, any>> {
  return (await database().collection('volunteerActivities').doc(activityId).get()).data as Record<string, any>;
}

async function outbox(activityId: string, kind: string): Promise<Array<Record<string, any>>> {
  const res = await database().collection('outbox').where({ kind, page: `pages/activity/index?activityId=${activityId}` }).get();
  return res.data as Array<Record<string, any>>;
}

async function audits(activityId: string, action: string): Promise<Array<Record<string, any>>> {
  return (await database().collection('audit').where({ targetId: activityId, action }).get()).data as Array<Record<string, any>>;
}

async function signedDocs(activityId: string): Promise<number> {
  return (await database().collection('activitySignups').where({ activityId, status: 'signed' }).count()).total;
}

async function cost(fn: () => Promise<unknown>): Promise<{ reads: number; writes: number }> {
  records.length = 0;
  await fn();
  const r = records[records.length - 1];
  return { reads: r.reads, writes: r.writes };
}

describe('who may change an activity', () => {
  test('the team leader and staff of the team unit or above; nobody else', async () => {
    const id = await activity();
    const edit = (openid: string | undefined) => v.call('updateActivity', { activityId: id, title: '防范电信诈骗宣传（改）' }, openid);
    expect(errorCode(await edit(undefined))).toBe('UNAUTHENTICATED');
    for (const who of ['am-1', 'lead-b', 'pa-b', 'ba-jb']) {
      expect(errorCode(await edit(who))).toBe('PERMISSION_DENIED');
      expect(errorCode(await v.call('cancelActivity', { activityId: id, reason: '场地不能用' }, who))).toBe('PERMISSION_DENIED');
    }
    expect(errorCode(await v.call('updateActivity', { activityId: 'va_missing', title: '不存在的活动' }, 'lead-a'))).toBe('NOT_FOUND');
    for (const who of ['lead-a', 'pa-a', 'ba-yz', HEAD]) {
      const title = `防范电信诈骗宣传（${who}）`;
      const res = await v.ok('updateActivity', { activityId: id, title }, who);
      expect(res).toMatchObject({ changed: ['title'], activity: { id, title, status: 'active', cancelReason: null } });
    }
    // The other team's activity is out of this leader's reach.
    const other = await activity({}, otherTeamId, 'lead-b');
    expect(errorCode(await v.call('cancelActivity', { activityId: other, reason: '场地不能用' }, 'lead-a'))).toBe('PERMISSION_DENIED');
  });
});

describe('updateActivity', () => {
  test('changes the details before the start, audited; signed-up volunteers hear about a new time or place', async () => {
    const id = await activity();
    await v.ok('signupActivity', { activityId: id }, 'am-1');
    await v.ok('signupActivity', { activityId: id }, 'am-2');

    // A title or description change tells nobody.
    const quiet = await v.ok('updateActivity', { activityId: id, title: '反诈宣传进社区', description: '请穿志愿者马甲' }, 'lead-a');
    expect(quiet).toMatchObject({ notified: 0 });
    expect(quiet.changed.sort()).toEqual(['description', 'title']);

    const startsAt = at(48 * HOUR);
    const endsAt = at(51 * HOUR);
    const c = await cost(() => v.ok('updateActivity', { activityId: id, startsAt, endsAt, location: '较场口社区活动中心三楼', hours: 3, slots: 12, keyDay: '全国科普日' }, 'lead-a'));
    expect(c).toEqual({ reads: 3, writes: 6 }); // activity, roles, signups; activity, audit, 2 messages (recorded, then marked sent)
    const got = await v.ok('getActivity', { activityId: id }, 'am-1');
    expect(got).toMatchObject({ title: '反诈宣传进社区', description: '请穿志愿者马甲', location: '较场口社区活动中心三楼', hours: 3, slots: 12, signedCount: 2, keyDay: '全国科普日', lengthHours: 3 });
    expect(Date.parse(got.startsAt)).toBe(Math.floor(Date.parse(startsAt) / 1000) * 1000); // answers carry whole seconds
    expect(got.mySignup).toMatchObject({ status: 'signed' });

    const told = await outbox(id, 'volunteer_activity_changed');
    expect(told.map((m) => m.touser).sort()).toEqual(['am-1', 'am-2']);
    expect(told[0].data.thing3.value).toBe('较场口社区活动中心三楼');
    expect(told[0].data.time2.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

    const trail = await audits(id, 'volunteer.activity.update');
    expect(trail).toHaveLength(2);
    const last = trail.find((t) => 'location' in t.after)!;
    expect(last).toMatchObject({ actor: 'lead-a', before: { location: '较场口社区广场', slots: 10, hours: 2, keyDay: null }, after: { location: '较场口社区活动中心三楼', slots: 12, hours: 3 } });

    // Repeating the current values writes nothing; keyDay null clears it.
    expect((await cost(() => v.ok('updateActivity', { activityId: id, title: '反诈宣传进社区', slots: 12 }, 'lead-a'))).writes).toBe(0);
    expect((await v.ok('updateActivity', { activityId: id, keyDay: null }, 'lead-a')).activity.keyDay).toBeNull();
  });

  test('validates times, hours and slots against the signups; nothing after the start', async () => {
    const id = await activity();
    await v.ok('signupActivity', { activityId: id }, 'am-1');
    await v.ok('signupActivity', { activityId: id }, 'am-2');
    const bad = async (fields: Record<string, unknown>) => errorCode(await v.call('updateActivity', { activityId: id, ...fields }, 'lead-a'));
    expect(await bad({ endsAt: at(23 * HOUR) })).toBe('INVALID_ARGUMENT'); // before the start
    expect(await bad({ startsAt: at(-HOUR), endsAt: at(HOUR) })).toBe('INVALID_ARGUMENT'); // into the past
    expect(await bad({ endsAt: at(50 * HOUR) })).toBe('INVALID_ARGUMENT'); // longer than 24 h
    expect(await bad({ endsAt: at(25 * HOUR) })).toBe('INVALID_ARGUMENT'); // 1 h long, 2 planned hours
    expect(await bad({ hours: 2.5 })).toBe('INVALID_ARGUMENT');
    expect(await bad({ hours: 0 })).toBe('INVALID_ARGUMENT');
    expect(await bad({ slots: 0 })).toBe('INVALID_ARGUMENT');
    expect(await bad({ keyDay: '植树节' })).toBe('INVALID_ARGUMENT');
    expect(await bad({ slots: 1 })).toBe('FAILED_PRECONDITION'); // 2 signed up
    expect((await stored(id)).slots).toBe(10);
    // Shorter time with fewer planned hours, and slots down to exactly the signups, are fine.
    expect((await v.ok('updateActivity', { activityId: id, endsAt: at(25 * HOUR), hours: 1, slots: 2 }, 'lead-a')).changed.sort()).toEqual(['endsAt', 'hours', 'slots']);
    expect(errorCode(await v.call('signupActivity', { activityId: id }, 'am-3'))).toBe('RESOURCE_EXHAUSTED');

    cloud.setClockOffset(24 * HOUR + 60_000);
    expect(await bad({ title: '开始以后改名' })).toBe('FAILED_PRECONDITION');
  });

  test('slots shrinking while 30 members sign up at once: never more signed than slots', async () => {
    const people = Array.from({ length: 30 }, (_, i) => `race-${i}`);
    await Promise.all(people.map((id) => v.ok('register', { realName: '钱志愿', phone: phone() }, id)));
    await Promise.all(people.map((id) => v.ok('joinTeam', { teamId }, id)));
    await Promise.all(people.map((id) => v.ok('reviewMember', { teamId, openid: id, approve: true }, 'lead-a')));
    for (const target of [8, 3]) {
      const id = await activity({ slots: 20 });
      const results = await Promise.all([
        ...people.slice(0, 15).map((p) => v.call('signupActivity', { activityId: id }, p)),
        v.call('updateActivity', { activityId: id, slots: target }, 'lead-a'),
        ...people.slice(15).map((p) => v.call('signupActivity', { activityId: id }, p)),
      ]);
      const doc = await stored(id);
      expect(doc.signedCount).toBeLessThanOrEqual(doc.slots);
      expect(await signedDocs(id)).toBe(doc.signedCount);
      const ok = results.filter((r) => (r as { ok: boolean }).ok).length;
      expect(ok).toBe(doc.signedCount + (doc.slots === target ? 1 : 0));
      for (const r of results) if (!(r as { ok: boolean }).ok) expect(['RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION']).toContain(errorCode(r));
    }
  });
});

describe('cancelActivity', () => {
  test('tells the signed-up volunteers, lists as cancelled and refuses signups, sign-ins and claims', async () => {
    const id = await activity({ title: '科技活动周展览讲解', startsAt: at(2 * HOUR), endsAt: at(4 * HOUR) });
    await v.ok('signupActivity', { activityId: id }, 'am-1');
    await v.ok('signupActivity', { activityId: id }, 'am-2');

    expect(errorCode(await v.call('cancelActivity', { activityId: id }, 'lead-a'))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await v.call('cancelActivity', { activityId: id, reason: ' ' }, 'lead-a'))).toBe('INVALID_ARGUMENT');
    const c = await cost(async () => expect(await v.ok('cancelActivity', { activityId: id, reason: '暴雨预警，改期举行' }, 'lead-a')).toEqual({ status: 'cancelled', notified: 2 }));
    expect(c).toEqual({ reads: 3, writes: 6 }); // 2 messages, each recorded then marked sent

    const told = await outbox(id, 'volunteer_activity_cancelled');
    expect(told.map((m) => m.touser).sort()).toEqual(['am-1', 'am-2']);
    expect(told[0].data.thing4.value).toContain('暴雨预警');
    expect(told[0].data.thing1.value).toBe('科技活动周展览讲解');

    const list = await v.ok('listActivities', { teamId }, undefined);
    expect(list.items.find((i: any) => i.id === id)).toMatchObject({ status: 'cancelled', cancelReason: '暴雨预警，改期举行', signedCount: 2 });
    expect(await v.ok('getActivity', { activityId: id }, 'am-1')).toMatchObject({ status: 'cancelled', cancelReason: '暴雨预警，改期举行' });

    const refused = await v.call('signupActivity', { activityId: id }, 'am-3');
    expect(errorCode(refused)).toBe('FAILED_PRECONDITION');
    expect(JSON.stringify(refused)).toContain('暴雨预警');
    expect(errorCode(await v.call('signinCode', { activityId: id }, 'lead-a'))).toBe('FAILED_PRECONDITION');
    expect(errorCode(await v.call('updateActivity', { activityId: id, title: '取消后改名' }, 'lead-a'))).toBe('FAILED_PRECONDITION');
    cloud.setClockOffset(3 * HOUR);
    expect(errorCode(await v.call('logHours', { activityId: id, hours: 1 }, 'am-1'))).toBe('FAILED_PRECONDITION');
    expect(errorCode(await v.call('signIn', { activityId: id, code: '123456' }, 'am-1'))).toBe('FAILED_PRECONDITION');
    cloud.setClockOffset(0);

    // Again: the same answer, nobody told twice, one audit entry.
    expect(await v.ok('cancelActivity', { activityId: id, reason: '另一个原因' }, 'pa-a')).toEqual({ status: 'cancelled', notified: 0 });
    expect(await outbox(id, 'volunteer_activity_cancelled')).toHaveLength(2);
    const trail = await audits(id, 'volunteer.activity.cancel');
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ actor: 'lead-a', reason: '暴雨预警，改期举行', before: { status: 'active', signedCount: 2 }, after: { status: 'cancelled' } });
    expect((await stored(id)).cancelReason).toBe('暴雨预警，改期举行');
  });

  test('not once it has started; 10 concurrent cancels cancel once and tell each volunteer once', async () => {
    const started = await activity({ startsAt: at(HOUR), endsAt: at(3 * HOUR) });
    cloud.setClockOffset(HOUR + 60_000);
    expect(errorCode(await v.call('cancelActivity', { activityId: started, reason: '人手不足' }, 'lead-a'))).toBe('FAILED_PRECONDITION');
    cloud.setClockOffset(0);

    const id = await activity();
    for (const m of MEMBERS) await v.ok('signupActivity', { activityId: id }, m);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => v.ok('cancelActivity', { activityId: id, reason: `并发取消${i}` }, i % 2 ? 'lead-a' : 'pa-a')));
    expect(results.every((r) => r.status === 'cancelled')).toBe(true);
    expect(results.reduce((n, r) => n + r.notified, 0)).toBe(3);
    expect(await outbox(id, 'volunteer_activity_cancelled')).toHaveLength(3);
    expect(await audits(id, 'volunteer.activity.cancel')).toHaveLength(1);
  });
});

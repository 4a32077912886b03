import { database } from '../../cloudfunctions/_shared/cloud';
import { learnerDocId, yearDocId } from '../../cloudfunctions/_shared/stat-counters';
import { shanghaiYear } from '../../cloudfunctions/_shared/time';
import { errorCode, typedApi, type LocalCloud } from '../support/cloud';
import { courseInput } from '../course/fixtures';
import { enrollInput, PEOPLE, startOrgCloud, YUZHONG, type OrgFixture } from '../org/fixtures';

let cloud: LocalCloud;
let f: OrgFixture;
let api: ReturnType<typeof typedApi>;
const HOUR = 3600_000;
const year = shanghaiYear(new Date());

beforeAll(async () => {
  ({ cloud, f } = await startOrgCloud());
  api = typedApi(cloud);
  for (let i = 0; i < 6; i++) await api.ok('user', 'enroll', enrollInput(i % 2 ? f.pointA : f.pointB, { phone: `1390000${String(i).padStart(4, '0')}`, gender: i % 3 ? 'female' : 'male' }) as never, `rc-${i}`);
  const start = new Date(Date.now() + 20 * 60_000);
  const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');
  const { courseId } = await api.ok('course', 'create', courseInput(f.pointA, { startsAt: iso(start), endsAt: iso(new Date(start.getTime() + 2 * HOUR)) }), PEOPLE.head);
  for (const o of ['rc-1', 'rc-3', 'rc-5']) await api.ok('course', 'signup', { courseId }, o);
  const { code } = await api.ok('course', 'checkinCode', { courseId }, PEOPLE.head);
  for (const o of ['rc-1', 'rc-3']) await api.ok('course', 'checkin', { courseId, code }, o);
  cloud.setClockOffset(HOUR);
});
afterAll(() => cloud.close());

async function counters(id: string): Promise<Record<string, unknown>> {
  const res = await database().collection('statCounters').where({ _id: id }).get();
  return (res.data[0] as Record<string, unknown>) ?? {};
}

async function runToEnd(scope: 'point' | 'branch', unitId: string) {
  for (let i = 0; i < 20; i++) {
    const r = await api.ok('stats', 'recount', { scope, unitId, year }, PEOPLE.head);
    if (r.done) return r;
  }
  throw new Error('recount did not finish');
}

describe('stats.recount', () => {
  test('head_admin only; branch and point admins are refused', async () => {
    expect(errorCode(await api.call('stats', 'recount', { scope: 'branch', unitId: YUZHONG, year }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('stats', 'recount', { scope: 'point', unitId: f.pointA, year }, PEOPLE.pointAdminA))).toBe('PERMISSION_DENIED');
  });

  test('counters that are right stay as they are', async () => {
    const r = await runToEnd('point', f.pointA);
    expect(r.changes).toEqual([]);
  });

  test('a counter left short at a point is repaired there and in its branch and the city', async () => {
    const before = await api.ok('stats', 'overview', { scope: 'city', year }, PEOPLE.head);
    expect(before.courses).toEqual({ held: 1, attendances: 2 });
    // A call that died between its write and its increment: the point, branch and city are all short.
    const _ = database().command;
    for (const unit of [f.pointA, YUZHONG, 'city']) {
      await database().collection('statCounters').where({ _id: yearDocId(unit, year) }).update({ data: { attendances: _.inc(-1) } });
      await database().collection('statCounters').where({ _id: learnerDocId(unit) }).update({ data: { total: _.inc(-1), female: _.inc(-1) } });
    }
    expect((await api.ok('stats', 'overview', { scope: 'city', year }, PEOPLE.head)).courses.attendances).toBe(1);

    const r = await runToEnd('point', f.pointA);
    // Point A: rc-1, rc-3, rc-5 and the fixture's learner; two women among them.
    expect(r.changes).toEqual([
      { field: 'total', before: 3, after: 4 },
      { field: 'female', before: 1, after: 2 },
      { field: 'attendances', before: 1, after: 2 },
    ]);
    const after = await api.ok('stats', 'overview', { scope: 'city', year }, PEOPLE.head);
    expect(after).toEqual(before);
    expect(await api.ok('stats', 'overview', { scope: 'branch', unitId: YUZHONG, year }, PEOPLE.head)).toEqual(await api.ok('stats', 'overview', { scope: 'branch', unitId: YUZHONG, year }, PEOPLE.branchAdminYuzhong));
    expect((await counters(learnerDocId(YUZHONG))).total).toBe(6 + 1); // six enrolled here plus the fixture's learner
  });

  test('a branch recount pages through its points and leaves no staging document behind', async () => {
    for (const unit of [YUZHONG, 'city']) await database().collection('statCounters').where({ _id: learnerDocId(unit) }).update({ data: { total: database().command.inc(5) } });
    const r = await runToEnd('branch', YUZHONG);
    expect(r.changes).toEqual([{ field: 'total', before: 12, after: 7 }]);
    expect((await counters(learnerDocId('city'))).total).toBe(7);
    const staged = await database().collection('statCounters').where({ kind: 'recount' }).get();
    expect(staged.data).toEqual([]);
  });
});

import { database } from '../../cloudfunctions/_shared/cloud';
import { shanghaiYear } from '../../cloudfunctions/_shared/time';
import type { Overview } from '../../typings/stats';
import { errorCode, typedApi, type LocalCloud } from '../support/cloud';
import { courseInput } from '../course/fixtures';
import { enrollInput, JIANGBEI, PEOPLE, startOrgCloud, YUZHONG, type OrgFixture } from '../org/fixtures';

let cloud: LocalCloud;
let f: OrgFixture;
let api: ReturnType<typeof typedApi>;
const HOUR = 3600_000;
const OCCS = ['retired', 'worker', 'farmer', 'civil_servant', 'teacher', 'medical', 'self_employed', 'student', 'other'] as const;
const BIRTH = [1940, 1948, 1955, 1962, 1966, 1971, 1980, 1990];

/** The clock the functions see (tests move it). */
let offset = 0;
const setOffset = (ms: number) => {
  offset = ms;
  cloud.setClockOffset(ms);
};
const clock = () => new Date(Date.now() + offset);

async function all<T>(name: string, where: Record<string, unknown> = {}): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += 1000) {
    const res = await database().collection(name).where(where).skip(skip).limit(1000).get();
    out.push(...(res.data as T[]));
    if (res.data.length < 1000) return out;
  }
}

interface L { _id: string; pointId: string; branchId: string; gender: string; birthYear: number; occupation: string }
interface C { _id: string; pointId: string; branchId: string; startsAt: Date; status: string }
interface S { courseId: string; checkedIn: boolean }

/** Every figure recomputed from the records, by the contract's rules. */
async function independent(scope: 'city' | 'branch' | 'point', unitId: string | undefined, year: number): Promise<Overview> {
  const inUnit = (x: { pointId?: string | null; branchId?: string | null }) =>
    scope === 'city' || (scope === 'branch' ? x.branchId === unitId : x.pointId === unitId);
  const learners = (await all<L>('learners')).filter(inUnit);
  const band = (b: number) => (year - b < 60 ? '<60' : year - b < 70 ? '60-69' : year - b < 80 ? '70-79' : '80+');
  const byAgeBand = { '<60': 0, '60-69': 0, '70-79': 0, '80+': 0 } as Record<string, number>;
  const byOccupation = Object.fromEntries(OCCS.map((o) => [o, 0])) as Record<string, number>;
  for (const l of learners) {
    byAgeBand[band(l.birthYear)]++;
    byOccupation[l.occupation]++;
  }
  const now = clock();
  const checked = await all<S>('signups', { checkedIn: true });
  const perCourse = new Map<string, number>();
  for (const s of checked) perCourse.set(s.courseId, (perCourse.get(s.courseId) ?? 0) + 1);
  const held = (await all<C>('courses')).filter(
    (c) => inUnit(c) && c.status !== 'cancelled' && c.startsAt.getTime() <= now.getTime() && (perCourse.get(c._id) ?? 0) > 0 && shanghaiYear(c.startsAt) === year,
  );
  const hours = (await all<{ branchId: string; pointId: string | null; hours: number; status: string; year: number }>('hourRecords')).filter((r) => inUnit(r) && r.status === 'approved' && r.year === year);
  const teams = (await all<{ _id: string; branchId: string; pointId: string | null; active: boolean }>('volunteerTeams')).filter((t) => t.active && inUnit(t));
  const members = (await all<{ teamId: string; openid: string; status: string }>('teamMembers')).filter((m) => m.status === 'member' && teams.some((t) => t._id === m.teamId));
  const volunteers = await all<{ _id: string }>('volunteers');
  const attempts = (await all<{ openid: string; status: string; submittedAt: Date | null; person: { branchId: string | null; pointId: string | null } }>('quizAttempts')).filter(
    (a) => a.status === 'submitted' && a.submittedAt && shanghaiYear(a.submittedAt) === year && inUnit(a.person),
  );
  return {
    learners: { total: learners.length, male: learners.filter((l) => l.gender === 'male').length, female: learners.filter((l) => l.gender === 'female').length, byAgeBand: byAgeBand as Overview['learners']['byAgeBand'], byOccupation: byOccupation as Overview['learners']['byOccupation'] },
    courses: { held: held.length, attendances: held.reduce((n, c) => n + (perCourse.get(c._id) ?? 0), 0) },
    volunteers: { registered: scope === 'city' ? volunteers.length : new Set(members.map((m) => m.openid)).size, approvedHours: Math.round(hours.reduce((n, r) => n + r.hours, 0) * 10) / 10 },
    quizzes: { participants: new Set(attempts.map((a) => a.openid)).size, attempts: attempts.length },
  };
}

async function expectAllScopes(year: number): Promise<void> {
  const cases: Array<['city' | 'branch' | 'point', string | undefined]> = [
    ['city', undefined],
    ['branch', YUZHONG],
    ['branch', JIANGBEI],
    ['point', f.pointA],
    ['point', f.pointB],
    ['point', f.pointC],
  ];
  for (const [scope, unitId] of cases) {
    const got = await api.ok('stats', 'overview', { scope, unitId, year }, PEOPLE.head);
    expect({ scope, unitId, ...got }).toEqual({ scope, unitId, ...(await independent(scope, unitId, year)) });
  }
}

beforeAll(async () => {
  ({ cloud, f } = await startOrgCloud());
  api = typedApi(cloud);
});
afterAll(() => cloud.close());

describe('stats.overview', () => {
  const year = shanghaiYear(new Date());
  const learners = Array.from({ length: 18 }, (_x, i) => `st-${i}`);

  test('learners by gender, age band and occupation follow enrollments, transfers, profile changes and withdrawals', async () => {
    const points = [f.pointA, f.pointB, f.pointC];
    for (const [i, o] of learners.entries()) {
      await api.ok('user', 'enroll', enrollInput(points[i % 3], { gender: i % 3 ? 'female' : 'male', birthYear: BIRTH[i % BIRTH.length], occupation: OCCS[i % OCCS.length], phone: `1380000${String(i).padStart(4, '0')}` }) as never, o);
    }
    await expectAllScopes(year);
    await api.ok('user', 'enroll', enrollInput(f.pointC, { phone: '13800000000' }) as never, learners[0]); // transfer A → C
    await api.ok('user', 'enroll', enrollInput(f.pointB, { gender: 'male', birthYear: 1939, occupation: 'medical', phone: '13800000001' }) as never, learners[1]); // profile at B
    await Promise.all([1, 2, 3].map(() => api.call('user', 'withdraw', {} as never, learners[2])));
    await expectAllScopes(year);
    await expectAllScopes(year + 5); // ages move with the year asked for
  });

  test('courses held and attendances: started, not cancelled, at least one check-in, in the year of the start', async () => {
    const start = new Date(Date.now() + 3 * HOUR);
    const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');
    const make = async (pointId: string, startsAt: Date) =>
      (await api.ok('course', 'create', courseInput(pointId, { startsAt: iso(startsAt), endsAt: iso(new Date(startsAt.getTime() + 2 * HOUR)) }), PEOPLE.head)).courseId;
    const heldA = await make(f.pointA, start);
    const emptyA = await make(f.pointA, start);
    const cancelledB = await make(f.pointB, start);
    const heldC = await make(f.pointC, start);
    const early = await make(f.pointC, new Date(start.getTime() + 2 * HOUR));
    const signed = async (courseId: string, who: string[]) => {
      for (const o of who) await api.ok('course', 'signup', { courseId }, o);
    };
    const atA = learners.filter((_x, i) => i % 3 === 0 && i !== 0);
    const atB = learners.filter((_x, i) => i % 3 === 1);
    const atC = [learners[0], ...learners.filter((_x, i) => i % 3 === 2 && i !== 2)];
    await signed(heldA, atA);
    await signed(emptyA, atA);
    await signed(cancelledB, atB);
    await signed(heldC, atC);
    await signed(early, atC);
    const checkin = async (courseId: string, who: string[]) => {
      const { code } = await api.ok('course', 'checkinCode', { courseId }, PEOPLE.head);
      for (const o of who) await api.ok('course', 'checkin', { courseId, code }, o);
    };
    setOffset(start.getTime() + 10 * 60_000 - Date.now());
    await checkin(heldA, atA.slice(0, 3));
    await checkin(cancelledB, atB.slice(0, 2));
    await checkin(heldC, atC);
    await api.ok('course', 'cancelCourse', { courseId: cancelledB, reason: '场地临时停电' }, PEOPLE.head);
    // Check-in opens an hour early: `early` has a check-in but has not started.
    setOffset(start.getTime() + 2 * HOUR - 30 * 60_000 - Date.now());
    await checkin(early, atC.slice(0, 2));
    await expectAllScopes(year);
    expect((await api.ok('stats', 'overview', { scope: 'point', unitId: f.pointC, year }, PEOPLE.head)).courses.held).toBe(1);
    setOffset(start.getTime() + 2 * HOUR + 60_000 - Date.now());
    await expectAllScopes(year);
    expect((await api.ok('stats', 'overview', { scope: 'point', unitId: f.pointC, year }, PEOPLE.head)).courses).toEqual({ held: 2, attendances: atC.length + 2 });
  });

  test('volunteers and approved hours; quiz attempts and participants', async () => {
    const leader = PEOPLE.pointAdminA;
    const vols = [learners[3], learners[6], learners[4]];
    for (const o of vols) await api.ok('volunteer', 'register', { realName: '志愿者', phone: '13900000000' }, o);
    await api.ok('volunteer', 'register', { realName: '散户', phone: '13900000009' }, 'loose-volunteer');
    const { teamId } = await api.ok('volunteer', 'createTeam', { unitId: f.pointA }, leader);
    for (const o of vols) {
      await api.ok('volunteer', 'joinTeam', { teamId }, o);
      await api.ok('volunteer', 'reviewMember', { teamId, openid: o, approve: true }, leader);
    }
    const startsAt = new Date(clock().getTime() + HOUR);
    const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');
    const { activityId } = await api.ok('volunteer', 'createActivity', { teamId, title: '科普进社区', startsAt: iso(startsAt), endsAt: iso(new Date(startsAt.getTime() + 3 * HOUR)), location: '广场', slots: 10, hours: 3 }, leader);
    for (const o of vols) await api.ok('volunteer', 'signupActivity', { activityId }, o);
    setOffset(startsAt.getTime() + 4 * HOUR - Date.now());
    const records = [];
    for (const [i, o] of vols.entries()) records.push((await api.ok('volunteer', 'logHours', { activityId, hours: [2.5, 3, 1.5][i] }, o)).recordId);
    await api.ok('volunteer', 'reviewHours', { recordId: records[0], approve: true }, leader);
    await api.ok('volunteer', 'reviewHours', { recordId: records[1], approve: true }, leader);
    await api.ok('volunteer', 'reviewHours', { recordId: records[2], approve: false, reason: '时长不符' }, leader);

    const questions = Array.from({ length: 5 }, (_x, i) => ({ type: 'judge' as const, stem: `统计测试判断题第${i + 1}题：科学饮食有益健康吗`, options: ['对', '错'], answer: [0] }));
    await api.ok('quiz', 'importQuestions', { questions }, PEOPLE.head);
    const qStart = new Date(clock().getTime() + 60_000);
    const { quizId } = await api.ok('quiz', 'create', { title: '统计测试竞赛', scope: 'city', startsAt: iso(qStart), endsAt: iso(new Date(qStart.getTime() + 24 * HOUR)), questionCount: 5, timeLimitSec: 600, attemptsPerDay: 3 }, PEOPLE.head);
    setOffset(qStart.getTime() + 60_000 - Date.now());
    for (const o of [learners[3], learners[3], learners[4], 'not-a-learner']) {
      const a = await api.ok('quiz', 'start', { quizId }, o);
      await api.ok('quiz', 'submit', { attemptId: a.attemptId, answers: a.questions.map((q) => ({ questionId: q.id, choice: [0] })) }, o);
    }
    const y = shanghaiYear(clock());
    await expectAllScopes(y);
    const city = await api.ok('stats', 'overview', { scope: 'city', year: y }, PEOPLE.head);
    expect(city.volunteers.approvedHours).toBe(5.5);
    expect(city.quizzes).toEqual({ participants: 3, attempts: 4 });
  });

  test('each level sees only its own units', async () => {
    const y = shanghaiYear(clock());
    expect(errorCode(await api.call('stats', 'overview', { scope: 'city', year: y }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('stats', 'overview', { scope: 'branch', unitId: JIANGBEI, year: y }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('stats', 'overview', { scope: 'point', unitId: f.pointC, year: y }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('stats', 'overview', { scope: 'branch', unitId: YUZHONG, year: y }, PEOPLE.pointAdminA))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('stats', 'overview', { scope: 'point', unitId: f.pointB, year: y }, PEOPLE.pointAdminA))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('stats', 'overview', { scope: 'city', year: y }, PEOPLE.learner))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('stats', 'overview', { scope: 'branch', year: y }, PEOPLE.head))).toBe('INVALID_ARGUMENT');
    const own = await api.ok('stats', 'overview', { scope: 'branch', unitId: YUZHONG, year: y }, PEOPLE.branchAdminYuzhong);
    expect(own).toEqual(await independent('branch', YUZHONG, y));
    expect(await api.ok('stats', 'overview', { scope: 'point', unitId: f.pointA, year: y }, PEOPLE.pointAdminA)).toEqual(await independent('point', f.pointA, y));
    const rows = (await api.ok('stats', 'breakdown', { scope: 'branch', unitId: YUZHONG, year: y }, PEOPLE.branchAdminYuzhong)).rows;
    expect(rows.map((r) => r.unitId).sort()).toEqual([f.pointA, f.pointB].sort());
    expect(errorCode(await api.call('stats', 'breakdown', { scope: 'city', year: y }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
  });
});

import { database } from '../../cloudfunctions/_shared/cloud';
import { shanghaiYear, startOfShanghaiMonth } from '../../cloudfunctions/_shared/time';
import type { NationalFigures } from '../../typings/stats';
import type { KeyDay } from '../../typings/volunteer';
import { errorCode, typedApi, type LocalCloud } from '../support/cloud';
import { courseInput } from '../course/fixtures';
import { enrollInput, JIANGBEI, PEOPLE, startOrgCloud, YUZHONG, type OrgFixture } from '../org/fixtures';

let cloud: LocalCloud;
let f: OrgFixture;
let api: ReturnType<typeof typedApi>;
const HOUR = 3600_000;
const KEY_DAYS: KeyDay[] = ['全国科普日', '科技活动周', '科技工作者日'];

let offset = 0;
const setOffset = (ms: number) => {
  offset = ms;
  cloud.setClockOffset(ms);
};
const clock = () => new Date(Date.now() + offset);
const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');

async function all<T>(name: string): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += 1000) {
    const res = await database().collection(name).where({}).skip(skip).limit(1000).get();
    out.push(...(res.data as T[]));
    if (res.data.length < 1000) return out;
  }
}

interface Unit { branchId?: string | null; pointId?: string | null }

/** Every figure recomputed from the records by the definitions in typings/stats.ts. */
async function independent(scope: 'city' | 'branch' | 'point', unitId: string | undefined, year: number): Promise<NationalFigures> {
  const points = await all<{ _id: string; branchId: string }>('points');
  const branchOfUnit = scope === 'branch' ? unitId : scope === 'point' ? points.find((p) => p._id === unitId)?.branchId : undefined;
  const inUnit = (x: Unit) => scope === 'city' || (scope === 'branch' ? x.branchId === unitId : x.pointId === unitId);
  const from = startOfShanghaiMonth(year).getTime();
  const to = startOfShanghaiMonth(year + 1).getTime();
  const inYear = (d: Date) => d.getTime() >= from && d.getTime() < to;
  const now = clock().getTime();

  const letters = await all<{ teacherId: string; branchId: string; issuedAt: Date; validUntil: Date; revoked: boolean; revokedAt: Date | null }>('teacherLetters');
  const lecturers = new Set(
    letters
      .filter((l) => (scope === 'city' || l.branchId === branchOfUnit) && l.issuedAt.getTime() < to && l.validUntil.getTime() >= from && (!l.revoked || (l.revokedAt && l.revokedAt.getTime() >= from)))
      .map((l) => l.teacherId),
  ).size;

  const teams = await all<{ _id: string; branchId: string; pointId: string | null; active: boolean }>('volunteerTeams');
  const members = (await all<{ teamId: string; openid: string; status: string }>('teamMembers')).filter((m) => m.status === 'member' && teams.some((t) => t.active && inUnit(t) && t._id === m.teamId));
  const volunteers = scope === 'city' ? (await all('volunteers')).length : new Set(members.map((m) => m.openid)).size;

  const checked = (await all<{ courseId: string; checkedIn: boolean }>('signups')).filter((s) => s.checkedIn);
  const courses = await all<{ _id: string; branchId: string; pointId: string; startsAt: Date; status: string; keyDay?: KeyDay | null }>('courses');
  const checkins = (id: string) => checked.filter((s) => s.courseId === id).length;
  const held = courses.filter((c) => inUnit(c) && c.status !== 'cancelled' && inYear(c.startsAt) && c.startsAt.getTime() <= now && checkins(c._id) > 0);

  const quizzes = (await all<{ _id: string; scope: string; branchId: string | null; endsAt: Date; cancelled?: boolean }>('quizzes')).filter(
    (q) => !q.cancelled && inYear(q.endsAt) && q.endsAt.getTime() <= now && (scope === 'city' || q.scope === 'city' || q.branchId === branchOfUnit),
  );
  const bests = await all<{ quizId: string; branchId: string | null; pointId: string | null }>('quizBests');

  const activities = (await all<{ _id: string; teamId: string; startsAt: Date; status: string; keyDay: KeyDay | null; branchId: string; pointId: string | null }>('volunteerActivities')).filter(
    (a) => a.status !== 'cancelled' && inYear(a.startsAt),
  );
  const unitActivities = activities.filter((a) => scope === 'city' || teams.some((t) => t._id === a.teamId && inUnit(t)));
  const activitySignups = await all<{ activityId: string; status: string }>('activitySignups');

  const keyDays = Object.fromEntries(
    KEY_DAYS.map((kd) => [kd, courses.filter((c) => c.keyDay === kd && c.status !== 'cancelled' && inYear(c.startsAt) && inUnit(c)).length + activities.filter((a) => a.keyDay === kd && inUnit(a)).length]),
  ) as Record<KeyDay, number>;

  return {
    staff: { lecturers, volunteers, total: lecturers + volunteers },
    lectures: { sessions: held.length, participants: held.reduce((n, c) => n + checkins(c._id), 0) },
    contests: { sessions: quizzes.length, participants: quizzes.reduce((n, q) => n + bests.filter((b) => b.quizId === q._id && inUnit(b)).length, 0) },
    volunteerActivities: { sessions: unitActivities.length, participants: activitySignups.filter((s) => s.status === 'signed' && unitActivities.some((a) => a._id === s.activityId)).length },
    keyDays,
  };
}

beforeAll(async () => {
  ({ cloud, f } = await startOrgCloud());
  api = typedApi(cloud);
});
afterAll(() => cloud.close());

describe('stats.national', () => {
  const learners = Array.from({ length: 9 }, (_x, i) => `nat-${i}`);

  test('each figure of a seeded city matches an independent count, at every level', async () => {
    const year = shanghaiYear(new Date());
    const points = [f.pointA, f.pointB, f.pointC];
    for (const [i, o] of learners.entries()) await api.ok('user', 'enroll', enrollInput(points[i % 3], { phone: `1370000${String(i).padStart(4, '0')}` }) as never, o);

    // Lecturers: two qualified at 渝中 (one later revoked), one at 江北, one left pending.
    const apply = (who: string, name: string, branchId: string) =>
      api.ok('teacher', 'apply', { name, organisation: '重庆医科大学', title: '主任医师', field: '老年医学', topics: ['病'], phone: '13912345678', branchId, consent: true }, who);
    const t1 = await apply('nat-t1', '李文华', YUZHONG);
    const t2 = await apply('nat-t2', '王建国', YUZHONG);
    const t3 = await apply('nat-t3', '张明', JIANGBEI);
    await apply('nat-t4', '赵丽', YUZHONG);
    await api.ok('teacher', 'qualify', { teacherId: t1.teacherId, approve: true }, PEOPLE.branchAdminYuzhong);
    const q2 = await api.ok('teacher', 'qualify', { teacherId: t2.teacherId, approve: true }, PEOPLE.branchAdminYuzhong);
    await api.ok('teacher', 'qualify', { teacherId: t3.teacherId, approve: true }, PEOPLE.branchAdminJiangbei);
    await api.ok('teacher', 'revokeLetter', { letterNumber: q2.letterNumber!, reason: '本人申请退出' }, PEOPLE.head);

    // Volunteers, a team at point A, activities (one cancelled, two on key days).
    const vols = [learners[0], learners[3], learners[6]];
    for (const o of vols) await api.ok('volunteer', 'register', { realName: '志愿者', phone: '13900000000' }, o);
    const { teamId } = await api.ok('volunteer', 'createTeam', { unitId: f.pointA }, PEOPLE.pointAdminA);
    for (const o of vols) {
      await api.ok('volunteer', 'joinTeam', { teamId }, o);
      await api.ok('volunteer', 'reviewMember', { teamId, openid: o, approve: true }, PEOPLE.pointAdminA);
    }
    const { teamId: teamC } = await api.ok('volunteer', 'createTeam', { unitId: f.pointC }, PEOPLE.head);
    const actStart = new Date(Date.now() + 2 * HOUR);
    const activity = async (team: string, leader: string, keyDay?: KeyDay) =>
      (await api.ok('volunteer', 'createActivity', { teamId: team, title: '科普进社区', startsAt: iso(actStart), endsAt: iso(new Date(actStart.getTime() + 2 * HOUR)), location: '广场', slots: 10, hours: 2, keyDay }, leader)).activityId;
    const a1 = await activity(teamId, PEOPLE.pointAdminA, '全国科普日');
    const a2 = await activity(teamId, PEOPLE.pointAdminA);
    const a3 = await activity(teamId, PEOPLE.pointAdminA, '全国科普日');
    await activity(teamC, PEOPLE.head, '科技工作者日');
    for (const o of vols) await api.ok('volunteer', 'signupActivity', { activityId: a1 }, o);
    await api.ok('volunteer', 'signupActivity', { activityId: a2 }, vols[0]);
    await api.ok('volunteer', 'cancelActivity', { activityId: a3, reason: '天气原因取消' }, PEOPLE.pointAdminA);

    // Courses: a key-day course held at A, one at C, a cancelled key-day course at B.
    const start = new Date(Date.now() + 3 * HOUR);
    const course = async (pointId: string, keyDay?: KeyDay) =>
      (await api.ok('course', 'create', courseInput(pointId, { startsAt: iso(start), endsAt: iso(new Date(start.getTime() + 2 * HOUR)), keyDay }), PEOPLE.head)).courseId;
    const cA = await course(f.pointA, '科技活动周');
    const cC = await course(f.pointC);
    const cB = await course(f.pointB, '科技活动周');
    const atA = learners.filter((_x, i) => i % 3 === 0);
    const atC = learners.filter((_x, i) => i % 3 === 2);
    for (const o of atA) await api.ok('course', 'signup', { courseId: cA }, o);
    for (const o of atC) await api.ok('course', 'signup', { courseId: cC }, o);
    await api.ok('course', 'cancelCourse', { courseId: cB, reason: '场地临时停电' }, PEOPLE.head);

    // Quizzes: a city-wide one and a 江北 one, both closing within the day.
    const questions = Array.from({ length: 5 }, (_x, i) => ({ type: 'judge' as const, stem: `全国统计测试判断题第${i + 1}题：科学饮食有益健康吗`, options: ['对', '错'], answer: [0] }));
    await api.ok('quiz', 'importQuestions', { questions }, PEOPLE.head);
    const qStart = new Date(Date.now() + 60_000);
    const quiz = async (scope: 'city' | 'branch', who: string) =>
      (await api.ok('quiz', 'create', { title: '全国统计测试竞赛', scope, startsAt: iso(qStart), endsAt: iso(new Date(qStart.getTime() + 5 * HOUR)), questionCount: 5, timeLimitSec: 600, attemptsPerDay: 3, ...(scope === 'branch' ? { branchId: JIANGBEI } : {}) }, who)).quizId;
    const cityQuiz = await quiz('city', PEOPLE.head);
    const jbQuiz = await quiz('branch', PEOPLE.branchAdminJiangbei);

    setOffset(start.getTime() + 10 * 60_000 - Date.now());
    const checkin = async (courseId: string, who: string[]) => {
      const { code } = await api.ok('course', 'checkinCode', { courseId }, PEOPLE.head);
      for (const o of who) await api.ok('course', 'checkin', { courseId, code }, o);
    };
    await checkin(cA, atA.slice(0, 2));
    await checkin(cC, atC);
    for (const [quizId, who] of [[cityQuiz, learners[0]], [cityQuiz, learners[0]], [cityQuiz, learners[1]], [cityQuiz, learners[2]], [jbQuiz, learners[2]]] as const) {
      const a = await api.ok('quiz', 'start', { quizId }, who);
      await api.ok('quiz', 'submit', { attemptId: a.attemptId, answers: a.questions.map((q) => ({ questionId: q.id, choice: [0] })) }, who);
    }
    const y = shanghaiYear(clock());
    const cases: Array<['city' | 'branch' | 'point', string | undefined]> = [['city', undefined], ['branch', YUZHONG], ['branch', JIANGBEI], ['point', f.pointA], ['point', f.pointB], ['point', f.pointC]];
    const check = async () => {
      for (const [scope, unitId] of cases) {
        const got = await api.ok('stats', 'national', { scope, unitId, year: y }, PEOPLE.head);
        expect({ scope, unitId, ...got }).toEqual({ scope, unitId, ...(await independent(scope, unitId, y)) });
      }
    };
    await check(); // quizzes still open: no contests yet
    expect((await api.ok('stats', 'national', { scope: 'city', year: y }, PEOPLE.head)).contests.sessions).toBe(0);

    setOffset(qStart.getTime() + 6 * HOUR - Date.now());
    await check();
    const city = await api.ok('stats', 'national', { scope: 'city', year: y }, PEOPLE.head);
    if (y === year) {
      expect(city.staff).toEqual({ lecturers: 3, volunteers: 3, total: 6 });
      expect(city.lectures).toEqual({ sessions: 2, participants: 2 + atC.length });
      expect(city.contests).toEqual({ sessions: 2, participants: 4 });
      expect(city.volunteerActivities).toEqual({ sessions: 3, participants: 4 });
      expect(city.keyDays).toEqual({ 全国科普日: 1, 科技活动周: 1, 科技工作者日: 1 });
      const jb = await api.ok('stats', 'national', { scope: 'branch', unitId: JIANGBEI, year: y }, PEOPLE.head);
      expect(jb.contests).toEqual({ sessions: 2, participants: 2 });
      expect(jb.staff.lecturers).toBe(1);
    }
    // Another year has none of it.
    const next = await api.ok('stats', 'national', { scope: 'city', year: y + 1 }, PEOPLE.head);
    expect(next).toEqual(await independent('city', undefined, y + 1));
    expect(next.lectures.sessions + next.contests.sessions + next.volunteerActivities.sessions).toBe(0);
  });

  test('each level sees only its own units', async () => {
    const y = shanghaiYear(clock());
    expect(errorCode(await api.call('stats', 'national', { scope: 'branch', unitId: JIANGBEI, year: y }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('stats', 'national', { scope: 'point', unitId: f.pointC, year: y }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('stats', 'national', { scope: 'city', year: y }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('stats', 'national', { scope: 'point', unitId: f.pointB, year: y }, PEOPLE.pointAdminA))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('stats', 'national', { scope: 'city', year: y }, PEOPLE.learner))).toBe('PERMISSION_DENIED');
    expect(await api.ok('stats', 'national', { scope: 'branch', unitId: YUZHONG, year: y }, PEOPLE.branchAdminYuzhong)).toEqual(await independent('branch', YUZHONG, y));
    expect(await api.ok('stats', 'national', { scope: 'point', unitId: f.pointA, year: y }, PEOPLE.pointAdminA)).toEqual(await independent('point', f.pointA, y));
  });
});

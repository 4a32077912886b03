import { setLocalClockOffset } from '../../cloudfunctions/_shared/clock';
import { shanghaiYear, startOfShanghaiDay, toIso } from '../../cloudfunctions/_shared/time';
import type { FunctionHost } from '../host';
import { DEMO_ACCOUNTS } from './accounts';

/**
 * Demo volunteer service at 解放碑 (the first demo point): a point team led by the demo team leader,
 * the demo volunteer (and two demo learners) as members, a pending applicant, activities on this
 * year's 科技活动周, 科技工作者日 and 全国科普日 already served with on-site sign-in/out (approved
 * hours), a recent claim waiting for the leader's review, upcoming activities to sign up for, and a
 * 科普信息员 with a few counted shares. Everything goes through the real `volunteer` actions; past
 * activities are played through by moving the local clock back, as the tests do, then restored.
 */

const HOUR = 3600_000;
const DAY = 24 * HOUR;

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

async function call<T>(host: FunctionHost, event: Record<string, unknown>, openid: string): Promise<Envelope<T>> {
  return (await host.invoke('volunteer', event, { openid })) as Envelope<T>;
}

async function must<T>(host: FunctionHost, event: Record<string, unknown>, openid: string): Promise<T> {
  const res = await call<T>(host, event, openid);
  if (!res.ok) throw new Error(`demo seed: volunteer.${String(event.action)} failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

/** A Shanghai wall-clock time on a date. */
function on(date: Date, hour: number, minute = 0): Date {
  return new Date(startOfShanghaiDay(date).getTime() + hour * HOUR + minute * 60_000);
}

/** The latest (month, day) of a Shanghai calendar year not after `now`. */
function lastOccurrence(now: Date, month: number, day: number): Date {
  const year = shanghaiYear(now);
  const thisYear = new Date(Date.UTC(year, month - 1, day) - 8 * HOUR);
  return thisYear.getTime() < now.getTime() - DAY ? thisYear : new Date(Date.UTC(year - 1, month - 1, day) - 8 * HOUR);
}

export async function seedVolunteerDemo(host: FunctionHost, org: { points: Record<string, string> }): Promise<void> {
  const pointId = org.points.jiefangbei ?? Object.values(org.points)[0];
  if (!pointId) throw new Error('demo seed: volunteer needs a demo teaching point');
  const leader = DEMO_ACCOUNTS.teamLeader;
  const volunteer = DEMO_ACCOUNTS.volunteer;
  const [learnerA, learnerB, applicant] = DEMO_ACCOUNTS.learners;
  const staff = DEMO_ACCOUNTS.pointAdminJiefangbei;

  await must(host, { action: 'register', realName: '周建华', phone: '13983001001', skills: ['科普讲解', '应急安全'], consent: true }, leader);
  await must(host, { action: 'register', realName: '李淑芬', phone: '13983001002', skills: ['健康科普', '老年人数字技能'], consent: true }, volunteer);
  await must(host, { action: 'register', realName: '张三明', phone: '13800000001', skills: ['老年人数字技能'], consent: true }, learnerA);
  await must(host, { action: 'register', realName: '李秀英', phone: '13800000002', skills: ['健康科普'], consent: true }, learnerB);
  await must(host, { action: 'register', realName: '王建国', phone: '13800000003', skills: ['心理关爱'], consent: true }, applicant);

  // Reuse the demo team when the seed runs again.
  const existing = await must<{ items: Array<{ id: string }> }>(host, { action: 'listTeams', unitId: pointId }, leader);
  const teamId = existing.items[0]?.id ?? (await must<{ teamId: string }>(host, { action: 'createTeam', unitId: pointId, leaderOpenid: leader }, staff)).teamId;
  for (const person of [volunteer, learnerA, learnerB]) {
    await must(host, { action: 'joinTeam', teamId }, person);
    await must(host, { action: 'reviewMember', teamId, openid: person, approve: true }, leader);
  }
  await must(host, { action: 'joinTeam', teamId }, applicant);

  const now = new Date();
  const served = [
    { title: '科技活动周·社区科技展', keyDay: '科技活动周', day: lastOccurrence(now, 5, 20), from: 9, to: 11.5, people: [volunteer, learnerA, learnerB] },
    { title: '科技工作者日·老科技工作者讲科学', keyDay: '科技工作者日', day: lastOccurrence(now, 5, 30), from: 14, to: 16, people: [volunteer, learnerA] },
    { title: '全国科普日·健康义诊与科普讲座', keyDay: '全国科普日', day: lastOccurrence(now, 9, 19), from: 9, to: 12, people: [volunteer, learnerA, learnerB] },
  ];
  try {
    for (const s of served) {
      const startsAt = on(s.day, s.from);
      const endsAt = new Date(startsAt.getTime() + (s.to - s.from) * HOUR);
      setLocalClockOffset(startsAt.getTime() - 2 * DAY - Date.now());
      const { activityId } = await must<{ activityId: string }>(
        host,
        { action: 'createActivity', teamId, title: s.title, keyDay: s.keyDay, startsAt: toIso(startsAt), endsAt: toIso(endsAt), location: '解放碑社区科普大学活动室', slots: 20, hours: s.to - s.from },
        leader,
      );
      for (const p of s.people) await must(host, { action: 'signupActivity', activityId }, p);
      // On the day: the leader shows the code, the volunteers sign in and out.
      const codeAt = async (at: Date) => {
        setLocalClockOffset(at.getTime() - Date.now());
        return (await must<{ code: string }>(host, { action: 'signinCode', activityId }, leader)).code;
      };
      // (Arrive a little early, leave a little late: the hours are capped at the activity's length.)
      const inCode = await codeAt(new Date(startsAt.getTime() - 10 * 60_000));
      for (const p of s.people) await must(host, { action: 'signIn', activityId, code: inCode }, p);
      const outCode = await codeAt(new Date(endsAt.getTime() + 10 * 60_000));
      for (const p of s.people) await must(host, { action: 'signOut', activityId, code: outCode }, p);
    }

    // A recent activity claimed afterwards: waits for the leader's review.
    const recent = on(new Date(now.getTime() - 3 * DAY), 9);
    setLocalClockOffset(recent.getTime() - DAY - Date.now());
    const { activityId: recentId } = await must<{ activityId: string }>(
      host,
      { action: 'createActivity', teamId, title: '防范电信诈骗宣传进社区', startsAt: toIso(recent), endsAt: toIso(new Date(recent.getTime() + 2 * HOUR)), location: '解放碑步行街', slots: 10, hours: 2 },
      leader,
    );
    await must(host, { action: 'signupActivity', activityId: recentId }, volunteer);

    // Yesterday's activity, served but not yet claimed: the demo volunteer can claim hours for it.
    const yesterday = on(new Date(now.getTime() - DAY), 14);
    setLocalClockOffset(yesterday.getTime() - DAY - Date.now());
    const { activityId: unclaimedId } = await must<{ activityId: string }>(
      host,
      { action: 'createActivity', teamId, title: '垃圾分类科普小课堂', startsAt: toIso(yesterday), endsAt: toIso(new Date(yesterday.getTime() + 2 * HOUR)), location: '解放碑社区科普大学活动室', slots: 10, hours: 2 },
      leader,
    );
    await must(host, { action: 'signupActivity', activityId: unclaimedId }, volunteer);
  } finally {
    setLocalClockOffset(0);
  }
  const recentClaim = await must<{ items: Array<{ id: string; title: string }> }>(host, { action: 'listActivities', teamId, from: toIso(new Date(now.getTime() - 5 * DAY)) }, volunteer);
  const recent = recentClaim.items.find((a) => a.title === '防范电信诈骗宣传进社区');
  if (recent) await must(host, { action: 'logHours', activityId: recent.id, hours: 1.5, note: '发放宣传资料' }, volunteer);

  // Coming up: activities to sign up for.
  const upcoming = [
    { title: '冬季用电与燃气安全讲解', days: 6, from: 9, hours: 2, keyDay: undefined },
    { title: '教长辈用手机挂号与防诈骗', days: 13, from: 14, hours: 2, keyDay: undefined },
  ];
  for (const u of upcoming) {
    const startsAt = on(new Date(now.getTime() + u.days * DAY), u.from);
    const { activityId } = await must<{ activityId: string }>(
      host,
      { action: 'createActivity', teamId, title: u.title, keyDay: u.keyDay, startsAt: toIso(startsAt), endsAt: toIso(new Date(startsAt.getTime() + u.hours * HOUR)), location: '解放碑社区科普大学活动室', slots: 15, hours: u.hours, description: '请提前10分钟到场签到。' },
      leader,
    );
    await must(host, { action: 'signupActivity', activityId }, learnerA);
  }

  // 科普中国信息员: a learner (enrolled by the org part) whose shares were opened twice.
  const officer = await call<{ officerId: string }>(host, { action: 'registerOfficer' }, learnerA);
  if (officer.ok) {
    await must(host, { action: 'recordShare', officer: officer.data.officerId, kind: 'course', id: 'demo-course' }, DEMO_ACCOUNTS.newcomer);
    await must(host, { action: 'recordShare', officer: officer.data.officerId, kind: 'quiz', id: 'demo-quiz' }, learnerB);
  } else if (officer.error.code !== 'PERMISSION_DENIED') {
    throw new Error(`demo seed: volunteer.registerOfficer failed: ${officer.error.code} ${officer.error.message}`);
  }
}

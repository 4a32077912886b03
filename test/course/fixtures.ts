import type { CreateCourseParams } from '../../typings/course';
import { startOfShanghaiDay, toIso } from '../../cloudfunctions/_shared/time';
import { database } from '../../cloudfunctions/_shared/cloud';
import { expectOk, type LocalCloud } from '../support/cloud';

/** Head admins come from HEAD_ADMIN_OPENIDS, as in production. */
export const HEAD = 'course-head';
export const YUZHONG = 'br_500103';
export const JIANGBEI = 'br_500105';
export const POINT_ADMIN = 'course-pa-a';
export const OTHER_POINT_ADMIN = 'course-pa-c';
export const BRANCH_ADMIN = 'course-ba-yuzhong';

export interface CourseOrg {
  /** 渝中区 解放碑 (POINT_ADMIN) and 七星岗; 江北区 观音桥 (OTHER_POINT_ADMIN). */
  pointA: string;
  pointB: string;
  pointC: string;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export function inHours(h: number): string {
  return toIso(new Date(Date.now() + h * HOUR));
}

/** `hour` o'clock (Asia/Shanghai) `d` days from today. */
export function inDays(d: number, hour = 9): string {
  const day = startOfShanghaiDay(new Date(Date.now() + d * DAY));
  return toIso(new Date(day.getTime() + hour * HOUR));
}

async function createPoint(cloud: LocalCloud, branchId: string, name: string): Promise<string> {
  return expectOk<{ pointId: string }>(
    await cloud.call(
      'org',
      { action: 'createPoint', branchId, name, address: `重庆市${name}社区服务中心二楼`, leaderName: '王建华', leaderTitle: '社区党委副书记' },
      HEAD,
    ),
  ).pointId;
}

/** Points and staff through the real `org` actions. */
export async function setupCourseOrg(cloud: LocalCloud): Promise<CourseOrg> {
  process.env.HEAD_ADMIN_OPENIDS = HEAD;
  const pointA = await createPoint(cloud, YUZHONG, '解放碑');
  const pointB = await createPoint(cloud, YUZHONG, '七星岗');
  const pointC = await createPoint(cloud, JIANGBEI, '观音桥');
  const grant = async (openid: string, role: string, scopeId: string) =>
    expectOk(await cloud.call('org', { action: 'grantRole', openid, role, scopeId }, HEAD));
  await grant(POINT_ADMIN, 'point_admin', pointA);
  await grant(OTHER_POINT_ADMIN, 'point_admin', pointC);
  await grant(BRANCH_ADMIN, 'branch_admin', YUZHONG);
  return { pointA, pointB, pointC };
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '建华秀英国平桂兰志强淑珍明德';

/** A distinct, valid Chinese name per index. */
export function nameFor(i: number): string {
  return SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length] + GIVEN[(i * 7) % GIVEN.length];
}

export interface LearnerProfile {
  gender?: 'male' | 'female';
  birthYear?: number;
  occupation?: string;
}

/** Enrolls learners through `user.enroll` (one at a time: each enrollment is a transaction on the point). */
/** Enrolls each OPENID; `first` numbers the generated names and phones (nameFor(first + i)). */
export async function enrollLearners(cloud: LocalCloud, pointId: string, openids: string[], profile: LearnerProfile = {}, first = 0): Promise<void> {
  for (const [k, openid] of openids.entries()) {
    const i = first + k;
    expectOk(
      await cloud.call(
        'user',
        {
          action: 'enroll',
          pointId,
          name: nameFor(i),
          gender: profile.gender ?? (i % 2 ? 'female' : 'male'),
          birthYear: profile.birthYear ?? 1950 + (i % 30),
          occupation: profile.occupation ?? 'retired',
          phone: `139${String(10000000 + i).slice(-8)}`,
          consent: true,
        },
        openid,
      ),
    );
  }
}

export function courseInput(pointId: string, extra: Partial<CreateCourseParams> = {}): CreateCourseParams {
  return {
    pointId,
    title: '老年人慢性病防治',
    topic: '病',
    teacherName: '刘医生',
    startsAt: inDays(3, 9),
    endsAt: inDays(3, 11),
    location: '社区服务中心二楼活动室',
    capacity: 30,
    description: '高血压、糖尿病的日常管理',
    ...extra,
  };
}

export async function createCourse(cloud: LocalCloud, caller: string, input: CreateCourseParams): Promise<string> {
  return expectOk<{ courseId: string }>(await cloud.call('course', { action: 'create', ...input }, caller)).courseId;
}

/** Counts the signup documents of a course by status, straight from the database. */
export async function countSignups(courseId: string): Promise<{ signed: number; waitlisted: number; pending: number; cancelled: number }> {
  const db = database();
  const count = async (status: string) => (await db.collection('signups').where({ courseId, status }).count()).total;
  const [signed, waitlisted, pending, cancelled] = await Promise.all(['signed', 'waitlisted', 'pending', 'cancelled'].map(count));
  return { signed, waitlisted, pending, cancelled };
}

export interface StoredCourse {
  signedCount: number;
  waitlistCount: number;
  waitlist: string[];
  capacity: number;
  checkinCount: number;
  codeSecret: string;
}

export async function storedCourse(courseId: string): Promise<StoredCourse> {
  return (await database().collection('courses').doc(courseId).get()).data as unknown as StoredCourse;
}

/** The contract invariant: counts equal the signups, the waitlist array holds exactly the waitlisted. */
export async function expectConsistent(courseId: string): Promise<{ signed: number; waitlisted: number }> {
  const [course, counts] = await Promise.all([storedCourse(courseId), countSignups(courseId)]);
  expect(counts.pending).toBe(0);
  expect(course.signedCount).toBe(counts.signed);
  expect(course.waitlistCount).toBe(counts.waitlisted);
  expect(course.waitlist).toHaveLength(counts.waitlisted);
  expect(new Set(course.waitlist).size).toBe(course.waitlist.length);
  expect(course.signedCount).toBeLessThanOrEqual(course.capacity);
  const waiting = await database().collection('signups').where({ courseId, status: 'waitlisted' }).limit(1000).get();
  expect(new Set(waiting.data.map((s) => s.openid as string))).toEqual(new Set(course.waitlist));
  return counts;
}

import type {
  CancelCourseResult,
  CancelSignupResult,
  CheckinByStaffResult,
  CheckinCodeResult,
  CheckinResult,
  CheckinWalkInResult,
  CourseDetail,
  CourseItem,
  CourseMode,
  CourseStatus,
  CreateCourseParams,
  CreateCourseResult,
  ListCoursesParams,
  ListCoursesResult,
  MineResult,
  MyCourseItem,
  NextCoursesResult,
  PointStatsResult,
  ReconcileResult,
  RosterEntry,
  RosterResult,
  RosterWaitlistEntry,
  SignupResult,
  SubscribeReminderResult,
  SuggestedCourse,
  SuggestResult,
  Topic,
  UpdateCourseParams,
  UpdateCourseResult,
} from '../../typings/course';
import { courseOfferLabel } from '../utils/course-labels';
import { topicLabel } from '../utils/topics';
import { call } from './transport';

export type {
  CheckinWalkInResult,
  CourseDetail,
  CourseItem,
  CourseMode,
  CourseStatus,
  CreateCourseParams,
  ListCoursesParams,
  MyCourseItem,
  PointStatsResult,
  ReconcileResult,
  RosterEntry,
  RosterResult,
  RosterWaitlistEntry,
  SignupResult,
  SuggestedCourse,
  Topic,
  UpdateCourseParams,
};

// ---- learners and anyone ----

export function listCourses(params: ListCoursesParams = {}): Promise<ListCoursesResult> {
  return call('course', 'list', params);
}

export function getCourse(courseId: string): Promise<CourseDetail> {
  return call('course', 'get', { courseId });
}

export function signup(courseId: string): Promise<SignupResult> {
  return call('course', 'signup', { courseId });
}

export function cancelSignup(courseId: string): Promise<CancelSignupResult> {
  return call('course', 'cancel', { courseId });
}

export function subscribeReminder(courseId: string): Promise<SubscribeReminderResult> {
  return call('course', 'subscribeReminder', { courseId });
}

export function myCourses(): Promise<MineResult> {
  return call('course', 'mine');
}

export function nextCourses(limit = 3): Promise<NextCoursesResult> {
  return call('course', 'nextCourses', { limit });
}

export function suggestCourses(limit = 5): Promise<SuggestResult> {
  return call('course', 'suggest', { limit });
}

export function checkin(courseId: string, code: string): Promise<CheckinResult> {
  return call('course', 'checkin', { courseId, code });
}

// ---- staff ----

export function createCourse(params: CreateCourseParams): Promise<CreateCourseResult> {
  return call('course', 'create', params);
}

export function updateCourse(params: UpdateCourseParams): Promise<UpdateCourseResult> {
  return call('course', 'update', params);
}

export function cancelCourse(courseId: string, reason: string): Promise<CancelCourseResult> {
  return call('course', 'cancelCourse', { courseId, reason });
}

export function checkinCode(courseId: string): Promise<CheckinCodeResult> {
  return call('course', 'checkinCode', { courseId });
}

export function checkinByStaff(courseId: string, openid: string): Promise<CheckinByStaffResult> {
  return call('course', 'checkinByStaff', { courseId, openid });
}

/**
 * Registers a learner on site (signed up or not): a seat when one is free; when full, only with
 * `overCapacity` (attendance counted, no seat), otherwise RESOURCE_EXHAUSTED.
 */
export function checkinWalkIn(courseId: string, openid: string, overCapacity = false): Promise<CheckinWalkInResult> {
  return call('course', 'checkinWalkIn', { courseId, openid, ...(overCapacity ? { overCapacity: true } : {}) });
}

/** Recomputes the course's counters from its signups and repairs them (staff). */
export function reconcileCourse(courseId: string): Promise<ReconcileResult> {
  return call('course', 'reconcile', { courseId });
}

export function roster(courseId: string): Promise<RosterResult> {
  return call('course', 'roster', { courseId });
}

export function pointStats(pointId: string, year?: number): Promise<PointStatsResult> {
  return call('course', 'pointStats', { pointId, year });
}

// ---- display helpers ----

export { TOPICS } from '../utils/topics';
/** The readable topic names (one list: utils/topics.ts). */
export { TOPIC_LABELS as TOPIC_HINTS } from '../utils/topics';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** The wall-clock parts of an ISO time with offset, as written (the server answers in +08:00). */
function parts(iso: string): { month: number; day: number; hhmm: string; weekday: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return { month: 0, day: 0, hhmm: '', weekday: '' };
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return { month: Number(m[2]), day: Number(m[3]), hhmm: `${m[4]}:${m[5]}`, weekday: WEEKDAYS[date.getUTCDay()] };
}

/** "12月5日 周六 09:00–11:00". */
export function courseTimeText(startsAt: string, endsAt: string): string {
  const s = parts(startsAt);
  const e = parts(endsAt);
  const sameDay = startsAt.slice(0, 10) === endsAt.slice(0, 10);
  return sameDay ? `${s.month}月${s.day}日 周${s.weekday} ${s.hhmm}–${e.hhmm}` : `${s.month}月${s.day}日 ${s.hhmm} – ${e.month}月${e.day}日 ${e.hhmm}`;
}

/** "剩余 3 个名额" / "已满，候补 5 人". */
export function seatsText(c: Pick<CourseItem, 'capacity' | 'signedCount' | 'waitlistCount'>): string {
  const left = c.capacity - c.signedCount;
  if (left > 0) return `剩余 ${left} 个名额`;
  return c.waitlistCount > 0 ? `名额已满，${c.waitlistCount} 人候补` : '名额已满，可候补';
}

/** A course as a card shows it. */
export interface CourseCardView extends CourseItem {
  timeText: string;
  seatsText: string;
  statusLabel: string;
  modeLabel: string;
  topicLabel: string;
}

export function toCardView(c: CourseItem): CourseCardView {
  return {
    ...c,
    timeText: courseTimeText(c.startsAt, c.endsAt),
    seatsText: seatsText(c),
    statusLabel: courseOfferLabel(c),
    modeLabel: c.mode === 'online' ? '线上' : '线下',
    topicLabel: topicLabel(c.topic),
  };
}

/** The check-in link a QR code carries: `pages/checkin/index?c=<courseId>&k=<code>` (or the wxacode scene). */
export function parseCheckinLink(text: string): { courseId: string; code: string } | null {
  const raw = decodeURIComponent(String(text || ''));
  const query = raw.indexOf('?') >= 0 ? raw.slice(raw.indexOf('?') + 1) : raw;
  const params: Record<string, string> = {};
  for (const pair of query.split('&')) {
    const i = pair.indexOf('=');
    if (i > 0) params[pair.slice(0, i)] = pair.slice(i + 1);
  }
  const courseId = params.c || '';
  const code = params.k || '';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(courseId) || !/^\d{6}$/.test(code)) return null;
  return { courseId, code };
}

/**
 * The one-time subscription template of "课程即将开始" (订阅消息, from the mini-program console).
 * Empty: not configured yet, the page does not ask. The server's SUBSCRIBE_TEMPLATE_COURSE_REMIND
 * must hold the same id.
 */
export const REMINDER_TEMPLATE_ID = '';

import type { NoParams } from './api';
import type { IsoTime, Page, PageParams } from './envelope';
import type { KeyDay } from './volunteer';

/** The seed's "衣食住行用、生长老病死": every course has one of these topics. */
export type Topic = '衣' | '食' | '住' | '行' | '用' | '生' | '长' | '老' | '病' | '死';

/** Offline at a place, or online (a recorded resource or a live room). */
export type CourseMode = 'offline' | 'online';

/**
 * What a caller sees: `scheduled` before the start, `ongoing` between start and end,
 * `ended` afterwards, `cancelled` once staff cancelled it.
 */
export type CourseStatus = 'scheduled' | 'ongoing' | 'ended' | 'cancelled';

export type SignupStatus = 'signed' | 'waitlisted';

// ---- create / update / cancelCourse (staff) ----

export interface CreateCourseParams {
  pointId: string;
  title: string;
  topic: Topic;
  teacherName: string;
  startsAt: IsoTime;
  endsAt: IsoTime;
  location: string;
  /** 1..500 */
  capacity: number;
  description?: string;
  /** Additive: default `offline`. */
  mode?: CourseMode;
  /** Additive: required when `mode` is `online` (https link to the resource or live room). */
  onlineUrl?: string;
  /** Additive: a science day the course belongs to (resource/cases keyDayReport). */
  keyDay?: KeyDay;
  /**
   * Additive: a qualified teacher of the pool (师资库): of the point's branch or of the city pool,
   * with a valid appointment letter. The course then counts in the teacher's teaching record and
   * `teacherName` becomes the teacher's name; without it `teacherName` is free text (a one-off speaker).
   */
  teacherId?: string;
}

export interface CreateCourseResult {
  courseId: string;
}

/** Any subset of the course's fields; allowed until the course starts. */
export interface UpdateCourseParams {
  courseId: string;
  title?: string;
  topic?: Topic;
  teacherName?: string;
  startsAt?: IsoTime;
  endsAt?: IsoTime;
  location?: string;
  capacity?: number;
  description?: string;
  mode?: CourseMode;
  onlineUrl?: string;
  /** `null` clears it. */
  keyDay?: KeyDay | null;
  /** Additive: as on create; `null` unlinks the teacher (the name stays as free text). */
  teacherId?: string | null;
}

export interface UpdateCourseResult {
  courseId: string;
  /** Waitlisted learners who got a seat because the capacity grew. */
  promoted: number;
}

export interface CancelCourseParams {
  courseId: string;
  /** Told to every signed-up and waitlisted learner. */
  reason: string;
}

export interface CancelCourseResult {
  status: 'cancelled';
  /** Learners a notice was sent (or recorded) for. */
  notified: number;
}

// ---- list / get ----

export interface ListCoursesParams extends PageParams {
  pointId?: string;
  branchId?: string;
  topic?: Topic;
  /** Courses starting at or after this time; default now. */
  from?: IsoTime;
}

export interface CourseItem {
  id: string;
  title: string;
  topic: Topic;
  pointId: string;
  pointName: string;
  startsAt: IsoTime;
  endsAt: IsoTime;
  capacity: number;
  signedCount: number;
  waitlistCount: number;
  status: CourseStatus;
  /** Additive fields. */
  branchId: string;
  mode: CourseMode;
  location: string;
  teacherName: string;
  /** Additive: the course still takes signups (scheduled, not started): a seat or the waitlist. */
  canSignup: boolean;
  /** Additive: every seat is taken (a signup joins the waitlist). */
  full: boolean;
}

export type ListCoursesResult = Page<CourseItem>;

export interface GetCourseParams {
  courseId: string;
}

export interface MySignup {
  status: SignupStatus;
  /** 1 = next in line; only when waitlisted. */
  position?: number;
  /** Additive. */
  checkedInAt?: IsoTime;
  /** Additive: the learner accepted a one-time reminder for this course. */
  reminderSubscribed?: boolean;
}

export interface CourseDetail extends CourseItem {
  description: string;
  teacherName: string;
  /** Additive: the pool teacher giving the course (their public profile: `teacher.profile`), or null. */
  teacherId: string | null;
  location: string;
  mySignup: null | MySignup;
  /** Additive: only for online courses. */
  onlineUrl?: string;
  /** Additive: only when cancelled. */
  cancelReason?: string;
  /** Additive: whether the caller may manage the course (staff of its point or above). */
  canManage: boolean;
  /** Additive: the caller has a seat or a waitlist place they may still give up. */
  canCancel: boolean;
  /** Additive: the caller has a seat, is not checked in, and check-in is open now. */
  canCheckin: boolean;
}

// ---- signup / cancel / mine / nextCourses ----

export interface CourseIdParams {
  courseId: string;
}

export type SignupResult = { status: 'signed' } | { status: 'waitlisted'; position: number };

export interface CancelSignupResult {
  status: 'cancelled';
}

export interface MyCourseItem {
  course: CourseItem;
  status: SignupStatus;
  /** Additive. */
  position?: number;
  checkedInAt?: IsoTime;
}

export interface MineResult {
  items: MyCourseItem[];
}

export interface NextCoursesParams {
  /** 1..10, default 3. */
  limit?: number;
}

export interface NextCoursesResult {
  items: MyCourseItem[];
}

// ---- suggest (home page "为您推荐") ----

export interface SuggestParams {
  /** 1..20, default 5. */
  limit?: number;
}

export interface SuggestedCourse {
  course: CourseItem;
  /** Why it is suggested, in Chinese (e.g. "适合长辈：关注健康与养老"). */
  reason: string;
}

export interface SuggestResult {
  items: SuggestedCourse[];
}

// ---- reminders ----

export interface SubscribeReminderResult {
  subscribed: true;
}

// ---- check-in ----

export interface CheckinCodeResult {
  /** 6 digits. */
  code: string;
  expiresAt: IsoTime;
  /** Additive: the QR code as an image data URL (`data:image/png;base64,...`). */
  qrImage: string;
}

export interface CheckinParams {
  courseId: string;
  code: string;
}

export interface CheckinResult {
  checkedInAt: IsoTime;
}

export interface CheckinByStaffParams {
  courseId: string;
  /** The learner's OPENID, as listed by `roster`. */
  openid: string;
}

export interface CheckinByStaffResult {
  checkedInAt: IsoTime;
  /** False when the learner had already checked in. */
  created: boolean;
}

/**
 * Staff (point_admin of the course's point or above) register a resident on site: an enrolled
 * learner of any point, signed up or not (picked from `user.listLearners` or by OPENID). Audited.
 * With a free seat the learner is signed up and checked in at once (the seat is taken by the same
 * conditional update as `signup`, so `signedCount` never exceeds `capacity`). When the course is
 * full: RESOURCE_EXHAUSTED, unless `overCapacity` is true: then the attendance is counted
 * (`checkinCount`, the roster's `checkedIn`) without a seat, as an `attended` signup that is in
 * neither `signedCount` nor `waitlistCount`. A waitlisted learner leaves the waitlist either way.
 * Already signed: checked in like `checkinByStaff`. Open from 1 hour before the start to 24 hours
 * after the end; not for cancelled courses (FAILED_PRECONDITION). Unknown learner: NOT_FOUND.
 */
export interface CheckinWalkInParams {
  courseId: string;
  /** The learner's OPENID. */
  openid: string;
  /** Count the attendance without a seat when the course is full. Default false. */
  overCapacity?: boolean;
}

export interface CheckinWalkInResult {
  checkedInAt: IsoTime;
  /** `signed`: holds a seat; `attended`: present over the capacity, no seat. */
  status: 'signed' | 'attended';
  /** False when the learner had already checked in (nothing changed). */
  created: boolean;
}

// ---- reconcile (staff for one course; the hourly `reconcile` timer for upcoming courses) ----

export interface ReconcileCounters {
  signedCount: number;
  waitlistCount: number;
  checkinCount: number;
}

/**
 * `reconcile` (point_admin of the course's point or above, `{ courseId }`): recomputes the
 * course's counters and waitlist from its signups and repairs them atomically, resolves signups
 * abandoned mid-way (`pending` for over a minute), then fills free seats from the waitlist.
 * `healthy`: nothing to do (nothing written); `repaired`: fixed (audited); `busy`: a signup or
 * cancellation happened less than a minute ago, try again shortly; `conflict`: the course kept
 * changing while being repaired, try again.
 */
export interface ReconcileResult {
  courseId: string;
  state: 'healthy' | 'repaired' | 'busy' | 'conflict';
  before: ReconcileCounters;
  after: ReconcileCounters;
  /** Abandoned `pending` signups resolved (to waitlisted, signed or removed). */
  pendingResolved: number;
  /** Waitlisted learners who got a free seat. */
  promoted: number;
}

// ---- roster ----

export interface RosterEntry {
  openid: string;
  /** Staff of the point see the name in full. */
  name: string;
  phoneMasked: string;
  signedAt: IsoTime;
  checkedInAt: IsoTime | null;
  /** `self` (scanned or typed the code) or `staff`. */
  checkinBy: 'self' | 'staff' | null;
  /** Additive: registered on site by staff (`checkinWalkIn`). */
  walkIn?: true;
  /** Additive: present over the capacity, holding no seat (only in `checkedIn`, not in `signed`). */
  overCapacity?: true;
}

export interface RosterWaitlistEntry {
  openid: string;
  name: string;
  phoneMasked: string;
  position: number;
}

export interface RosterResult {
  signed: RosterEntry[];
  waitlisted: RosterWaitlistEntry[];
  checkedIn: RosterEntry[];
  /** Additive: the course itself. */
  course: CourseItem;
}

// ---- statistics ----

export interface PointStatsParams {
  pointId: string;
  /** Default: the current year (Asia/Shanghai). */
  year?: number;
}

export interface PointStatsResult {
  pointId: string;
  pointName: string;
  year: number;
  /** Courses that ended with at least one check-in (the demonstration-point rule counts these). */
  coursesHeld: number;
  /** Check-ins over those courses. */
  attendances: number;
  /** Courses scheduled in the year and not cancelled (held, upcoming or ended without check-in). */
  coursesScheduled: number;
  coursesCancelled: number;
  /** The demonstration-point bar: 24 courses held a year. */
  demoTarget: number;
  months: Array<{ month: number; coursesHeld: number; attendances: number }>;
}

// ---------------------------------------------------------------------------------------------
// The function's API map (typings/api.ts)
// ---------------------------------------------------------------------------------------------

export interface CourseApi {
  create: { params: CreateCourseParams; result: CreateCourseResult };
  update: { params: UpdateCourseParams; result: UpdateCourseResult };
  cancelCourse: { params: CancelCourseParams; result: CancelCourseResult };
  list: { params: ListCoursesParams; result: ListCoursesResult };
  get: { params: GetCourseParams; result: CourseDetail };
  signup: { params: CourseIdParams; result: SignupResult };
  cancel: { params: CourseIdParams; result: CancelSignupResult };
  subscribeReminder: { params: CourseIdParams; result: SubscribeReminderResult };
  mine: { params: NoParams; result: MineResult };
  nextCourses: { params: NextCoursesParams; result: NextCoursesResult };
  suggest: { params: SuggestParams; result: SuggestResult };
  checkinCode: { params: CourseIdParams; result: CheckinCodeResult };
  checkin: { params: CheckinParams; result: CheckinResult };
  checkinByStaff: { params: CheckinByStaffParams; result: CheckinByStaffResult };
  checkinWalkIn: { params: CheckinWalkInParams; result: CheckinWalkInResult };
  roster: { params: CourseIdParams; result: RosterResult };
  pointStats: { params: PointStatsParams; result: PointStatsResult };
  reconcile: { params: CourseIdParams; result: ReconcileResult };
}

import type { CourseItem, CourseMode, CourseStatus, SignupStatus, Topic } from '../../typings/course';
import type { KeyDay } from '../../typings/volunteer';
import { toIso } from '../_shared/time';
import { COLLECTIONS } from '../_shared/collections';

/** Collections of the course domain. */
export const COURSES = COLLECTIONS.courses;
export const SIGNUPS = COLLECTIONS.signups;

export { TOPICS } from '../_shared/topics';

export const MAX_CAPACITY = 500;
/** The waitlist lives in the course document (arrival order = array order); this bounds its size. */
export const MAX_WAITLIST = 2000;
/** Check-in opens this long before the start and closes this long after the end. */
export const CHECKIN_OPENS_BEFORE_MS = 60 * 60 * 1000;
export const CHECKIN_CLOSES_AFTER_MS = 60 * 60 * 1000;
/**
 * No invocation runs longer than this: a `pending` signup older than it was abandoned by an
 * invocation that died, and a course whose counters or signups changed more recently than this may
 * have an operation in flight (reconcile.ts leaves it for the next run).
 */
export const IN_FLIGHT_MS = 60 * 1000;
/** Reminders go out for courses starting within this window. */
export const REMIND_WINDOW_MS = 2 * 60 * 60 * 1000;

/** A course. `status` is stored as scheduled/cancelled; ongoing/ended are derived from the clock. */
export interface CourseDoc {
  _id: string;
  pointId: string;
  branchId: string;
  pointName: string;
  title: string;
  topic: Topic;
  teacherName: string;
  startsAt: Date;
  endsAt: Date;
  location: string;
  mode: CourseMode;
  onlineUrl: string;
  /** A science day the course belongs to (null or absent: none). */
  keyDay?: KeyDay | null;
  /** A qualified teacher of the pool (absent or null: `teacherName` is free text). */
  teacherId?: string | null;
  description: string;
  capacity: number;
  /** Always the number of signups with status `signed`. */
  signedCount: number;
  /** Always the number of signups with status `waitlisted` and the length of `waitlist`. */
  waitlistCount: number;
  /** OPENIDs of waitlisted learners, earliest first: pushes and shifts are atomic. */
  waitlist: string[];
  /** Check-ins so far (each learner counts once): signups with `checkedIn`, whatever their status. */
  checkinCount: number;
  /**
   * Last time an operation moved the counters before writing the signup it concerns (a promotion,
   * a walk-in): reconcile.ts treats the course as busy for IN_FLIGHT_MS after it.
   */
  countsChangedAt?: Date;
  /** Whether the course is counted as held in the point's yearly counter (_shared/held.ts). */
  heldMark?: 'counted' | 'released';
  /** Secret of the rotating check-in code; never leaves the function. */
  codeSecret: string;
  status: 'scheduled' | 'cancelled';
  cancelReason?: string;
  cancelledAt?: Date;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * One learner's signup for one course: `_id` is `${courseId}:${openid}`, so there is never a second.
 * `pending` only while a signup is being decided (seat or waitlist) inside one invocation (one left
 * behind by a dead invocation is resolved by reconcile.ts). `attended`: a walk-in checked in by staff
 * over the capacity: present and counted in `checkinCount`, but holding no seat (not in `signedCount`).
 */
export interface SignupDoc {
  _id: string;
  courseId: string;
  openid: string;
  status: SignupStatus | 'pending' | 'cancelled' | 'attended';
  /** Copied from the course for "my next courses" (index openid + courseStartsAt). */
  courseStartsAt: Date;
  /** Copied from the course for suggestions (topics the learner attended). */
  courseTopic: Topic;
  /** The learner's teaching point (enrollment), for statistics. */
  learnerPointId: string;
  signedAt: Date | null;
  waitlistedAt: Date | null;
  cancelledAt: Date | null;
  checkedIn: boolean;
  checkedInAt: Date | null;
  checkinBy: 'self' | 'staff' | null;
  /** Registered on site by staff without a prior signup (`checkinWalkIn`). */
  walkIn?: boolean;
  /** Reminder subscription: `none`, `pending` (accepted, not sent), `sent`. */
  remind: 'none' | 'pending' | 'sent';
  updatedAt: Date;
}

export function signupId(courseId: string, openid: string): string {
  return `${courseId}:${openid}`;
}

/** List queries never carry the waitlist or the code secret. */
export const COURSE_LIST_FIELDS = { waitlist: false, codeSecret: false } as const;

export function courseStatus(course: Pick<CourseDoc, 'status' | 'startsAt' | 'endsAt'>, now: Date): CourseStatus {
  if (course.status === 'cancelled') return 'cancelled';
  if (now.getTime() < course.startsAt.getTime()) return 'scheduled';
  if (now.getTime() < course.endsAt.getTime()) return 'ongoing';
  return 'ended';
}

export function toCourseItem(c: CourseDoc, now: Date): CourseItem {
  return {
    id: c._id,
    title: c.title,
    topic: c.topic,
    pointId: c.pointId,
    pointName: c.pointName,
    startsAt: toIso(c.startsAt),
    endsAt: toIso(c.endsAt),
    capacity: c.capacity,
    signedCount: c.signedCount,
    waitlistCount: c.waitlistCount,
    status: courseStatus(c, now),
    branchId: c.branchId,
    mode: c.mode,
    location: c.location,
    teacherName: c.teacherName,
    canSignup: isOpenForSignup(c, now),
    full: c.signedCount >= c.capacity,
  };
}

/** 1-based place in the waitlist, or undefined when not (or no longer) waiting. */
export function waitlistPosition(course: Pick<CourseDoc, 'waitlist'>, openid: string): number | undefined {
  const index = (course.waitlist ?? []).indexOf(openid);
  return index >= 0 ? index + 1 : undefined;
}

/** Whether a signup can still be taken or changed: scheduled and not yet started. */
export function isOpenForSignup(course: Pick<CourseDoc, 'status' | 'startsAt'>, now: Date): boolean {
  return course.status === 'scheduled' && course.startsAt.getTime() > now.getTime();
}

import type { Database } from '../_shared/cloud';
import { noteCheckin } from '../_shared/held';
import { CHECKIN_OPENS_BEFORE_MS, COURSES, SIGNUPS, signupId, type CourseDoc, type SignupDoc } from './model';
import { findSignup } from './seats';

/** Staff may record attendance up to a day after the end (paper sign-in sheets). */
export const STAFF_CHECKIN_AFTER_MS = 24 * 60 * 60 * 1000;

/** Why check-in is closed now (Chinese, for the caller), or null when it is open. */
export function checkinWindowError(course: CourseDoc, now: Date, closesAfterMs: number): string | null {
  if (course.status === 'cancelled') return '这门课程已取消，无需签到';
  if (now.getTime() < course.startsAt.getTime() - CHECKIN_OPENS_BEFORE_MS) return '签到在开课前1小时开放，请到时再来';
  if (now.getTime() > course.endsAt.getTime() + closesAfterMs) return '课程已结束，签到已关闭';
  return null;
}

/** Marks a signed learner present, once. Answers the check-in time and whether it was new. */
export async function markPresent(db: Database, course: CourseDoc, openid: string, by: 'self' | 'staff', now: Date) {
  const sid = signupId(course._id, openid);
  const res = await db
    .collection(SIGNUPS)
    .where({ _id: sid, status: 'signed', checkedIn: false })
    .update({ data: { checkedIn: true, checkedInAt: now, checkinBy: by, updatedAt: now } });
  if (res.stats.updated === 1) {
    await db
      .collection(COURSES)
      .doc(course._id)
      .update({ data: { checkinCount: db.command.inc(1) } });
    await noteCheckin(db, course);
    return { created: true, at: now, signup: null as SignupDoc | null };
  }
  const signup = await findSignup(db, course._id, openid);
  if (signup?.status === 'signed' && signup.checkedIn && signup.checkedInAt) return { created: false, at: signup.checkedInAt, signup };
  return { created: false, at: null as Date | null, signup };
}

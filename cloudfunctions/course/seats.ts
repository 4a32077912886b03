/**
 * Seats and the waitlist: the concurrency-sensitive core of the course domain.
 *
 * Truth lives in two places that every path keeps equal:
 * - the course document: `signedCount`, `waitlistCount` and the `waitlist` array (OPENIDs in arrival
 *   order), changed only by single-document atomic updates guarded by conditions;
 * - one signup document per learner and course (`_id` `${courseId}:${openid}`).
 *
 * A signup first claims its signup document (`pending`), so the same person can never take two
 * places; then takes a seat with a conditional increment (`signedCount < capacity`), or joins the
 * waitlist with an atomic push (array order = the order the database applied the pushes, which is
 * the arrival order); then records the outcome. A seat freed by a cancellation goes to the head of
 * the waitlist by a compare-and-swap on `waitlist.0`, so two concurrent cancellations never promote
 * the same person twice, and nobody is promoted past the capacity.
 * Every path is a small constant number of round-trips, independent of how many signed up.
 * Where the course moves before the signup it concerns (a promotion), the update also stamps
 * `countsChangedAt`, so reconcile.ts never mistakes the moment in between for drift.
 */
import type { SignupResult } from '../../typings/course';
import type { Database } from '../_shared/cloud';
import { isDuplicateKeyError } from '../_shared/cloud';
import { failedPrecondition, resourceExhausted } from '../_shared/errors';
import { notify } from '../_shared/notify';
import { findCourse } from './access';
import { COURSES, isOpenForSignup, MAX_WAITLIST, SIGNUPS, signupId, waitlistPosition, type CourseDoc, type SignupDoc } from './model';
import { promotedNotice } from './notices';

const PENDING_WAIT_MS = 150;
const PENDING_WAIT_ROUNDS = 6;
/** Bound on compare-and-swap retries when many cancellations race for the same waitlist head. */
const MAX_PROMOTE_ROUNDS = 200;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function findSignup(db: Database, courseId: string, openid: string): Promise<SignupDoc | null> {
  const res = await db.collection<SignupDoc>(SIGNUPS).where({ _id: signupId(courseId, openid) }).limit(1).get();
  return res.data[0] ?? null;
}

function closedMessage(course: CourseDoc): string {
  return course.status === 'cancelled' ? '这门课程已取消，不能报名。请看看其他课程' : '课程已经开始，不能再报名了。请看看其他课程';
}

/** The answer for a learner who already holds a place (course re-read when the waitlist moved). */
async function currentPlace(db: Database, course: CourseDoc, signup: SignupDoc): Promise<SignupResult | null> {
  if (signup.status === 'signed') return { status: 'signed' };
  if (signup.status !== 'waitlisted') return null;
  let position = waitlistPosition(course, signup.openid);
  if (position === undefined) {
    // The course document we hold predates the push or a promotion: look again.
    const fresh = await findCourse(db, course._id);
    position = fresh ? waitlistPosition(fresh, signup.openid) : undefined;
    if (position === undefined) {
      const again = await findSignup(db, course._id, signup.openid);
      if (again?.status === 'signed') return { status: 'signed' };
    }
  }
  return { status: 'waitlisted', position: position ?? 1 };
}

/** The fields of a freshly claimed (`pending`) signup, without `_id`, `courseId` and `openid`. */
export function pendingSignup(course: CourseDoc, learnerPointId: string, now: Date) {
  return {
    status: 'pending' as const,
    courseStartsAt: course.startsAt,
    courseTopic: course.topic,
    learnerPointId,
    signedAt: null,
    waitlistedAt: null,
    cancelledAt: null,
    checkedIn: false,
    checkedInAt: null,
    checkinBy: null,
    remind: 'none' as const,
    updatedAt: now,
  };
}

/**
 * Claims the learner's signup document as `pending`. Answers the current place instead when the
 * learner already has one (a repeated signup returns the current status).
 */
async function claim(db: Database, course: CourseDoc, openid: string, learnerPointId: string, now: Date): Promise<SignupResult | 'claimed'> {
  const _id = signupId(course._id, openid);
  const fresh = pendingSignup(course, learnerPointId, now);
  for (let round = 0; round < PENDING_WAIT_ROUNDS; round++) {
    try {
      await db.collection(SIGNUPS).add({ data: { _id, courseId: course._id, openid, ...fresh } });
      return 'claimed';
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const existing = await findSignup(db, course._id, openid);
    if (!existing) continue; // released by a failed attempt in between: claim again
    if (existing.status === 'cancelled') {
      const res = await db.collection(SIGNUPS).where({ _id, status: 'cancelled' }).update({ data: fresh });
      if (res.stats.updated === 1) return 'claimed';
      continue;
    }
    if (existing.status === 'attended') throw failedPrecondition('工作人员已为您现场登记签到，无需再报名这门课程');
    const place = await currentPlace(db, course, existing);
    if (place) return place;
    // `pending`: the same learner's other tap is being decided right now.
    await sleep(PENDING_WAIT_MS);
  }
  throw failedPrecondition('您的报名正在处理中，请稍后刷新页面查看结果');
}

/** Gives up a claim that got neither a seat nor a waitlist place. */
export async function releaseClaim(db: Database, courseId: string, openid: string): Promise<void> {
  await db.collection(SIGNUPS).where({ _id: signupId(courseId, openid), status: 'pending' }).remove();
}

/**
 * Signs the learner up: a seat while `signedCount < capacity`, else the waitlist.
 * Round-trips: new learner with a seat 2 writes + (the caller's 2 reads); waitlisted 3 writes + 1 read.
 */
export async function signUp(db: Database, course: CourseDoc, openid: string, learnerPointId: string, now: Date): Promise<SignupResult> {
  const _ = db.command;
  if (!isOpenForSignup(course, now)) {
    const existing = await findSignup(db, course._id, openid);
    const place = existing ? await currentPlace(db, course, existing) : null;
    if (place) return place;
    throw failedPrecondition(closedMessage(course));
  }

  const claimed = await claim(db, course, openid, learnerPointId, now);
  if (claimed !== 'claimed') return claimed;
  const sid = signupId(course._id, openid);

  // 1. A seat, if one is free. `capacity` is part of the condition: an edit racing this signup makes
  //    the update miss rather than fill up to a capacity that no longer holds.
  const seat = await db
    .collection(COURSES)
    .where({ _id: course._id, status: 'scheduled', startsAt: _.gt(now), capacity: course.capacity, signedCount: _.lt(course.capacity) })
    .update({ data: { signedCount: _.inc(1) } });
  if (seat.stats.updated === 1) {
    await db.collection(SIGNUPS).doc(sid).update({ data: { status: 'signed', signedAt: now, updatedAt: now } });
    return { status: 'signed' };
  }

  // 2. Full (or just edited): join the waitlist, in the order the database applies the pushes.
  const queued = await db
    .collection(COURSES)
    .where({ _id: course._id, status: 'scheduled', startsAt: _.gt(now), waitlistCount: _.lt(MAX_WAITLIST) })
    .update({ data: { waitlistCount: _.inc(1), waitlist: _.push(openid) } });
  if (queued.stats.updated === 0) {
    await releaseClaim(db, course._id, openid);
    const latest = await findCourse(db, course._id);
    if (latest && isOpenForSignup(latest, now)) throw resourceExhausted('这门课程的名额和候补都已满，请看看其他课程');
    throw failedPrecondition(closedMessage(latest ?? course));
  }

  const after = await findCourse(db, course._id);
  const position = after ? waitlistPosition(after, openid) : undefined;
  // Not in the waitlist any more: a cancellation in between gave this learner its seat.
  if (position === undefined) return { status: 'signed' };
  const marked = await db
    .collection(SIGNUPS)
    .where({ _id: sid, status: 'pending' })
    .update({ data: { status: 'waitlisted', waitlistedAt: now, updatedAt: now } });
  if (marked.stats.updated === 0) return { status: 'signed' };

  // A seat freed between the failed seat update and the push went to nobody: hand it out now.
  if (after && after.signedCount < after.capacity) {
    const promoted = await promote(db, course._id, now);
    if (promoted.includes(openid)) return { status: 'signed' };
    return { status: 'waitlisted', position: Math.max(1, position - promoted.length) };
  }
  return { status: 'waitlisted', position };
}

/**
 * Marks a learner who just left the waitlist head as signed. `notified`: was waitlisted and has been
 * told; `silent`: was still `pending` (its own signup answers "signed"); `gone`: cancelled meanwhile.
 */
async function finalizePromotion(db: Database, course: CourseDoc, openid: string, now: Date): Promise<'notified' | 'silent' | 'gone'> {
  const sid = signupId(course._id, openid);
  const data = { status: 'signed', signedAt: now, updatedAt: now };
  const waited = await db.collection(SIGNUPS).where({ _id: sid, status: 'waitlisted' }).update({ data });
  if (waited.stats.updated === 1) {
    await notify(db, promotedNotice(course, openid, now));
    return 'notified';
  }
  const pending = await db.collection(SIGNUPS).where({ _id: sid, status: 'pending' }).update({ data });
  return pending.stats.updated === 1 ? 'silent' : 'gone';
}

/**
 * Fills free seats from the head of the waitlist, one compare-and-swap per seat. Safe to call from
 * anywhere at any time: it never exceeds the capacity and never promotes anyone twice.
 * Answers the OPENIDs promoted.
 */
export async function promote(db: Database, courseId: string, now: Date): Promise<string[]> {
  const _ = db.command;
  const promoted: string[] = [];
  for (let round = 0; round < MAX_PROMOTE_ROUNDS; round++) {
    const course = await findCourse(db, courseId);
    if (!course || !isOpenForSignup(course, now) || course.signedCount >= course.capacity || !course.waitlist?.length) break;
    const head = course.waitlist[0];
    const moved = await db
      .collection(COURSES)
      .where({ _id: courseId, status: 'scheduled', startsAt: _.gt(now), capacity: course.capacity, signedCount: _.lt(course.capacity), 'waitlist.0': head })
      .update({ data: { signedCount: _.inc(1), waitlistCount: _.inc(-1), waitlist: _.shift(), countsChangedAt: now } });
    if (moved.stats.updated === 0) continue; // someone else moved the head first: look again
    if ((await finalizePromotion(db, course, head, now)) === 'gone') {
      await db.collection(COURSES).doc(courseId).update({ data: { signedCount: _.inc(-1) } });
    } else {
      promoted.push(head);
    }
  }
  return promoted;
}

/**
 * A signed learner left: the seat goes straight to the waitlist head (one compare-and-swap that
 * moves the head without touching `signedCount`), or `signedCount` drops when nobody waits.
 * Answers the OPENIDs promoted.
 */
async function releaseSeat(db: Database, course: CourseDoc, now: Date): Promise<string[]> {
  const _ = db.command;
  const courses = db.collection(COURSES);
  const head = course.waitlist?.[0];
  if (head === undefined) {
    // Nobody waited when we looked; the condition makes sure nobody joined since.
    const dropped = await courses.where({ _id: course._id, waitlistCount: 0 }).update({ data: { signedCount: _.inc(-1) } });
    if (dropped.stats.updated === 1) return [];
  } else if (isOpenForSignup(course, now)) {
    const moved = await courses
      .where({ _id: course._id, status: 'scheduled', startsAt: _.gt(now), 'waitlist.0': head })
      .update({ data: { waitlistCount: _.inc(-1), waitlist: _.shift(), countsChangedAt: now } });
    if (moved.stats.updated === 1 && (await finalizePromotion(db, course, head, now)) !== 'gone') return [head];
  }
  await courses.doc(course._id).update({ data: { signedCount: _.inc(-1) } });
  return promote(db, course._id, now);
}

/**
 * Cancels the learner's place; a freed seat goes to the earliest waitlisted learner.
 * Answers whether this call cancelled it (false: it was cancelled already).
 */
export async function cancelPlace(db: Database, course: CourseDoc, openid: string, now: Date, current: SignupDoc | null): Promise<boolean> {
  const _ = db.command;
  const sid = signupId(course._id, openid);
  let signup = current;
  for (let round = 0; round < 3; round++) {
    if (!signup || signup.status === 'pending') throw failedPrecondition('您还没有报名这门课程');
    if (signup.status === 'cancelled') return false;
    if (signup.status === 'attended') throw failedPrecondition('工作人员已为您现场登记签到，无需取消报名');
    if (!isOpenForSignup(course, now)) {
      throw failedPrecondition(course.status === 'cancelled' ? '这门课程已取消，无需再取消报名' : '课程已经开始，不能取消报名了');
    }
    const from = signup.status;
    const done = await db
      .collection(SIGNUPS)
      .where({ _id: sid, status: from })
      .update({ data: { status: 'cancelled', cancelledAt: now, remind: 'none', updatedAt: now } });
    if (done.stats.updated === 1) {
      if (from === 'signed') {
        await releaseSeat(db, course, now);
      } else {
        // Still in the array: leave it. Already shifted out by a promotion: that promotion saw the
        // cancellation and gave the seat back, so there is nothing to count here.
        await db
          .collection(COURSES)
          .where({ _id: course._id, waitlist: openid })
          .update({ data: { waitlistCount: _.inc(-1), waitlist: _.pull(openid) } });
      }
      return true;
    }
    // Changed under us (e.g. promoted from the waitlist a moment ago): look again.
    signup = await findSignup(db, course._id, openid);
  }
  throw failedPrecondition('报名状态刚刚发生了变化，请刷新后再试');
}

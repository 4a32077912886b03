/**
 * Walk-ins: staff register on site a learner who did not sign up (or is still on the waitlist).
 *
 * - A free seat: taken by the same kind of conditional update as a signup (`signedCount <
 *   capacity`, `capacity` unchanged), counting the check-in in the same write; then the signup is
 *   recorded as signed and checked in. `signedCount` never exceeds `capacity`.
 * - Full, and staff chose "over capacity": the learner is present without a seat. The signup becomes
 *   `attended` (checked in, counted in `checkinCount`, in neither `signedCount` nor `waitlistCount`),
 *   so "signedCount = signed signups ≤ capacity" keeps holding while attendance stays true.
 * - A waitlisted learner leaves the waitlist either way (the seat update pulls them from the array;
 *   for `attended`, the signup changes first and the pull follows, like a waitlisted cancel).
 * The signup is claimed first (`pending`, deterministic `_id`), so a walk-in never races the
 * learner's own signup into two places. Course-first writes stamp `countsChangedAt` (reconcile.ts).
 */
import type { Database } from '../_shared/cloud';
import { noteCheckin } from '../_shared/held';
import { isDuplicateKeyError } from '../_shared/cloud';
import { failedPrecondition, resourceExhausted } from '../_shared/errors';
import { findCourse } from './access';
import { markPresent } from './attendance';
import { COURSES, SIGNUPS, signupId, type CourseDoc } from './model';
import { findSignup, pendingSignup, promote, releaseClaim } from './seats';

export interface WalkInOutcome {
  status: 'signed' | 'attended';
  at: Date;
  /** False when the learner had already checked in. */
  created: boolean;
  /** The signup's status before (null: none), for the audit trail. */
  before: string | null;
}

const MAX_ROUNDS = 4;
const CHANGED = '该学员的报名状态刚刚发生了变化，请刷新名单后再试';

type From = 'pending' | 'waitlisted';

/** The learner's signup, claimed for the walk-in (or the answer when nothing is left to do). */
async function claim(db: Database, course: CourseDoc, openid: string, learnerPointId: string, now: Date): Promise<From | WalkInOutcome | 'retry'> {
  const _id = signupId(course._id, openid);
  const fresh = { ...pendingSignup(course, learnerPointId, now), walkIn: true };
  try {
    await db.collection(SIGNUPS).add({ data: { _id, courseId: course._id, openid, ...fresh } });
    return 'pending';
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const existing = await findSignup(db, course._id, openid);
  if (!existing) return 'retry';
  switch (existing.status) {
    case 'signed': {
      const marked = await markPresent(db, course, openid, 'staff', now);
      return marked.at ? { status: 'signed', at: marked.at, created: marked.created, before: 'signed' } : 'retry';
    }
    case 'attended':
      return { status: 'attended', at: existing.checkedInAt ?? existing.updatedAt, created: false, before: 'attended' };
    case 'waitlisted':
      return 'waitlisted';
    case 'cancelled': {
      const res = await db.collection(SIGNUPS).where({ _id, status: 'cancelled' }).update({ data: fresh });
      return res.stats.updated === 1 ? 'pending' : 'retry';
    }
    case 'pending':
      throw failedPrecondition('这位学员的报名正在处理中，请稍等片刻再登记');
  }
}

/**
 * A seat if one is free, else (with `overCapacity`) attendance without a seat. 'reclaim': the
 * signup changed under us (promoted, cancelled), read it again.
 */
async function place(db: Database, course: CourseDoc, openid: string, from: From, overCapacity: boolean, now: Date): Promise<WalkInOutcome | 'reclaim'> {
  const _ = db.command;
  const sid = signupId(course._id, openid);
  const courses = db.collection(COURSES);
  const fromQueue = from === 'waitlisted';
  const before = fromQueue ? 'waitlisted' : null;
  let current = course;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const seat = await courses
      .where({
        _id: current._id,
        status: 'scheduled',
        capacity: current.capacity,
        signedCount: _.lt(current.capacity),
        ...(fromQueue ? { waitlist: openid } : {}),
      })
      .update({
        data: {
          signedCount: _.inc(1),
          checkinCount: _.inc(1),
          countsChangedAt: now,
          ...(fromQueue ? { waitlistCount: _.inc(-1), waitlist: _.pull(openid) } : {}),
        },
      });
    if (seat.stats.updated === 1) {
      const marked = await db
        .collection(SIGNUPS)
        .where({ _id: sid, status: from })
        .update({ data: { status: 'signed', signedAt: now, checkedIn: true, checkedInAt: now, checkinBy: 'staff', walkIn: true, updatedAt: now } });
      if (marked.stats.updated === 1) {
        await noteCheckin(db, current);
        return { status: 'signed', at: now, created: true, before };
      }
      // The learner cancelled their waitlist place a moment ago: the seat goes back to the queue.
      await courses.doc(current._id).update({ data: { signedCount: _.inc(-1), checkinCount: _.inc(-1), countsChangedAt: now } });
      await promote(db, current._id, now);
      return 'reclaim';
    }

    const latest = await findCourse(db, current._id);
    if (!latest || latest.status !== 'scheduled') {
      if (from === 'pending') await releaseClaim(db, current._id, openid);
      throw failedPrecondition('这门课程已取消，无需签到');
    }
    if (fromQueue && !(latest.waitlist ?? []).includes(openid)) return 'reclaim';
    if (latest.signedCount < latest.capacity || latest.capacity !== current.capacity) {
      current = latest; // a seat was freed or the capacity edited: try the seat again
      continue;
    }
    if (!overCapacity) {
      if (from === 'pending') await releaseClaim(db, current._id, openid);
      throw resourceExhausted(`名额已满（${latest.signedCount}/${latest.capacity}人）。如确需让这位学员现场听课，请勾选“超额登记”：只记签到，不占名额`);
    }
    const marked = await db
      .collection(SIGNUPS)
      .where({ _id: sid, status: from })
      .update({ data: { status: 'attended', signedAt: null, checkedIn: true, checkedInAt: now, checkinBy: 'staff', walkIn: true, updatedAt: now } });
    if (marked.stats.updated === 0) return 'reclaim';
    if (fromQueue) {
      const left = await courses
        .where({ _id: current._id, waitlist: openid })
        .update({ data: { waitlistCount: _.inc(-1), waitlist: _.pull(openid), checkinCount: _.inc(1), countsChangedAt: now } });
      if (left.stats.updated === 1) {
        await noteCheckin(db, current);
        return { status: 'attended', at: now, created: true, before };
      }
      // Shifted out by a promotion meanwhile: that promotion found `attended` and gave the seat back.
    }
    await courses.doc(current._id).update({ data: { checkinCount: _.inc(1), countsChangedAt: now } });
    await noteCheckin(db, current);
    return { status: 'attended', at: now, created: true, before };
  }
  if (from === 'pending') await releaseClaim(db, course._id, openid);
  throw failedPrecondition(CHANGED);
}

/** Registers the learner as present at the course (see the module comment). */
export async function walkIn(db: Database, course: CourseDoc, openid: string, learnerPointId: string, overCapacity: boolean, now: Date): Promise<WalkInOutcome> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const claimed = await claim(db, course, openid, learnerPointId, now);
    if (claimed === 'retry') continue;
    if (typeof claimed !== 'string') return claimed;
    const placed = await place(db, course, openid, claimed, overCapacity, now);
    if (placed !== 'reclaim') return placed;
  }
  throw failedPrecondition(CHANGED);
}

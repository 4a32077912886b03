/**
 * Reconciliation: puts a course's counters back in line with its signup documents.
 *
 * Every seat operation (seats.ts) is a short sequence of single-document writes. An invocation that
 * dies in the middle (timeout, crash) leaves the course's `signedCount` / `waitlistCount` /
 * `waitlist` / `checkinCount` out of step with the signups, or a `pending` signup nobody will finish.
 * `reconcileCourse` recomputes them from the signups and repairs them:
 *
 * - It never races a live operation. An operation in flight has written its first document less than
 *   IN_FLIGHT_MS ago: either a signup (claim, cancel, check-in: `updatedAt`) or the course
 *   (promotion, walk-in: `countsChangedAt`). A course with such a recent write is `busy` and left for
 *   the next run; only differences older than any invocation can live are drift.
 * - Abandoned `pending` signups (older than IN_FLIGHT_MS) are resolved as the learner last saw them:
 *   one in the waitlist array was shown as waitlisted (`get` answers its position), so it becomes
 *   `waitlisted` and keeps its arrival place; any other was never confirmed (the dead invocation
 *   answered an error, `get` shows no signup), so the claim is removed and the learner may sign up
 *   again. A seat such a claim may have taken is not handed to it: the counter is recomputed from
 *   the signups and the seat goes to the waitlist head, who was waiting for it. Each resolution is
 *   a conditional update on the status and time.
 * - The counters are written by ONE update guarded on the exact values read (counts and the whole
 *   waitlist array). Any concurrent change makes it miss; the course is read again and recomputed
 *   (a few rounds at most, then `conflict`, left for the next run).
 * - Then free seats go to the waitlist through the ordinary `promote` (learners are told).
 *
 * A healthy course costs the reads only (course, its signups) and no write.
 * The waitlist keeps the array's order for learners still waiting; waitlisted signups missing from
 * it are appended in the order they joined (`waitlistedAt`).
 */
import type { ReconcileCounters, ReconcileResult } from '../../typings/course';
import { writeAudit } from '../_shared/audit';
import type { Database } from '../_shared/cloud';
import type { ActionContext } from '../_shared/handler';
import { courseChain, findCourse } from './access';
import { COURSES, IN_FLIGHT_MS, isOpenForSignup, SIGNUPS, type CourseDoc, type SignupDoc } from './model';
import { promote } from './seats';

/** Recompute-and-write attempts before a course that keeps changing is left for the next run. */
const MAX_ROUNDS = 5;
const SIGNUP_BATCH = 1000;
/** Timer: courses per index page, pages per run (soonest first), courses reconciled at once. */
const TIMER_BATCH = 100;
const TIMER_MAX_BATCHES = 5;
const TIMER_PARALLEL = 10;
/** The actor recorded in the audit trail for repairs made by the timer. */
export const RECONCILE_TIMER_ACTOR = 'system:reconcile';

type SignupFacts = Pick<SignupDoc, '_id' | 'openid' | 'status' | 'updatedAt' | 'waitlistedAt' | 'checkedIn'>;

/** Every signup of the course, whatever its status (index courseId + status + _id), in batches. */
async function signupFacts(db: Database, courseId: string): Promise<SignupFacts[]> {
  const _ = db.command;
  const out: SignupFacts[] = [];
  for (let skip = 0; ; skip += SIGNUP_BATCH) {
    const res = await db
      .collection<SignupDoc>(SIGNUPS)
      .where({ courseId, status: _.in(['pending', 'signed', 'waitlisted', 'cancelled', 'attended']) })
      .orderBy('_id', 'asc')
      .field({ openid: true, status: true, updatedAt: true, waitlistedAt: true, checkedIn: true })
      .skip(skip)
      .limit(SIGNUP_BATCH)
      .get();
    out.push(...res.data);
    if (res.data.length < SIGNUP_BATCH) return out;
  }
}

function countersOf(c: Pick<CourseDoc, 'signedCount' | 'waitlistCount' | 'checkinCount'>): ReconcileCounters {
  return { signedCount: c.signedCount, waitlistCount: c.waitlistCount, checkinCount: c.checkinCount ?? 0 };
}

/** What the counters must be, from the signups (and the array's order for those still waiting). */
function targetOf(course: CourseDoc, signups: SignupFacts[]): ReconcileCounters & { waitlist: string[] } {
  const waiting = signups.filter((s) => s.status === 'waitlisted');
  const waitingIds = new Set(waiting.map((s) => s.openid));
  const waitlist: string[] = [];
  const seen = new Set<string>();
  for (const openid of course.waitlist ?? []) {
    if (waitingIds.has(openid) && !seen.has(openid)) {
      waitlist.push(openid);
      seen.add(openid);
    }
  }
  const missing = waiting
    .filter((s) => !seen.has(s.openid))
    .sort((a, b) => (a.waitlistedAt?.getTime() ?? 0) - (b.waitlistedAt?.getTime() ?? 0) || (a._id < b._id ? -1 : 1));
  waitlist.push(...missing.map((s) => s.openid));
  return {
    signedCount: signups.filter((s) => s.status === 'signed').length,
    waitlistCount: waitlist.length,
    checkinCount: signups.filter((s) => s.checkedIn).length,
    waitlist,
  };
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Resolves abandoned `pending` signups in place (`signups` is updated to match).
 * Answers how many were resolved, or 'changed' when a guarded write missed (read again).
 */
async function resolveAbandoned(db: Database, course: CourseDoc, signups: SignupFacts[], now: Date): Promise<number | 'changed'> {
  const stale = signups.filter((s) => s.status === 'pending').sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || (a._id < b._id ? -1 : 1));
  if (stale.length === 0) return 0;
  const queued = new Set(course.waitlist ?? []);
  const docs = db.collection(SIGNUPS);
  for (const s of stale) {
    const guard = { _id: s._id, status: 'pending', updatedAt: s.updatedAt };
    let res: { stats: { updated?: number; removed?: number } };
    if (queued.has(s.openid)) {
      res = await docs.where(guard).update({ data: { status: 'waitlisted', waitlistedAt: s.updatedAt, reconciledAt: now } });
      s.status = 'waitlisted';
      s.waitlistedAt = s.updatedAt;
    } else {
      res = await docs.where(guard).remove();
      s.status = 'cancelled';
    }
    if ((res.stats.updated ?? res.stats.removed ?? 0) === 0) return 'changed';
  }
  return stale.length;
}

/**
 * Repairs one course (see the module comment). `actor`: the staff member who asked, or the timer.
 * Reads: the signups (+ the course again on a retry); writes: none when healthy.
 */
export async function reconcileCourse(db: Database, first: CourseDoc, now: Date, actor: string): Promise<ReconcileResult> {
  const _ = db.command;
  const before = countersOf(first);
  let course: CourseDoc | null = first;
  let pendingResolved = 0;
  const answer = (state: ReconcileResult['state'], c: CourseDoc, promoted = 0): ReconcileResult => ({
    courseId: first._id,
    state,
    before,
    after: countersOf(c),
    pendingResolved,
    promoted,
  });

  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (round > 0) course = await findCourse(db, first._id);
    if (!course) return answer('conflict', first);
    const signups = await signupFacts(db, course._id);
    const cutoff = now.getTime() - IN_FLIGHT_MS;
    const recent = (course.countsChangedAt?.getTime() ?? 0) > cutoff || signups.some((s) => s.updatedAt.getTime() > cutoff);
    if (recent) return answer('busy', course);

    const resolved = await resolveAbandoned(db, course, signups, now);
    if (resolved === 'changed') continue;
    pendingResolved += resolved;

    const target = targetOf(course, signups);
    const drifted =
      target.signedCount !== course.signedCount ||
      target.waitlistCount !== course.waitlistCount ||
      target.checkinCount !== (course.checkinCount ?? 0) ||
      !sameList(target.waitlist, course.waitlist ?? []);
    if (drifted) {
      const res = await db
        .collection(COURSES)
        .where({
          _id: course._id,
          signedCount: course.signedCount,
          waitlistCount: course.waitlistCount,
          checkinCount: course.checkinCount ?? 0,
          waitlist: _.eq(course.waitlist ?? []),
        })
        .update({ data: { signedCount: target.signedCount, waitlistCount: target.waitlistCount, checkinCount: target.checkinCount, waitlist: _.set(target.waitlist) } });
      if (res.stats.updated === 0) continue; // changed since we read it: recompute
    }
    const repaired: CourseDoc = { ...course, ...target };
    if (drifted || pendingResolved > 0) {
      await writeAudit(db, {
        actor,
        action: 'course.reconcile',
        targetType: 'course',
        targetId: course._id,
        scope: courseChain(course),
        before: { ...countersOf(course), waitlistLength: (course.waitlist ?? []).length },
        after: { ...countersOf(repaired), waitlistLength: target.waitlist.length, pendingResolved },
        reason: '名额计数与报名记录不一致，已按报名记录修复',
      });
    }
    let promoted = 0;
    if (isOpenForSignup(course, now) && target.signedCount < course.capacity && target.waitlist.length > 0) {
      promoted = (await promote(db, course._id, now)).length;
      repaired.signedCount += promoted;
      repaired.waitlistCount -= promoted;
    }
    return answer(drifted || pendingResolved > 0 || promoted > 0 ? 'repaired' : 'healthy', repaired, promoted);
  }
  return answer('conflict', course ?? first);
}

export interface ReconcileRun {
  courses: number;
  repaired: number;
  busy: number;
  conflicts: number;
  failed: number;
  promoted: number;
}

/**
 * Timer `reconcile` (config.json, hourly): upcoming scheduled courses, soonest first, in pages of
 * TIMER_BATCH through the index `courses.status_startsAt_id`, at most TIMER_MAX_BATCHES pages a run
 * (courses further out are reached on later runs as their start comes nearer; staff can reconcile
 * one course at any time with the `reconcile` action). One course's failure never stops the run.
 */
export async function reconcileUpcoming({ db, now }: ActionContext): Promise<ReconcileRun> {
  const _ = db.command;
  const run: ReconcileRun = { courses: 0, repaired: 0, busy: 0, conflicts: 0, failed: 0, promoted: 0 };
  for (let page = 0; page < TIMER_MAX_BATCHES; page++) {
    const res = await db
      .collection<CourseDoc>(COURSES)
      .where({ status: 'scheduled', startsAt: _.gt(now) })
      .orderBy('startsAt', 'asc')
      .orderBy('_id', 'asc')
      .field({ codeSecret: false })
      .skip(page * TIMER_BATCH)
      .limit(TIMER_BATCH)
      .get();
    for (let i = 0; i < res.data.length; i += TIMER_PARALLEL) {
      const outcomes = await Promise.allSettled(res.data.slice(i, i + TIMER_PARALLEL).map((c) => reconcileCourse(db, c, now, RECONCILE_TIMER_ACTOR)));
      for (const [k, o] of outcomes.entries()) {
        run.courses++;
        if (o.status === 'rejected') {
          run.failed++;
          console.error(JSON.stringify({ fn: 'course', timer: 'reconcile', courseId: res.data[i + k]._id, error: String(o.reason).slice(0, 200) }));
          continue;
        }
        if (o.value.state === 'repaired') run.repaired++;
        if (o.value.state === 'busy') run.busy++;
        if (o.value.state === 'conflict') run.conflicts++;
        run.promoted += o.value.promoted;
      }
    }
    if (res.data.length < TIMER_BATCH) break;
  }
  return run;
}

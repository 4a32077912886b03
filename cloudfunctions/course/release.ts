import type { Database } from '../_shared/cloud';
import { AppError } from '../_shared/errors';
import { findCourse } from './access';
import { isOpenForSignup, SIGNUPS, type SignupDoc } from './model';
import { cancelPlace } from './seats';

/** Upcoming signups read per round-trip (a learner rarely holds more than a few). */
const BATCH = 100;

/**
 * Gives back every upcoming seat and waitlist place of a learner who leaves (PIPL withdrawal,
 * `user.withdraw`): each goes through the learner's own cancel path (seats.ts `cancelPlace`), so
 * the earliest waitlisted learner is promoted and told, and the counters stay equal to the signups.
 * Courses that started, ended or were cancelled keep their signups (attendance is history).
 * Idempotent: a second call finds nothing left and answers 0. Answers how many places it released.
 * Reads: the learner's upcoming signups (index openid + courseStartsAt), then each course by id;
 * writes: those of `cancel` per place.
 */
export async function releaseLearnerSeats(db: Database, openid: string, now: Date): Promise<number> {
  const _ = db.command;
  let released = 0;
  // Released signups leave the query's window; the ones kept (started, cancelled) stay in it.
  let kept = 0;
  for (;;) {
    const res = await db
      .collection<SignupDoc>(SIGNUPS)
      .where({ openid, courseStartsAt: _.gt(now), status: _.in(['signed', 'waitlisted']) })
      .orderBy('courseStartsAt', 'asc')
      .skip(kept)
      .limit(BATCH)
      .get();
    for (const signup of res.data) {
      const course = await findCourse(db, signup.courseId);
      if (!course || !isOpenForSignup(course, now)) {
        kept++;
        continue;
      }
      try {
        if (await cancelPlace(db, course, openid, now, signup)) released++;
      } catch (error) {
        // Started or cancelled a moment ago, or the place changed under us twice: the course's own
        // rules keep it (as they would for the learner's cancel).
        if (!(error instanceof AppError && error.code === 'FAILED_PRECONDITION')) throw error;
        kept++;
      }
    }
    if (res.data.length < BATCH) return released;
  }
}

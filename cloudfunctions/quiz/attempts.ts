import type { Database } from '../_shared/cloud';
import { shanghaiDay } from '../_shared/time';
import { ATTEMPTS, SUBMIT_GRACE_MS, type AttemptDoc } from './model';

/** YYYYMMDD of the Asia/Shanghai day: the day part of attempt ids. */
export function attemptDay(at: Date): string {
  return shanghaiDay(at).replace(/-/g, '');
}

export function attemptId(quizId: string, openid: string, day: string, n: number): string {
  return `${quizId}:${openid}:${day}:${n}`;
}

/** Still answerable: open, and the deadline (plus grace) not passed. */
export function isLive(a: Pick<AttemptDoc, 'status' | 'deadline'>, now: Date): boolean {
  return a.status === 'open' && now.getTime() <= a.deadline.getTime() + SUBMIT_GRACE_MS;
}

/** Resumable: open and before the deadline (a start in the grace period would be useless). */
export function isResumable(a: Pick<AttemptDoc, 'status' | 'deadline'>, now: Date): boolean {
  return a.status === 'open' && now.getTime() < a.deadline.getTime();
}

/**
 * The caller's latest attempts of a quiz, newest first (index quizId+openid+startedAt): enough to
 * see today's attempts and an unfinished one. No questions (they are large).
 */
export async function recentAttempts(db: Database, quizId: string, openid: string, attemptsPerDay: number): Promise<AttemptDoc[]> {
  const res = await db
    .collection<AttemptDoc>(ATTEMPTS)
    .where({ quizId, openid })
    .orderBy('startedAt', 'desc')
    .field({ questions: false })
    .limit(attemptsPerDay + 1)
    .get();
  return res.data;
}

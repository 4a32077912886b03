import { isDuplicateKeyError, type Database } from '../_shared/cloud';
import type { TitleBar } from '../../typings/quiz';
import { TITLES, type Person } from './model';

/**
 * 科学达人: a learner who scores at least `minScore` in at least `minQuizzes` distinct quizzes in
 * one calendar year (Asia/Shanghai). The bar is the function's configuration:
 * QUIZ_TITLE_MIN_SCORE (default 90) and QUIZ_TITLE_MIN_QUIZZES (default 3).
 */
export function titleBar(): TitleBar {
  const num = (v: string | undefined, def: number, min: number, max: number) => {
    const n = Number.parseInt(v ?? '', 10);
    return Number.isInteger(n) && n >= min && n <= max ? n : def;
  };
  return {
    minScore: num(process.env.QUIZ_TITLE_MIN_SCORE, 90, 1, 100),
    minQuizzes: num(process.env.QUIZ_TITLE_MIN_QUIZZES, 3, 1, 100),
  };
}

export function titleId(year: number, openid: string): string {
  return `${year}:${openid}`;
}

/**
 * Counts a qualifying quiz once (the `quizIds != quizId` guard makes the push atomic and
 * idempotent) and awards the title when the count reaches the bar: the award is a conditional
 * update on `awarded: false`, so it happens exactly once. Returns true on the awarding call.
 */
export async function recordQualifying(db: Database, openid: string, quizId: string, person: Person, year: number, now: Date): Promise<boolean> {
  const bar = titleBar();
  const _id = titleId(year, openid);
  const unit = { displayName: person.displayName, branchId: person.branchId, pointId: person.pointId, pointName: person.pointName };
  let counted = false;
  try {
    await db.collection(TITLES).add({
      data: { _id, openid, year, quizIds: [quizId], count: 1, awarded: false, awardedAt: null, ...unit, updatedAt: now },
    });
    counted = true;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  if (!counted) {
    const _ = db.command;
    const res = await db
      .collection(TITLES)
      .where({ _id, quizIds: _.neq(quizId) })
      .update({ data: { quizIds: _.push(quizId), count: _.inc(1), ...unit, updatedAt: now } });
    counted = res.stats.updated > 0;
  }
  if (!counted) return false;
  const award = await db
    .collection(TITLES)
    .where({ _id, awarded: false, count: db.command.gte(bar.minQuizzes) })
    .update({ data: { awarded: true, awardedAt: now } });
  return award.stats.updated > 0;
}

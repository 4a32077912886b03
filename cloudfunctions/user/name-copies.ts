/**
 * Copies of a learner's enrollment data that other functions keep, all keyed by OPENID
 * (collection names as the volunteer and quiz functions define them):
 * - `scienceOfficers` (科普中国信息员, `_id` = OPENID): the full name and the point/branch the staff
 *   statistics group by;
 * - `quizBests`, `quizTitles`, `quizAttempts`: the name shown on leaderboards and 科学达人 lists.
 * Every write here is idempotent, so a withdrawal that died part-way is finished by calling again.
 */
import type { Database } from '../_shared/cloud';
import { COLLECTIONS } from '../_shared/collections';

export const OFFICERS_COLLECTION = COLLECTIONS.scienceOfficers;
const QUIZ_BESTS_COLLECTION = COLLECTIONS.quizBests;
const QUIZ_TITLES_COLLECTION = COLLECTIONS.quizTitles;
const QUIZ_ATTEMPTS_COLLECTION = COLLECTIONS.quizAttempts;
/** How a withdrawn person's past results appear (the quiz function's name for people without an enrollment). */
export const ANONYMOUS_NAME = '微信用户';

function isMissingCollection(error: unknown): boolean {
  const e = error as { code?: unknown; errCode?: unknown; message?: unknown; errMsg?: unknown } | undefined;
  const text = [e?.code, e?.errCode, e?.message, e?.errMsg].map((v) => String(v ?? '')).join(' ');
  return /COLLECTION_NOT_EXIST|collection[^.]*not exist/i.test(text);
}

/** How many documents a write changed; 0 in an environment where the collection was never created. */
async function changed(write: Promise<{ stats: { updated?: number; removed?: number } }>): Promise<number> {
  try {
    const { stats } = await write;
    return (stats.updated ?? 0) + (stats.removed ?? 0);
  } catch (error) {
    if (isMissingCollection(error)) return 0;
    throw error;
  }
}

/**
 * Deletes the officer record and anonymises the quiz copies of the name (each write served by an
 * index on `openid` or `_id`; only documents still carrying a name match). Answers how many
 * documents changed: 0 when nothing was left to erase. Writes: 4.
 */
export async function eraseNameCopies(db: Database, openid: string): Promise<number> {
  const _ = db.command;
  const counts = await Promise.all([
    changed(db.collection(OFFICERS_COLLECTION).where({ _id: openid }).remove()),
    changed(db.collection(QUIZ_BESTS_COLLECTION).where({ openid, displayName: _.neq(ANONYMOUS_NAME) }).update({ data: { displayName: ANONYMOUS_NAME } })),
    changed(db.collection(QUIZ_TITLES_COLLECTION).where({ openid, displayName: _.neq(ANONYMOUS_NAME) }).update({ data: { displayName: ANONYMOUS_NAME } })),
    changed(
      db
        .collection(QUIZ_ATTEMPTS_COLLECTION)
        .where({ openid, 'person.displayName': _.neq(ANONYMOUS_NAME) })
        .update({ data: { 'person.displayName': ANONYMOUS_NAME } }),
    ),
  ]);
  return counts.reduce((s, n) => s + n, 0);
}

/**
 * After a profile update or a transfer: the officer record (if any) follows the enrollment's name,
 * point and branch, so the new point's staff see the officer and the old point's no longer do.
 * Idempotent (a repeated enroll heals a copy left stale by an invocation that died). Writes: 1.
 */
export async function syncOfficer(db: Database, openid: string, learner: { name: string; pointId: string; branchId: string }): Promise<void> {
  await changed(
    db.collection(OFFICERS_COLLECTION).where({ _id: openid }).update({ data: { name: learner.name, pointId: learner.pointId, branchId: learner.branchId } }),
  );
}

import type { Database } from '../_shared/cloud';
import { COLLECTIONS } from '../_shared/collections';

/** The course helper's collection: `{ pointId, branchId, startsAt, status }` (see the course function). */
export const COURSES_COLLECTION = COLLECTIONS.courses;

function isMissingCollection(error: unknown): boolean {
  const e = error as { code?: unknown; errCode?: unknown; message?: unknown; errMsg?: unknown } | undefined;
  const text = [e?.code, e?.errCode, e?.message, e?.errMsg].map((v) => String(v ?? '')).join(' ');
  return /COLLECTION_NOT_EXIST|collection[^.]*not exist/i.test(text);
}

/**
 * Courses (not cancelled) per point, for a page of points: one aggregation round-trip whose
 * leading $match is served by the `courses.pointId` index.
 */
export async function courseCounts(db: Database, pointIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!pointIds.length) return counts;
  const _ = db.command;
  try {
    const res = await db
      .collection(COURSES_COLLECTION)
      .aggregate()
      .match({ pointId: _.in(pointIds), status: _.neq('cancelled') })
      .group({ _id: '$pointId', n: _.aggregate.sum(1) })
      .end();
    for (const row of res.list) counts.set(String(row._id), Number(row.n) || 0);
  } catch (error) {
    // A fresh environment without courses yet.
    if (!isMissingCollection(error)) throw error;
  }
  return counts;
}

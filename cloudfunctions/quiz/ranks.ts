import { randomBytes } from 'node:crypto';
import { isDuplicateKeyError, type Database } from '../_shared/cloud';
import { BESTS, RANK_COUNTS, type BestDoc, type RankBucket, type RankMove } from './model';
import { sortKeyOf } from './sort-key';

/**
 * "My rank" without counting the records above me. Each board (the city board of a quiz, each
 * branch's and each point's) has one counter document, `quizRankCounts/${quizId}:${board}`, with
 * the number of best records per (score, duration bucket): `c.s<score>.b<bucket>`. The rank order is
 * score descending, then duration, then submission time, so the records better than mine are
 *   every record of a higher score, + those of my score in an earlier duration bucket (both a
 *   prefix sum of the one counter document), + those of my own bucket with a smaller sortKey
 *   (one indexed count bounded by the bucket, not by the board).
 * Reads: my best, the counter document (in parallel), the bucket's count: 3, however many records.
 *
 * A score holds at most BUCKETS_PER_SCORE buckets (1 s wide for a 1-minute limit, 10 s for 10
 * minutes, whole seconds), so the document stays small (≤ 101 × 60 counters, usually a few
 * hundred) and my own bucket holds about 1/60 of my score's records.
 *
 * Counters move by atomic `_.inc` (they are written by every submit: never in a transaction),
 * tied to the person's own best record, the unit of idempotency: the write that changes the best
 * also records the move it owes (`rankMove`), and `settleRankMove` claims it by a conditional
 * update before incrementing, so a move is applied at most once; a move left by a crash is
 * applied by the person's next submit or leaderboard view.
 */
export const BUCKETS_PER_SCORE = 60;

export function bucketWidthMs(timeLimitMs: number): number {
  return Math.max(1000, Math.ceil(timeLimitMs / BUCKETS_PER_SCORE / 1000) * 1000);
}

export function bucketOf(score: number, durationMs: number, widthMs: number): RankBucket {
  return { score, bucket: Math.floor(durationMs / widthMs) };
}

export type Board = { scope: 'city' } | { scope: 'branch' | 'point'; unitId: string };

export function boardKey(quizId: string, board: Board): string {
  return board.scope === 'city' ? `${quizId}:city` : `${quizId}:${board.scope === 'branch' ? 'b' : 'p'}:${board.unitId}`;
}

/** The boards a best record counts on: the city's, and its branch's and point's when it has them. */
export function boardsOf(best: Pick<BestDoc, 'branchId' | 'pointId'>): Board[] {
  const boards: Board[] = [{ scope: 'city' }];
  if (best.branchId) boards.push({ scope: 'branch', unitId: best.branchId });
  if (best.pointId) boards.push({ scope: 'point', unitId: best.pointId });
  return boards;
}

export function newRankMove(from: RankBucket | null, to: RankBucket, widthMs: number, fromUnits?: RankMove['fromUnits']): RankMove {
  return { id: randomBytes(9).toString('base64url'), from, to, widthMs, ...(fromUnits ? { fromUnits } : {}) };
}

/** Field names are prefixed: numeric path segments could be taken for array positions. */
function counterPath(b: RankBucket): string {
  return `c.s${b.score}.b${b.bucket}`;
}

interface RankCountsDoc {
  _id: string;
  quizId: string;
  widthMs: number;
  c: Record<string, Record<string, number>>;
}

async function applyToBoard(db: Database, id: string, quizId: string, widthMs: number, deltas: Map<string, number>): Promise<void> {
  const _ = db.command;
  const data: Record<string, unknown> = {};
  for (const [path, n] of deltas) if (n !== 0) data[path] = _.inc(n);
  if (Object.keys(data).length === 0) return;
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await db.collection(RANK_COUNTS).where({ _id: id }).update({ data });
    if (res.stats.updated > 0) return;
    const c: RankCountsDoc['c'] = {};
    for (const [path, n] of deltas) {
      const [, s, b] = path.split('.');
      (c[s] ??= {})[b] = n;
    }
    try {
      await db.collection(RANK_COUNTS).add({ data: { _id: id, quizId, widthMs, c } });
      return;
    } catch (error) {
      // Another submit created the board's document first: increment it.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}

/**
 * Applies a best record's pending move once, whoever calls: +1 in the new bucket on the boards
 * of the record's units, −1 in the old bucket on the boards of the units it had (a transfer between
 * attempts moves the record to the new point's board). Writes: 1 claim + 1 per board touched.
 */
export async function settleRankMove(db: Database, best: Pick<BestDoc, '_id' | 'quizId' | 'branchId' | 'pointId'>, move: RankMove): Promise<boolean> {
  const _ = db.command;
  const claimed = await db
    .collection(BESTS)
    .where({ _id: best._id, 'rankMove.id': move.id })
    .update({ data: { rankMove: _.remove() } });
  if (claimed.stats.updated === 0) return false;
  const perBoard = new Map<string, Map<string, number>>();
  const add = (boards: Board[], bucket: RankBucket, n: number) => {
    for (const b of boards) {
      const key = boardKey(best.quizId, b);
      const deltas = perBoard.get(key) ?? new Map<string, number>();
      deltas.set(counterPath(bucket), (deltas.get(counterPath(bucket)) ?? 0) + n);
      perBoard.set(key, deltas);
    }
  };
  add(boardsOf(best), move.to, 1);
  if (move.from) add(boardsOf(move.fromUnits ?? best), move.from, -1);
  await Promise.all([...perBoard].map(([key, deltas]) => applyToBoard(db, key, best.quizId, move.widthMs, deltas)));
  return true;
}

/**
 * How many records of the board rank strictly better than `mine`, from the board's counter
 * document and one count of my bucket. `where` is the board's filter ({ quizId[, branchId |
 * pointId] }), served by the (quizId[, unit], sortKey) index.
 */
export async function countBetter(db: Database, counts: RankCountsDoc | null, where: Record<string, unknown>, mine: BestDoc): Promise<number> {
  const _ = db.command;
  const widthMs = counts?.widthMs ?? 1000;
  const own = bucketOf(mine.score, mine.durationMs, widthMs);
  let above = 0;
  for (const [score, buckets] of Object.entries(counts?.c ?? {})) {
    const s = Number(score.slice(1));
    if (s < own.score) continue;
    for (const [bucket, n] of Object.entries(buckets)) {
      if (s > own.score || Number(bucket.slice(1)) < own.bucket) above += Number(n) || 0;
    }
  }
  const lo = sortKeyOf(own.score, own.bucket * widthMs, new Date(0));
  const inBucket = await db
    .collection(BESTS)
    .where({ ...where, sortKey: _.and(_.gte(lo), _.lt(mine.sortKey)) })
    .count();
  return above + inBucket.total;
}

export type { RankCountsDoc };

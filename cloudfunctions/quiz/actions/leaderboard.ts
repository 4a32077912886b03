import type { LeaderboardItem, LeaderboardParams, LeaderboardResult } from '../../../typings/quiz';
import { params } from '../../_shared/contract';
import { invalidArgument } from '../../_shared/errors';
import { publicAction } from '../../_shared/handler';
import { findLearner } from '../../_shared/org';
import { id, integer, z } from '../../_shared/validate';
import { bestId, findById, loadQuiz } from '../common';
import { settledBest } from '../bests';
import { BESTS, RANK_COUNTS, type BestDoc } from '../model';
import { boardKey, countBetter, type Board, type RankCountsDoc } from '../ranks';

export const DEFAULT_BOARD_SIZE = 50;

const input = params<LeaderboardParams>()(
  z.object({
    quizId: id('竞答编号'),
    scope: z.enum(['city', 'branch', 'point'], { error: '排行范围应为全市、分校或教学点' }),
    unitId: id('单位编号').optional(),
    limit: integer('显示人数', 1, 100).optional(),
  }),
);

/**
 * Each person's best attempt, best first. Reads do not grow with the number of attempts: the top
 * N is one read along the (quizId[, branchId|pointId], sortKey) index; "my rank" is my best and the
 * board's rank counters (read in parallel with the top N) plus one count bounded by my duration
 * bucket (ranks.ts): 3 reads, the same at 1,000 or 1,000,000 records. Quizzes created before the
 * counters count the better records instead. Equal sortKeys share a rank.
 */
export const leaderboard = publicAction(input, async (input, ctx): Promise<LeaderboardResult> => {
  const { db, openid } = ctx;
  const limit = input.limit ?? DEFAULT_BOARD_SIZE;
  const [quiz, learner] = await Promise.all([
    loadQuiz(db, input.quizId),
    input.scope !== 'city' && !input.unitId && openid ? findLearner(db, openid) : Promise.resolve(null),
  ]);

  const where: Record<string, unknown> = { quizId: quiz._id };
  let unitId: string | undefined;
  if (input.scope !== 'city') {
    unitId = input.unitId ?? (input.scope === 'branch' ? learner?.branchId : learner?.pointId);
    if (!unitId) throw invalidArgument(input.scope === 'branch' ? '请选择要查看的分校' : '请选择要查看的教学点');
    where[input.scope === 'branch' ? 'branchId' : 'pointId'] = unitId;
  }

  const board: Board = input.scope === 'city' ? { scope: 'city' } : { scope: input.scope, unitId: unitId! };
  const readCounts = () => findById<RankCountsDoc>(db, RANK_COUNTS, boardKey(quiz._id, board));
  const [top, found, counted] = await Promise.all([
    db.collection<BestDoc>(BESTS).where(where).orderBy('sortKey', 'asc').limit(limit).get(),
    openid ? findById<BestDoc>(db, BESTS, bestId(quiz._id, openid)) : Promise.resolve(null),
    openid && quiz.rankCounts ? readCounts() : Promise.resolve(null),
  ]);
  // The caller's own record repairs a counter move an interrupted submit left (then re-read).
  const mine = await settledBest(db, found);
  const counts = found?.rankMove && quiz.rankCounts ? await readCounts() : counted;

  const items: LeaderboardItem[] = [];
  top.data.forEach((b, i) => {
    const prev = top.data[i - 1];
    const rank = prev && prev.sortKey === b.sortKey ? items[i - 1].rank : i + 1;
    items.push({
      rank,
      displayName: b.displayName,
      unitName: input.scope === 'city' ? [b.branchName, b.pointName].filter(Boolean).join(' · ') : b.pointName,
      score: b.score,
      durationMs: b.durationMs,
    });
  });

  let me: LeaderboardResult['me'] = null;
  const onBoard =
    mine && (input.scope === 'city' || (input.scope === 'branch' ? mine.branchId === unitId : mine.pointId === unitId));
  if (mine && onBoard) {
    const listed = top.data.findIndex((b) => b._id === mine._id);
    let rank: number;
    if (listed >= 0) rank = items[listed].rank;
    else if (quiz.rankCounts) rank = (await countBetter(db, counts, where, mine)) + 1;
    else {
      const better = await db
        .collection(BESTS)
        .where({ ...where, sortKey: db.command.lt(mine.sortKey) })
        .count();
      rank = better.total + 1;
    }
    me = { rank, score: mine.score, durationMs: mine.durationMs };
  }
  const result: LeaderboardResult = { items, me };
  if (unitId) result.unitId = unitId;
  return result;
});

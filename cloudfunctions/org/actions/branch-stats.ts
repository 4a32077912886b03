import type { BranchStatsItem, BranchStatsResult } from '../../../typings/org';
import { headOnly, staffAction } from '../../_shared/handler';
import { POINTS_COLLECTION } from '../../_shared/org';
import { BRANCHES_COLLECTION, type BranchDoc } from '../../_shared/reference';
import { z } from '../../_shared/validate';

/**
 * Head school only: every branch with its points and learners. Two reads: the branches, and one
 * aggregation over the points grouped by branch (the points, not the learners, are scanned:
 * each point carries its learnerCount).
 */
export const branchStats = staffAction({
  input: z.object({}),
  who: 'head_admin',
  denied: '城市统计只有总校管理员可以查看',
  scope: headOnly,
  run: async (_input, { db }): Promise<BranchStatsResult> => {
    const _ = db.command;
    const $ = _.aggregate;
    const [branches, grouped] = await Promise.all([
      db.collection<BranchDoc>(BRANCHES_COLLECTION).orderBy('order', 'asc').limit(100).get(),
      db
        .collection(POINTS_COLLECTION)
        .aggregate()
        .group({
          _id: '$branchId',
          active: $.sum($.cond({ if: '$active', then: 1, else: 0 })),
          total: $.sum(1),
          demo: $.sum($.cond({ if: { $and: ['$active', '$isDemo'] }, then: 1, else: 0 })),
          learners: $.sum('$learnerCount'),
        })
        .limit(1000)
        .end(),
    ]);
    const byBranch = new Map(grouped.list.map((g) => [String(g._id), g]));
    const totals = { pointCount: 0, inactivePointCount: 0, demoPointCount: 0, learnerCount: 0 };
    const items: BranchStatsItem[] = branches.data.map((b) => {
      const g = byBranch.get(b._id);
      const active = Number(g?.active ?? 0);
      const item: BranchStatsItem = {
        id: b._id,
        code: b.code,
        name: b.name,
        district: b.district,
        pointCount: active,
        inactivePointCount: Number(g?.total ?? 0) - active,
        demoPointCount: Number(g?.demo ?? 0),
        learnerCount: Number(g?.learners ?? 0),
      };
      totals.pointCount += item.pointCount;
      totals.inactivePointCount += item.inactivePointCount;
      totals.demoPointCount += item.demoPointCount;
      totals.learnerCount += item.learnerCount;
      return item;
    });
    return { items, totals };
  },
});

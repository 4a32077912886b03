import type { PointStatsParams, PointStatsResult } from '../../../typings/course';
import { params } from '../../_shared/contract';
import { notFound } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { findPoint, pointChain } from '../../_shared/org';
import { shanghaiYear } from '../../_shared/time';
import { id, integer, z } from '../../_shared/validate';
import { DEMO_POINT_COURSES_PER_YEAR, pointYearStats } from '../stats';

const input = params<PointStatsParams>()(z.object({ pointId: id('教学点'), year: integer('年份', 2020, 2100).optional() }));

/** Staff of the point or above: courses held and attendances of a year. Reads: roles + point, the year's courses. */
export const pointStats = staffAction({
  input,
  who: 'point_admin of the point, branch_admin of its branch, head_admin',
  denied: '只有本教学点或上级的工作人员可以查看统计',
  scopeFirst: true,
  scope: async (p, { db }) => {
    const point = await findPoint(db, p.pointId);
    if (!point) throw notFound('没有找到这个教学点，请返回重新选择');
    return { chain: pointChain(point), point };
  },
  run: async (p, { db, now, target: { point } }): Promise<PointStatsResult> => {
    const year = p.year ?? shanghaiYear(now);
    const stats = await pointYearStats(db, point._id, year, now);
    return { pointId: point._id, pointName: point.name, year, demoTarget: DEMO_POINT_COURSES_PER_YEAR, ...stats };
  },
});

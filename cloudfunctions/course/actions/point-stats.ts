import type { PointStatsParams, PointStatsResult } from '../../../typings/course';
import { params } from '../../_shared/contract';
import { staffAction } from '../../_shared/handler';
import { shanghaiYear } from '../../_shared/time';
import { id, integer, z } from '../../_shared/validate';
import { pointStaff } from '../access';
import { DEMO_POINT_COURSES_PER_YEAR, pointYearStats } from '../stats';

const input = params<PointStatsParams>()(z.object({ pointId: id('教学点'), year: integer('年份', 2020, 2100).optional() }));

/** Staff of the point or above: courses held and attendances of a year. Reads: roles + point, the year's courses. */
export const pointStats = staffAction({
  input,
  ...pointStaff('只有本教学点或上级的工作人员可以查看统计'),
  run: async (p, { db, now, target: { point } }): Promise<PointStatsResult> => {
    const year = p.year ?? shanghaiYear(now);
    const stats = await pointYearStats(db, point._id, year, now);
    return { pointId: point._id, pointName: point.name, year, demoTarget: DEMO_POINT_COURSES_PER_YEAR, ...stats };
  },
});

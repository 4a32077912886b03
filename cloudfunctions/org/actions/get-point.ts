import type { GetPointParams, PointDetail } from '../../../typings/org';
import { params } from '../../_shared/contract';
import { publicAction } from '../../_shared/handler';
import { loadPoint } from '../../_shared/org';
import { z } from '../../_shared/validate';
import { pointIdField } from '../schemas';
import { toPointDetail } from '../views';

/** Anyone: one read. A deactivated point is still shown (with `active: false`) so links keep working. */
export const getPoint = publicAction(params<GetPointParams>()(z.object({ pointId: pointIdField() })), async ({ pointId }, { db }): Promise<PointDetail> =>
  toPointDetail(await loadPoint(db, pointId)),
);

import type { ListBranchPointsParams, ListBranchPointsResult } from '../../../typings/org';
import { params } from '../../_shared/contract';
import { staffAction } from '../../_shared/handler';
import { POINTS_COLLECTION, type PointDoc } from '../../_shared/org';
import { pageWindow, toPage } from '../../_shared/paging';
import { pageParams, z } from '../../_shared/validate';
import { courseCounts } from '../counts';
import { branchIdField } from '../schemas';
import { BRANCH_STAFF_ONLY, loadBranch } from '../staff';
import { toBranchPointItem } from '../views';

const input = params<ListBranchPointsParams>()(
  z.object({
    branchId: branchIdField(),
    includeInactive: z.boolean({ error: '是否包含已停用教学点应为是或否' }).optional(),
    ...pageParams,
  }),
);

/** Head admin or the branch's admin: every point of the branch with learner and course counts. Reads: 4. */
export const listBranchPoints = staffAction({
  input,
  who: 'branch_admin of the branch, head_admin',
  denied: BRANCH_STAFF_ONLY,
  scope: async (p) => ({ chain: { branchId: p.branchId } }),
  run: async (p, { db }): Promise<ListBranchPointsResult> => {
    const branch = await loadBranch(db, p.branchId);
    const w = pageWindow(p);
    const where = p.includeInactive === false ? { branchId: branch._id, active: true } : { branchId: branch._id };
    const res = await db.collection<PointDoc>(POINTS_COLLECTION).where(where).orderBy('name', 'asc').orderBy('_id', 'asc').skip(w.skip).limit(w.fetch).get();
    const page = toPage(w, res.data);
    const counts = await courseCounts(
      db,
      page.items.map((pt) => pt._id),
    );
    return { items: page.items.map((pt) => toBranchPointItem(pt, counts.get(pt._id) ?? 0)), nextCursor: page.nextCursor };
  },
});

import type { ListBranchesResult } from '../../../typings/org';
import { publicAction } from '../../_shared/handler';
import { BRANCHES_COLLECTION, ensureReferenceData, REFERENCE_BRANCH_COUNT, type BranchDoc } from '../../_shared/reference';
import { z } from '../../_shared/validate';

export const listBranches = publicAction(z.object({}), async (_input, { db }): Promise<ListBranchesResult> => {
  const read = () => db.collection<BranchDoc>(BRANCHES_COLLECTION).orderBy('order', 'asc').limit(100).get();
  let res = await read();
  // A fresh environment has no branches yet: create the reference data once, then answer.
  if (res.data.length < REFERENCE_BRANCH_COUNT) {
    await ensureReferenceData(db);
    res = await read();
  }
  return {
    items: res.data.map((b) => ({ id: b._id, code: b.code, name: b.name, district: b.district, pointCount: b.pointCount })),
  };
});

import type { UnitLevel } from '../../typings/resource';
import type { UnitChain } from '../_shared/authz';
import type { Database } from '../_shared/cloud';
import { loadPoint, pointChain } from '../_shared/org';
import { HEAD_SCHOOL_NAME, loadBranchName } from '../_shared/reference';

export interface UploadUnit {
  chain: UnitChain;
  level: UnitLevel;
  branchId: string | null;
  pointId: string | null;
  name: string;
}

/** The unit a request names: a point (`pointId`), a branch (`branchId` only) or the head school (neither). */
export async function resolveUnit(db: Database, p: { pointId?: string; branchId?: string }): Promise<UploadUnit> {
  if (p.pointId) {
    const point = await loadPoint(db, p.pointId);
    return { chain: pointChain(point), level: 'point', branchId: point.branchId, pointId: point._id, name: point.name };
  }
  if (p.branchId) {
    const name = await loadBranchName(db, p.branchId);
    return { chain: { branchId: p.branchId }, level: 'branch', branchId: p.branchId, pointId: null, name };
  }
  return { chain: {}, level: 'head', branchId: null, pointId: null, name: HEAD_SCHOOL_NAME };
}

import type { UnitChain } from '../_shared/authz';
import type { Database } from '../_shared/cloud';
import { invalidArgument } from '../_shared/errors';
import { loadPoint, pointChain } from '../_shared/org';
import { loadBranch } from './staff';

export interface Unit {
  kind: 'branch' | 'point';
  id: string;
  name: string;
  chain: UnitChain;
  active: boolean;
}

/** A branch (`br_…`) or point (`pt_…`) by id: NOT_FOUND when missing. One read. */
export async function loadUnit(db: Database, unitId: string): Promise<Unit> {
  if (unitId.startsWith('br_')) {
    const b = await loadBranch(db, unitId);
    return { kind: 'branch', id: b._id, name: b.name, chain: { branchId: b._id }, active: true };
  }
  if (unitId.startsWith('pt_')) {
    const p = await loadPoint(db, unitId);
    return { kind: 'point', id: p._id, name: p.name, chain: pointChain(p), active: p.active };
  }
  throw invalidArgument('没有找到这个分校或教学点，请返回重新选择');
}

/** A staff action's scope over a unit: its staff or above may act on it (NOT_FOUND first when it is missing). */
export async function unitScope(db: Database, unitId: string): Promise<{ chain: UnitChain; denied: string; unit: Unit }> {
  const unit = await loadUnit(db, unitId);
  return { chain: unit.chain, denied: unit.kind === 'branch' ? '只有总校或本分校的管理员可以查看' : '只有本教学点、所属分校或总校的管理员可以查看', unit };
}

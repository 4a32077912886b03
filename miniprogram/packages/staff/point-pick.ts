/**
 * The teaching points a staff member may open in the school pages, from `me().roles`: a point
 * admin's own points, a branch admin's active points, a head admin's first hundred points.
 */
import { listBranchPoints, listPoints } from '../../services/org';
import type { MeRole } from '../../services/user';

export interface PointChoice {
  id: string;
  name: string;
  isDemo: boolean;
}

export async function pointsOf(roles: MeRole[]): Promise<PointChoice[]> {
  const out: PointChoice[] = [];
  const add = (p: PointChoice) => {
    if (!out.some((o) => o.id === p.id)) out.push(p);
  };
  for (const r of roles) {
    if (r.role === 'point_admin' && r.scopeId) add({ id: r.scopeId, name: r.scopeName || '本教学点', isDemo: false });
  }
  for (const r of roles) {
    if (r.role !== 'branch_admin' || !r.scopeId) continue;
    const { items } = await listBranchPoints({ branchId: r.scopeId, includeInactive: false, limit: 100 });
    for (const p of items) add({ id: p.id, name: p.name, isDemo: p.isDemo });
  }
  if (roles.some((r) => r.role === 'head_admin') && !out.length) {
    const { items } = await listPoints({ limit: 100 });
    for (const p of items) add({ id: p.id, name: p.name, isDemo: p.isDemo });
  }
  return out;
}

export const NO_POINT_MESSAGE = '只有教学点、分校或总校的管理员可以打开这里';

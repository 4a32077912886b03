import { listPoints } from '../../services/org';
import { me } from '../../services/user';

export interface PointChoice {
  id: string;
  name: string;
}

/**
 * The points a staff member manages: their own points, then the points of the branches they run
 * (first 100 of each branch). Head admins without such roles get none: they pick a point from
 * 「教学点管理」.
 */
export async function managedPoints(): Promise<PointChoice[]> {
  const { roles } = await me();
  const out: PointChoice[] = [];
  for (const r of roles) {
    if (r.role === 'point_admin' && r.scopeId) out.push({ id: r.scopeId, name: r.scopeName || r.scopeId });
  }
  for (const r of roles) {
    if (r.role === 'branch_admin' && r.scopeId) {
      const page = await listPoints({ branchId: r.scopeId, limit: 100 });
      for (const p of page.items) if (!out.some((x) => x.id === p.id)) out.push({ id: p.id, name: p.name });
    }
  }
  return out;
}

import { listBranches, listPoints } from '../../services/org';
import { me } from '../../services/user';

export interface GrantUnit {
  id: string;
  name: string;
}

/**
 * The units whose admins the caller may appoint: every branch for the head school (分校管理员),
 * the points of their branches for a branch admin (教学点负责人). Others: none.
 */
export async function grantableUnits(): Promise<GrantUnit[]> {
  const { roles } = await me();
  if (roles.some((r) => r.role === 'head_admin')) {
    const { items } = await listBranches();
    return items.map((b) => ({ id: b.id, name: b.name }));
  }
  const out: GrantUnit[] = [];
  for (const r of roles) {
    if (r.role !== 'branch_admin' || !r.scopeId) continue;
    const page = await listPoints({ branchId: r.scopeId, limit: 100 });
    for (const p of page.items) if (!out.some((x) => x.id === p.id)) out.push({ id: p.id, name: p.name });
  }
  return out;
}

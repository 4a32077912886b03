import type { ViewStatus } from '../../components/state-view/type';
import { listPoints } from '../../services/org';
import { messageOf } from '../../services/transport';
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
    if (r.role === 'point_admin' && r.scopeId) out.push({ id: r.scopeId, name: r.scopeName || '我的教学点' });
  }
  for (const r of roles) {
    if (r.role === 'branch_admin' && r.scopeId) {
      const page = await listPoints({ branchId: r.scopeId, limit: 100 });
      for (const p of page.items) if (!out.some((x) => x.id === p.id)) out.push({ id: p.id, name: p.name });
    }
  }
  return out;
}

interface PointPickerHost {
  setData(data: { points: PointChoice[]; pointNames: string[]; pointId: string } | { status: ViewStatus; errorText: string }): void;
}

/**
 * Fills a staff page's point picker (`points`, `pointNames`) with the caller's managed points and
 * chooses the first (`pointId`), which it answers. With none (or on failure) the page shows an
 * error instead, `noneText` saying where to go, and the answer is null.
 */
export async function pickManagedPoint(page: PointPickerHost, noneText: string): Promise<PointChoice | null> {
  try {
    const points = await managedPoints();
    if (!points.length) {
      page.setData({ status: 'error', errorText: noneText });
      return null;
    }
    page.setData({ points, pointNames: points.map((p) => p.name), pointId: points[0].id });
    return points[0];
  } catch (err) {
    page.setData({ status: 'error', errorText: messageOf(err) });
    return null;
  }
}

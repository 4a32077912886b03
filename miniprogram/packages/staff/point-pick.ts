/**
 * The teaching points a staff member may open in the school pages, from `me().roles`: a point
 * admin's own points, a branch admin's active points, a head admin's first hundred points.
 */
import { listBranchPoints, listPoints } from '../../services/org';
import { messageOf } from '../../services/transport';
import { me, type MeResult, type MeRole } from '../../services/user';

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

export interface PointPick {
  points: PointChoice[];
  pointNames: string[];
  pointIndex: number;
}

/** The data of a school page's point and year pickers: spread into the page's `data`. */
export function pointYearData(): PointPick & { years: number[]; yearIndex: number } {
  return { points: [], pointNames: [], pointIndex: 0, years: [], yearIndex: 0 };
}

/** The point and year the pickers show. */
export function chosen(data: { points: PointChoice[]; pointIndex: number; years: number[]; yearIndex: number }): { pointId: string; year: number } {
  return { pointId: data.points[data.pointIndex].id, year: data.years[data.yearIndex] };
}

interface PickHost {
  data: { points: PointChoice[] };
  setData(data: { status?: 'error'; errorText?: string; pointIndex?: number; yearIndex?: number; notice?: string }): void;
  load(): unknown;
  onLoad(query: Record<string, string | undefined>): unknown;
}

/**
 * The points a school page offers and the one its `?pointId=` opens (kept, first, when the caller's
 * list lacks it). With none, the page shows NO_POINT_MESSAGE and this answers null.
 */
async function pickPoints(page: { setData(data: { status: 'error'; errorText: string }): void }, roles: MeRole[], pointId: string | undefined): Promise<PointPick | null> {
  let points = await pointsOf(roles);
  if (pointId && !points.some((p) => p.id === pointId)) points = [{ id: pointId, name: '本教学点', isDemo: false }, ...points];
  if (!points.length) {
    page.setData({ status: 'error', errorText: NO_POINT_MESSAGE });
    return null;
  }
  return { points, pointNames: points.map((p) => p.name), pointIndex: Math.max(0, points.findIndex((p) => p.id === pointId)) };
}

interface OpenHost {
  setData(data: object): void;
  load(): unknown;
}

/**
 * Opens a school page on the caller's points (pickPoints, from `?pointId=`), with what `more` takes
 * from me() set alongside, then runs its `load()`; an error shows on the page.
 */
export async function openSchoolPage(page: OpenHost & Parameters<typeof pickPoints>[0], pointId: string | undefined, more?: (m: MeResult) => object): Promise<void> {
  try {
    const m = await me();
    const pick = await pickPoints(page, m.roles, pointId);
    if (!pick) return;
    page.setData({ ...(more ? more(m) : {}), ...pick });
    await page.load();
  } catch (error) {
    page.setData({ status: 'error', errorText: messageOf(error) });
  }
}

/**
 * The point and year pickers of a school page: `behaviors: [pointYearPick]` on a page whose data has
 * `points` (from pickPoints), `pointIndex`, `yearIndex`, `notice`, whose `load()` reads them and whose
 * `onLoad` fills them. Wire `onPoint`, `onYear` and the state view's `onRetry`.
 */
export const pointYearPick = Behavior({
  methods: {
    onRetry() {
      const host = this as unknown as PickHost;
      if (host.data.points.length) host.load();
      else host.onLoad({});
    },
    onPoint(e: WechatMiniprogram.PickerChange) {
      const host = this as unknown as PickHost;
      host.setData({ pointIndex: Number(e.detail.value), notice: '' });
      host.load();
    },
    onYear(e: WechatMiniprogram.PickerChange) {
      const host = this as unknown as PickHost;
      host.setData({ yearIndex: Number(e.detail.value), notice: '' });
      host.load();
    },
  },
});

import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { listBranches, listBranchPoints } from '../../../../services/org';
import { messageOf } from '../../../../services/transport';
import { officerStats } from '../../../../services/volunteer';
import { scopeDrill } from '../../scope-drill';
import { startOnScopes, type StaffScope } from '../../scopes';

const OFFICERS_PER_SCREEN = 20;
const MAX_POINT_PAGES = 5;

interface UnitRow {
  key: string;
  unitId: string;
  name: string;
  officers: number;
  opens: number;
}

interface OfficerRow {
  key: string;
  name: string;
  unit: string;
  opens: number;
  kinds: string;
}

/** Names of branches (all, public) and of the points of branches already opened. */
const names = new Map<string, string>();
const branchesWithPoints = new Set<string>();

async function loadBranchNames(): Promise<void> {
  if (Array.from(names.keys()).some((k) => k.indexOf('br_') === 0)) return;
  const { items } = await listBranches();
  for (const b of items) names.set(b.id, b.name);
}

async function loadPointNames(branchId: string): Promise<void> {
  if (branchesWithPoints.has(branchId)) return;
  let cursor: string | undefined;
  for (let i = 0; i < MAX_POINT_PAGES; i++) {
    const page = await listBranchPoints({ branchId, limit: 100, ...(cursor ? { cursor } : {}) });
    for (const p of page.items) names.set(p.id, p.name);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  branchesWithPoints.add(branchId);
}

function nameOf(id: string, fallback: string): string {
  return names.get(id) || fallback;
}

let allOfficers: OfficerRow[] = [];

// Staff: how many residents each 科普信息员 brought in (shared course/quiz/resource links opened),
// per branch (head admin), per teaching point (branch staff) and per officer.
Component({
  behaviors: [elderMode, scopeDrill],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    scopes: [] as StaffScope[],
    trail: [] as StaffScope[],
    scope: null as StaffScope | null,
    totals: '',
    unitTitle: '',
    units: [] as UnitRow[],
    officers: [] as OfficerRow[],
    officerCount: 0,
    hasMoreOfficers: false,
  },
  methods: {
    onLoad() {
      this.start();
    },

    start() {
      return startOnScopes(this, { extra: { trail: [] } });
    },

    async load() {
      const scope = this.data.scope;
      if (!scope) return this.start();
      this.setData({ status: 'loading', errorText: '' });
      try {
        const stats = await officerStats(scope.level === 'branch' ? { branchId: scope.unitId } : scope.level === 'point' ? { pointId: scope.unitId } : {});
        // Names are a nicety: the figures stand without them.
        await Promise.all([loadBranchNames(), scope.level === 'branch' ? loadPointNames(scope.unitId) : Promise.resolve()]).catch(() => undefined);
        if (scope.level === 'point') names.set(scope.unitId, scope.label);
        const opens = stats.officers.reduce((n, o) => n + o.opens, 0);
        const units: UnitRow[] =
          scope.level === 'city'
            ? stats.perBranch.map((b) => ({ key: b.branchId, unitId: b.branchId, name: nameOf(b.branchId, '未知分校'), officers: b.officers, opens: b.opens }))
            : scope.level === 'branch'
              ? stats.perPoint.map((p) => ({ key: p.pointId, unitId: p.pointId, name: nameOf(p.pointId, '教学点'), officers: p.officers, opens: p.opens }))
              : [];
        allOfficers = stats.officers.map((o) => ({
          key: o.officerId,
          name: o.name,
          unit: names.get(o.pointId) || nameOf(o.branchId, ''),
          opens: o.opens,
          kinds: `课程 ${o.opensByKind.course ?? 0} · 竞答 ${o.opensByKind.quiz ?? 0} · 科普资源 ${o.opensByKind.resource ?? 0}`,
        }));
        this.setData({
          status: stats.officers.length ? 'ready' : 'empty',
          totals: `${stats.officers.length} 位科普信息员，带来 ${opens} 次打开`,
          unitTitle: scope.level === 'city' ? '各分校' : '各教学点',
          units,
          officerCount: allOfficers.length,
          officers: allOfficers.slice(0, OFFICERS_PER_SCREEN),
          hasMoreOfficers: allOfficers.length > OFFICERS_PER_SCREEN,
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    onMoreOfficers() {
      const shown = this.data.officers.length + OFFICERS_PER_SCREEN;
      this.setData({ officers: allOfficers.slice(0, shown), hasMoreOfficers: allOfficers.length > shown });
    },
  },
});

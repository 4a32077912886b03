/**
 * Moving between the units of a staff statistics page: pick one of the caller's scopes (chips),
 * drill into a unit row of the report, and go back up. Use as `behaviors: [scopeDrill]` on a page
 * whose data has `scopes`, `trail`, `scope` and `units` (rows with `unitId` and `name`) and whose
 * `load()` reads `data.scope`. Wire the handlers `onScope` (data-key), `onDrill` (data-unit), `onUp`.
 */
import { unitScope, type StaffScope } from './scopes';

interface DrillHost {
  data: {
    scopes: StaffScope[];
    trail: StaffScope[];
    scope: StaffScope | null;
    units: { unitId?: string; name: string }[];
  };
  setData(data: { scope: StaffScope; trail: StaffScope[] }): void;
  load(): unknown;
}

interface PickHost {
  data: { scopes: StaffScope[] };
  setData(data: { scope: StaffScope }): void;
  load(): unknown;
}

/**
 * The scope chips alone, for a page that does not drill down: `behaviors: [scopePick]` on a page whose
 * data has `scopes` and `scope` and whose `load()` reads `data.scope`. Wire `onScope` (data-key).
 */
export const scopePick = Behavior({
  methods: {
    onScope(e: WechatMiniprogram.TouchEvent) {
      const host = this as unknown as PickHost;
      const scope = host.data.scopes.find((s) => s.key === String(e.currentTarget.dataset.key));
      if (!scope) return;
      host.setData({ scope });
      host.load();
    },
  },
});

export const scopeDrill = Behavior({
  methods: {
    onScope(e: WechatMiniprogram.TouchEvent) {
      const host = this as unknown as DrillHost;
      const scope = host.data.scopes.find((s) => s.key === (e.currentTarget.dataset.key as string));
      if (!scope) return;
      host.setData({ scope, trail: [] });
      host.load();
    },

    onDrill(e: WechatMiniprogram.TouchEvent) {
      const host = this as unknown as DrillHost;
      const row = host.data.units.find((u) => u.unitId === (e.currentTarget.dataset.unit as string));
      if (!row || !row.unitId || !host.data.scope) return;
      host.setData({ trail: host.data.trail.concat(host.data.scope), scope: unitScope(row.unitId, row.name) });
      host.load();
    },

    onUp() {
      const host = this as unknown as DrillHost;
      const trail = host.data.trail.slice();
      const back = trail.pop();
      if (!back) return;
      host.setData({ trail, scope: back });
      host.load();
    },
  },
});

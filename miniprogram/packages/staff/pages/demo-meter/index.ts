import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { demoMeter, type DemoMeterItem } from '../../../../services/school';
import { loadInto } from '../../../../utils/load-state';
import { recentYears } from '../../scopes';

interface MeterRow {
  pointId: string;
  pointName: string;
  held: number;
  behind: boolean;
  paceText: string;
}

function toRow(i: DemoMeterItem): MeterRow {
  const paceText =
    i.held >= i.required
      ? '已完成全年开课要求'
      : i.behind
        ? `落后于进度（按进度应开 ${i.expectedByNow} 次），今后每月需开 ${i.neededPerMonth} 次`
        : `进度正常，今后每月需开 ${i.neededPerMonth} 次`;
  return { pointId: i.pointId, pointName: i.pointName, held: i.held, behind: i.behind, paceText };
}

// Branch / head school: every demonstration point's courses held this year against the 24 required.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    years: [] as number[],
    yearIndex: 0,
    rows: [] as MeterRow[],
    behindCount: 0,
  },
  methods: {
    onLoad() {
      this.setData({ years: recentYears() });
      this.load();
    },
    async load() {
      await loadInto(this, () => demoMeter(this.data.years[this.data.yearIndex]), ({ items }) => {
        const rows = items.map(toRow).sort((a, b) => Number(b.behind) - Number(a.behind) || a.held - b.held);
        return { rows, behindCount: rows.filter((r) => r.behind).length, status: rows.length ? 'ready' : 'empty' };
      });
    },
    onYear(e: WechatMiniprogram.PickerChange) {
      this.setData({ yearIndex: Number(e.detail.value) });
      this.load();
    },
    onRetry() {
      this.load();
    },
  },
});

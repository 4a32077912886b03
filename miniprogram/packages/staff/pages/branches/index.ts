import { elderMode } from '../../../../behaviors/elder-mode';
import { loadInto } from '../../../../utils/load-state';
import type { ViewStatus } from '../../../../components/state-view/type';
import { branchStats, type BranchStatsItem, type BranchStatsResult } from '../../../../services/org';

// Head school: all 41 branches with their points and learners.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    items: [] as BranchStatsItem[],
    totals: null as BranchStatsResult['totals'] | null,
  },
  methods: {
    onLoad() {
      this.load();
    },

    load() {
      return loadInto(this, branchStats, (res) => ({ items: res.items, totals: res.totals, status: res.items.length ? 'ready' : 'empty' }));
    },

    onRetry() {
      this.load();
    },

    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/staff/pages/points/index?branchId=${e.currentTarget.dataset.id}` });
    },
  },
});

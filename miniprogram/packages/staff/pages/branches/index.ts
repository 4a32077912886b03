import { STORAGE_KEYS } from '../../../../config';
import type { ViewStatus } from '../../../../components/state-view/type';
import { branchStats, type BranchStatsItem, type BranchStatsResult } from '../../../../services/org';
import { messageOf } from '../../../../services/transport';

// Head school: all 41 branches with their points and learners.
Component({
  data: {
    elder: false,
    status: 'loading' as ViewStatus,
    errorText: '',
    items: [] as BranchStatsItem[],
    totals: null as BranchStatsResult['totals'] | null,
  },
  methods: {
    onLoad() {
      this.setData({ elder: wx.getStorageSync(STORAGE_KEYS.elderMode) === true });
      this.load();
    },

    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const res = await branchStats();
        this.setData({ items: res.items, totals: res.totals, status: res.items.length ? 'ready' : 'empty' });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/staff/pages/points/index?branchId=${e.currentTarget.dataset.id}` });
    },
  },
});

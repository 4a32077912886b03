import { STORAGE_KEYS } from '../../config';
import type { ViewStatus } from '../../components/state-view/type';
import { messageOf } from '../../services/transport';
import { listTeams, type TeamItem } from '../../services/volunteer';

// All volunteer teams (or one unit's, with ?unitId=), oldest first, with "load more".
Component({
  data: {
    elder: false,
    unitId: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    items: [] as TeamItem[],
    nextCursor: null as string | null,
    loadingMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ elder: wx.getStorageSync(STORAGE_KEYS.elderMode) === true, unitId: query.unitId || '' });
      this.load();
    },

    async load() {
      this.setData({ status: 'loading', errorText: '', items: [], nextCursor: null });
      try {
        const page = await listTeams(this.data.unitId ? { unitId: this.data.unitId } : {});
        this.setData({ items: page.items, nextCursor: page.nextCursor, status: page.items.length ? 'ready' : 'empty' });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    async onMore() {
      if (!this.data.nextCursor || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      try {
        const page = await listTeams({ unitId: this.data.unitId || undefined, cursor: this.data.nextCursor });
        this.setData({ items: this.data.items.concat(page.items), nextCursor: page.nextCursor, loadingMore: false });
      } catch (err) {
        this.setData({ loadingMore: false });
        wx.showToast({ title: messageOf(err), icon: 'none' });
      }
    },

    onRetry() {
      this.load();
    },

    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/team/index?teamId=${e.currentTarget.dataset.id}` });
    },
  },
});

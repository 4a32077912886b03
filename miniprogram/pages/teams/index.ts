import { elderMode } from '../../behaviors/elder-mode';
import { loadInto, loadMore } from '../../utils/load-state';
import type { ViewStatus } from '../../components/state-view/type';
import { listTeams, type TeamItem } from '../../services/volunteer';

// All volunteer teams (or one unit's, with ?unitId=), oldest first, with "load more".
Component({
  behaviors: [elderMode],
  data: {
    unitId: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    items: [] as TeamItem[],
    nextCursor: null as string | null,
    loadingMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ unitId: query.unitId || '' });
      this.load();
    },

    load() {
      return loadInto(
        this,
        () => listTeams(this.data.unitId ? { unitId: this.data.unitId } : {}),
        (page) => ({ items: page.items, nextCursor: page.nextCursor, status: page.items.length ? 'ready' : 'empty' }),
        { reset: { items: [], nextCursor: null } },
      );
    },

    onMore() {
      return loadMore(this, (cursor) => listTeams({ unitId: this.data.unitId || undefined, cursor }), (items) => items);
    },

    onRetry() {
      this.load();
    },

    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/team/index?teamId=${e.currentTarget.dataset.id}` });
    },
  },
});

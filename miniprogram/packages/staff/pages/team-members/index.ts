import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { messageOf } from '../../../../services/transport';
import { loadInto, loadMore } from '../../../../utils/load-state';
import { listMembers, reviewMember, type MemberItem } from '../../../../services/volunteer';
import { showError } from '../../../../utils/alert';

// Team leader / staff: applicants to approve or reject, and the current members.
Component({
  behaviors: [elderMode],
  data: {
    teamId: '',
    tab: 'pending' as 'pending' | 'member',
    status: 'loading' as ViewStatus,
    errorText: '',
    items: [] as MemberItem[],
    nextCursor: null as string | null,
    loadingMore: false,
    busy: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ teamId: query.teamId || '' });
      this.load();
    },

    load() {
      return loadInto(
        this,
        () => listMembers(this.data.teamId, this.data.tab),
        (page) => ({ items: page.items, nextCursor: page.nextCursor, status: page.items.length ? 'ready' : 'empty' }),
      );
    },

    onRetry() {
      this.load();
    },

    onMore() {
      return loadMore(this, (cursor) => listMembers(this.data.teamId, this.data.tab, cursor), (items) => items);
    },

    onTab(e: WechatMiniprogram.TouchEvent) {
      this.setData({ tab: e.currentTarget.dataset.tab });
      this.load();
    },

    async onReview(e: WechatMiniprogram.TouchEvent) {
      const openid = e.currentTarget.dataset.openid as string;
      const approve = e.currentTarget.dataset.approve === 'yes';
      if (this.data.busy) return;
      this.setData({ busy: openid });
      try {
        await reviewMember(this.data.teamId, openid, approve);
        wx.showToast({ title: approve ? '已同意入队' : this.data.tab === 'member' ? '已移出本队' : '已拒绝', icon: 'success' });
        await this.load();
      } catch (err) {
        showError(messageOf(err));
      }
      this.setData({ busy: '' });
    },

    onRemove(e: WechatMiniprogram.TouchEvent) {
      wx.showModal({
        title: '移出服务队',
        content: '确定把这位队员移出本队吗？已有服务记录会保留。',
        confirmText: '确定移出',
        success: (r) => {
          if (r.confirm) this.onReview(e);
        },
      });
    },
  },
});

import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { KIND_NAMES, reviewQueue, reviewResource, setPremium, STATUS_NAMES, type ResourceStatus, type StaffResourceItem } from '../../../../services/resource';
import { messageOf } from '../../../../services/transport';
import { me } from '../../../../services/user';
import { showError } from '../../../../utils/alert';
import { topicLabel } from '../../../../utils/topics';


interface Row extends StaffResourceItem {
  kindName: string;
  topicName: string;
}

const TABS: ResourceStatus[] = ['pending', 'published', 'blocked', 'returned'];

// Review queue of the caller's unit: publish or return uploads; the head school marks premium.
Component({
  behaviors: [elderMode],
  data: {
    tabs: TABS.map((s) => ({ code: s, name: STATUS_NAMES[s] })),
    tab: 'pending' as ResourceStatus,
    unit: {} as { branchId?: string; pointId?: string },
    isHead: false,
    canReview: false,
    status: 'loading' as ViewStatus,
    errorText: '',
    items: [] as Row[],
    busy: false,
  },
  methods: {
    async onLoad() {
      try {
        const { roles } = await me();
        const head = roles.some((r) => r.role === 'head_admin');
        const branch = roles.find((r) => r.role === 'branch_admin');
        const point = roles.find((r) => r.role === 'point_admin');
        const unit = head ? {} : branch ? { branchId: branch.scopeId } : point ? { pointId: point.scopeId } : {};
        this.setData({ unit, isHead: head, canReview: head || !!branch });
        await this.load();
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    async load() {
      this.setData({ status: 'loading' });
      try {
        const page = await reviewQueue(this.data.unit, this.data.tab);
        const items = page.items.map((i) => ({ ...i, kindName: KIND_NAMES[i.kind], topicName: topicLabel(i.topic) }));
        this.setData({ items, status: items.length ? 'ready' : 'empty' });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onTab(e: WechatMiniprogram.TouchEvent) {
      this.setData({ tab: e.currentTarget.dataset.code as ResourceStatus });
      this.load();
    },

    onRetry() {
      this.load();
    },

    async run(work: () => Promise<unknown>, done: string) {
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        await work();
        wx.showToast({ title: done, icon: 'none' });
        await this.load();
      } catch (err) {
        showError(messageOf(err));
      } finally {
        this.setData({ busy: false });
      }
    },

    onPublish(e: WechatMiniprogram.TouchEvent) {
      const resourceId = String(e.currentTarget.dataset.id);
      return this.run(() => reviewResource({ resourceId, decision: 'publish' }), '已发布');
    },

    onReturn(e: WechatMiniprogram.TouchEvent) {
      const resourceId = String(e.currentTarget.dataset.id);
      wx.showModal({
        title: '退回原因',
        editable: true,
        placeholderText: '请写明需要修改的地方',
        success: (res) => {
          if (!res.confirm) return;
          const reason = (res.content || '').trim();
          if (!reason) {
            showError('请填写退回原因', '请再看一下');
            return;
          }
          this.run(() => reviewResource({ resourceId, decision: 'return', reason }), '已退回');
        },
      });
    },

    onPremium(e: WechatMiniprogram.TouchEvent) {
      const resourceId = String(e.currentTarget.dataset.id);
      const premium = !e.currentTarget.dataset.premium;
      return this.run(() => setPremium(resourceId, premium), premium ? '已评为精品资源' : '已取消精品');
    },
  },
});

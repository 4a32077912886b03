import { elderMode } from '../../behaviors/elder-mode';
import { loadInto, loadMore } from '../../utils/load-state';
import type { ViewStatus } from '../../components/state-view/type';
import { listBranches, listPoints, type BranchItem, type PointItem } from '../../services/org';
import { messageOf } from '../../services/transport';
import { describe, distanceText, toListParams, type FinderQuery } from './query';

interface Row extends PointItem {
  district: string;
  /** District, and the distance when searching nearest first. */
  meta: string;
}

let seq = 0;

// The point finder: by district, by keyword, or nearest first from the phone's location.
Component({
  behaviors: [elderMode],
  data: {
    branches: [] as BranchItem[],
    branchLabels: ['全部区县'] as string[],
    branchIndex: 0,
    /** Branches that have teaching points, with their picker index. */
    districts: [] as Array<{ id: string; district: string; pointCount: number; index: number }>,
    keyword: '',
    query: { mode: 'all' } as FinderQuery,
    title: '全市的教学点',
    status: 'loading' as ViewStatus,
    errorText: '',
    items: [] as Row[],
    nextCursor: null as string | null,
    loadingMore: false,
    moreError: '',
    locationNote: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.loadBranches(query.branchId);
    },

    async loadBranches(branchId?: string) {
      try {
        const { items } = await listBranches();
        const index = branchId ? items.map((b) => b.id).indexOf(branchId) + 1 : 0;
        const districts = items.map((b, i) => ({ id: b.id, district: b.district, pointCount: b.pointCount, index: i + 1 })).filter((d) => d.pointCount > 0);
        this.setData({ branches: items, branchLabels: ['全部区县'].concat(items.map((b) => b.district)), branchIndex: index, districts });
        this.search({ mode: index > 0 ? 'branch' : 'all', branchId: index > 0 ? items[index - 1].id : undefined });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    branchName(branchId?: string): string {
      const b = this.data.branches.filter((x) => x.id === branchId)[0];
      return b ? b.district : '';
    },

    toRows(items: PointItem[]): Row[] {
      return items.map((p) => {
        const district = this.branchName(p.branchId);
        const distance = distanceText(p.distanceKm);
        return { ...p, district, meta: distance ? `${district} · 距您 ${distance}` : district };
      });
    },

    search(query: FinderQuery) {
      const mine = ++seq;
      return loadInto(
        this,
        () => listPoints(toListParams(query)),
        (page) => ({ items: this.toRows(page.items), nextCursor: page.nextCursor, status: page.items.length ? 'ready' : 'empty' }),
        { reset: { query, title: describe(query, this.branchName(query.branchId)), items: [], nextCursor: null, moreError: '' }, stale: () => mine !== seq },
      );
    },

    onMore() {
      const mine = seq;
      return loadMore(this, (cursor) => listPoints(toListParams(this.data.query, cursor)), (items) => this.toRows(items), { inlineError: true, stale: () => mine !== seq });
    },

    onRetry() {
      if (!this.data.branches.length) this.loadBranches();
      else this.search(this.data.query);
    },

    currentBranchId(): string | undefined {
      const i = this.data.branchIndex;
      return i > 0 ? this.data.branches[i - 1].id : undefined;
    },

    onBranch(e: WechatMiniprogram.PickerChange) {
      this.setData({ branchIndex: Number(e.detail.value) || 0 });
      const branchId = this.currentBranchId();
      const q = this.data.query;
      this.search({ ...q, mode: q.mode === 'all' || q.mode === 'branch' ? (branchId ? 'branch' : 'all') : q.mode, branchId });
    },

    onDistrict(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index) || 0;
      this.setData({ branchIndex: index });
      const branchId = this.currentBranchId();
      this.search({ mode: branchId ? 'branch' : 'all', branchId });
      if (typeof wx.pageScrollTo === 'function') wx.pageScrollTo({ scrollTop: 0, duration: 200 });
    },

    onKeywordInput(e: WechatMiniprogram.Input) {
      this.setData({ keyword: e.detail.value });
    },

    onSearch() {
      const keyword = this.data.keyword.trim();
      const branchId = this.currentBranchId();
      this.search(keyword ? { mode: 'keyword', keyword, branchId } : { mode: branchId ? 'branch' : 'all', branchId });
    },

    onNearest() {
      this.setData({ locationNote: '' });
      wx.getLocation({
        type: 'gcj02',
        success: (res) => {
          this.search({ mode: 'near', near: { latitude: res.latitude, longitude: res.longitude }, branchId: this.currentBranchId() });
        },
        fail: () => {
          this.setData({ locationNote: '没有获取到您的位置。您可以点「去设置」允许使用位置，或按区县、名称查找。' });
        },
      });
    },

    onOpenSetting() {
      wx.openSetting({});
    },

    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string | undefined;
      if (id) wx.navigateTo({ url: `/pages/point/index?id=${id}` });
    },
  },
});

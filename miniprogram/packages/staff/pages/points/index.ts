import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { listBranches, listBranchPoints, type BranchPointItem } from '../../../../services/org';
import { messageOf } from '../../../../services/transport';
import { me } from '../../../../services/user';

interface BranchChoice {
  id: string;
  name: string;
}

// Points of a branch with learner and course counts: create, open to edit; head admins pick the branch.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    isHead: false,
    choices: [] as BranchChoice[],
    choiceLabels: [] as string[],
    choiceIndex: 0,
    branchId: '',
    items: [] as BranchPointItem[],
    nextCursor: null as string | null,
    listStatus: 'loading' as ViewStatus,
    listError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ branchId: query.branchId || '' });
    },

    onShow() {
      this.load();
    },

    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const mine = await me();
        const isHead = mine.roles.some((r) => r.role === 'head_admin');
        let choices: BranchChoice[] = mine.roles
          .filter((r) => r.role === 'branch_admin' && r.scopeId)
          .map((r) => ({ id: r.scopeId as string, name: r.scopeName || (r.scopeId as string) }));
        if (isHead) choices = (await listBranches()).items.map((b) => ({ id: b.id, name: b.name }));
        if (!choices.length) {
          this.setData({ status: 'error', errorText: '只有总校或分校的管理员可以管理教学点' });
          return;
        }
        const wanted = choices.map((c) => c.id).indexOf(this.data.branchId);
        const choiceIndex = wanted >= 0 ? wanted : 0;
        this.setData({ status: 'ready', isHead, choices, choiceLabels: choices.map((c) => c.name), choiceIndex, branchId: choices[choiceIndex].id });
        this.loadPoints();
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    async loadPoints(cursor?: string) {
      if (!cursor) this.setData({ listStatus: 'loading', listError: '', items: [], nextCursor: null });
      try {
        const page = await listBranchPoints({ branchId: this.data.branchId, limit: 50, ...(cursor ? { cursor } : {}) });
        const items = cursor ? this.data.items.concat(page.items) : page.items;
        this.setData({ items, nextCursor: page.nextCursor, listStatus: items.length ? 'ready' : 'empty' });
      } catch (err) {
        this.setData({ listStatus: 'error', listError: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    onListRetry() {
      this.loadPoints();
    },

    onMore() {
      if (this.data.nextCursor) this.loadPoints(this.data.nextCursor);
    },

    onBranch(e: WechatMiniprogram.PickerChange) {
      const i = Number(e.detail.value) || 0;
      this.setData({ choiceIndex: i, branchId: this.data.choices[i].id });
      this.loadPoints();
    },

    onGo(e: WechatMiniprogram.TouchEvent) {
      const url = e.currentTarget.dataset.url as string | undefined;
      if (url) wx.navigateTo({ url });
    },
  },
});

import { STORAGE_KEYS, setDevOpenid, setDevTransport } from '../../config';
import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { listBranches, type BranchItem } from '../../services/org';
import { messageOf } from '../../services/transport';
import { me } from '../../services/user';
import { devPanelState } from './dev-panel';
import { STAFF_CONSOLE_URL, availableEntries } from './entries';

function greeting(hour: number): string {
  if (hour < 5) return '您好';
  if (hour < 11) return '早上好';
  if (hour < 13) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}

let loadSeq = 0;

// Built with Component() (a page may be): miniprogram-simulate can then render it in tests.
Component({
  behaviors: [elderMode],
  data: {
    greeting: '您好',
    entries: availableEntries(),
    staffUrl: STAFF_CONSOLE_URL,
    branchStatus: 'loading' as ViewStatus,
    branches: [] as BranchItem[],
    errorText: '',
    dev: devPanelState(),
    /** The caller's enrollment: 'loading' | 'none' | 'enrolled'. */
    myStatus: 'loading',
    myPoint: { id: '', name: '', active: true },
  },
  methods: {
    onShow() {
      this.loadMe();
      // Back from signing up or cancelling: the next courses may have changed (the component
      // loads itself the first time it appears).
      if (this.data.myStatus !== 'enrolled') return;
      const next = this.selectComponent('#next-courses') as unknown as { reload?: () => void } | null;
      if (next && next.reload) next.reload();
    },

    /** My point, or the way to enroll. A failure (e.g. offline) shows the enroll entry. */
    async loadMe() {
      try {
        const { learner } = await me();
        this.setData(
          learner
            ? { myStatus: 'enrolled', myPoint: { id: learner.pointId, name: learner.pointName, active: learner.pointActive } }
            : { myStatus: 'none' },
        );
      } catch {
        this.setData({ myStatus: 'none' });
      }
    },

    onLoad() {
      this.setData({
        greeting: greeting(new Date().getHours()),
        dev: devPanelState(),
      });
      this.loadBranches();
    },

    async loadBranches() {
      const seq = ++loadSeq;
      this.setData({ branchStatus: 'loading', errorText: '' });
      try {
        const { items } = await listBranches();
        if (seq !== loadSeq) return;
        this.setData({ branches: items, branchStatus: items.length ? 'ready' : 'empty' });
      } catch (err) {
        if (seq !== loadSeq) return;
        this.setData({ branchStatus: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.loadBranches();
    },

    onToggleElder() {
      const elder = !this.data.elder;
      wx.setStorageSync(STORAGE_KEYS.elderMode, elder);
      this.setData({ elder });
      wx.showToast({ title: elder ? '已开启长辈模式' : '已关闭长辈模式', icon: 'none' });
    },

    onOpen(e: WechatMiniprogram.TouchEvent) {
      const url = e.currentTarget.dataset.url as string | undefined;
      if (url) wx.navigateTo({ url });
    },

    onDevTransport(e: WechatMiniprogram.TouchEvent) {
      setDevTransport(e.currentTarget.dataset.kind === 'cloud' ? 'cloud' : 'local');
      this.setData({ dev: devPanelState() });
      this.loadBranches();
      this.loadMe();
    },

    onDevOpenid(e: WechatMiniprogram.TouchEvent) {
      setDevOpenid(String(e.currentTarget.dataset.openid ?? ''));
      this.setData({ dev: devPanelState() });
      this.loadBranches();
      this.loadMe();
    },
  },
});

import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { messageOf } from '../../../../services/transport';
import { loadInto, loadMore } from '../../../../utils/load-state';
import { listClaims, reviewHours, shortTime, STATUS_TEXT, type ClaimItem, type RecordStatus } from '../../../../services/volunteer';
import { showError } from '../../../../utils/alert';

export interface ClaimView {
  recordId: string;
  name: string;
  title: string;
  when: string;
  hours: string;
  note: string;
  onsite: string;
  statusText: string;
  reason: string;
}

function claimView(c: ClaimItem): ClaimView {
  return {
    recordId: c.recordId,
    name: c.realName,
    title: c.activityTitle,
    when: shortTime(c.startsAt),
    hours: `${c.hours}小时`,
    note: c.note || '',
    onsite: c.signInAt ? `现场签到 ${shortTime(c.signInAt)}${c.signOutAt ? `，签退 ${shortTime(c.signOutAt)}` : '，未签退'}` : '',
    statusText: STATUS_TEXT[c.status],
    reason: c.reason || '',
  };
}

// Team leader / staff: hours claims to approve, or to reject with a reason (kept in the record's history).
Component({
  behaviors: [elderMode],
  data: {
    teamId: '',
    tab: 'pending' as RecordStatus,
    status: 'loading' as ViewStatus,
    errorText: '',
    items: [] as ClaimView[],
    nextCursor: null as string | null,
    loadingMore: false,
    rejecting: '',
    reason: '',
    reasonError: '',
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ teamId: query.teamId || '' });
      this.load();
    },

    load() {
      return loadInto(
        this,
        () => listClaims(this.data.teamId, this.data.tab),
        (page) => ({ items: page.items.map(claimView), nextCursor: page.nextCursor, status: page.items.length ? 'ready' : 'empty' }),
        { reset: { rejecting: '' } },
      );
    },

    onRetry() {
      this.load();
    },

    onMore() {
      return loadMore(this, (cursor) => listClaims(this.data.teamId, this.data.tab, cursor), (items) => items.map(claimView));
    },

    onTab(e: WechatMiniprogram.TouchEvent) {
      this.setData({ tab: e.currentTarget.dataset.tab });
      this.load();
    },

    async decide(recordId: string, approve: boolean, reason?: string) {
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        await reviewHours(recordId, approve, reason);
        wx.showToast({ title: approve ? '已通过' : '已退回', icon: 'success' });
        await this.load();
      } catch (err) {
        showError(messageOf(err));
      }
      this.setData({ busy: false });
    },

    onApprove(e: WechatMiniprogram.TouchEvent) {
      this.decide(e.currentTarget.dataset.id as string, true);
    },

    onStartReject(e: WechatMiniprogram.TouchEvent) {
      this.setData({ rejecting: e.currentTarget.dataset.id as string, reason: '', reasonError: '' });
    },

    onReason(e: WechatMiniprogram.Input) {
      this.setData({ reason: e.detail.value, reasonError: '' });
    },

    onConfirmReject() {
      const reason = this.data.reason.trim();
      if (reason.length < 2) {
        this.setData({ reasonError: '请写明不通过的原因，志愿者会看到' });
        return;
      }
      this.decide(this.data.rejecting, false, reason);
    },

    onCancelReject() {
      this.setData({ rejecting: '' });
    },
  },
});

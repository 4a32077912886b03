import { elderMode } from '../../behaviors/elder-mode';
import { loadInto, loadMore } from '../../utils/load-state';
import type { ViewStatus } from '../../components/state-view/type';
import { listActivities, parseSigninQr, shortTime, type ActivityItem } from '../../services/volunteer';
import { showError } from '../../utils/alert';

export interface ActivityView {
  id: string;
  title: string;
  teamName: string;
  when: string;
  location: string;
  seats: string;
  full: boolean;
  keyDay: string;
  cancelled: boolean;
}

export function activityView(a: ActivityItem): ActivityView {
  return {
    id: a.id,
    title: a.title,
    teamName: a.teamName,
    when: `${shortTime(a.startsAt)} — ${shortTime(a.endsAt).split(' ')[1]}`,
    location: a.location,
    seats: `已报名 ${a.signedCount}/${a.slots} 人 · 计划 ${a.hours} 小时`,
    full: a.signedCount >= a.slots,
    keyDay: a.keyDay || '',
    cancelled: a.status === 'cancelled',
  };
}

// Upcoming volunteer activities (from today), earliest first; scanning a leader's code opens the activity.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    items: [] as ActivityView[],
    nextCursor: null as string | null,
    loadingMore: false,
  },
  methods: {
    onLoad() {
      this.load();
    },

    load() {
      return loadInto(this, listActivities, (page) => ({
        items: page.items.map(activityView),
        nextCursor: page.nextCursor,
        status: page.items.length ? 'ready' : 'empty',
      }));
    },

    onMore() {
      return loadMore(this, (cursor) => listActivities({ cursor }), (items) => items.map(activityView));
    },

    onRetry() {
      this.load();
    },

    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/activity/index?activityId=${e.currentTarget.dataset.id}` });
    },

    /** Scan the leader's sign-in QR: opens that activity with the code filled in. */
    onScan() {
      wx.scanCode({
        onlyFromCamera: true,
        scanType: ['qrCode'],
        success: (res) => {
          const parsed = parseSigninQr(res.result);
          if (!parsed) {
            showError('这不是志愿活动签到码', '请再看一下');
            return;
          }
          wx.navigateTo({ url: `/pages/activity/index?activityId=${parsed.activityId}&code=${parsed.code}` });
        },
      });
    },
  },
});

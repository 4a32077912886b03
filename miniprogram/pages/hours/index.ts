import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { messageOf, ServiceError } from '../../services/transport';
import { myHours, myProfile, myRecords, shortTime, STATUS_TEXT, type HourRecordItem } from '../../services/volunteer';
import { showError } from '../../utils/alert';

export interface RecordView {
  recordId: string;
  title: string;
  teamName: string;
  when: string;
  hoursText: string;
  status: string;
  statusText: string;
  sourceText: string;
  reason: string;
}

export function recordView(r: HourRecordItem): RecordView {
  return {
    recordId: r.recordId,
    title: r.activityTitle,
    teamName: r.teamName,
    when: shortTime(r.startsAt),
    hoursText: `${r.hours}小时`,
    status: r.status,
    statusText: STATUS_TEXT[r.status],
    sourceText: r.source === 'onsite' ? '现场签到' : '事后登记',
    reason: r.reason || '',
  };
}

/** Only the stars earned: five empty stars told a new volunteer how far they were from anything. */
export function starText(star: number): string {
  return '★'.repeat(star);
}

const STAR_NAMES = ['', '一', '二', '三', '四', '五'];

/** What has been done first, then the next milestone as a total to reach (not a shortfall). */
export function progressText(star: number, approvedHours: number, nextStarAt: number | null): string {
  if (nextStarAt === null) return '已达到最高星级，感谢您的长期奉献！';
  const done = approvedHours > 0 ? `您已服务 ${approvedHours} 小时，谢谢您！` : '参加第一次志愿活动，就开始积累服务时长。';
  return `${done}累计满 ${nextStarAt} 小时可评为${STAR_NAMES[star + 1] || star + 1}星志愿者。`;
}

const ACTION_TEXT: Record<string, string> = { claim: '登记', reclaim: '修改登记', onsite: '现场签退', approve: '审核通过', reject: '审核不通过' };

// "My volunteer service": totals, star level, records and their change history, and the way on.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    registered: true,
    realName: '',
    approvedHours: 0,
    pendingHours: 0,
    star: 0,
    starText: starText(0),
    nextText: '',
    records: [] as RecordView[],
    teams: [] as { teamId: string; teamName: string; statusText: string }[],
    history: {} as Record<string, string[]>,
    historyOpen: '',
  },
  methods: {
    onLoad() {
    },

    onShow() {
      this.load();
    },

    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const profile = await myProfile();
        if (!profile.volunteer) {
          this.setData({ registered: false, status: 'ready' });
          return;
        }
        const h = await myHours();
        this.setData({
          registered: true,
          realName: profile.volunteer.realName,
          approvedHours: h.approvedHours,
          pendingHours: h.pendingHours,
          star: h.star,
          starText: starText(h.star),
          nextText: progressText(h.star, h.approvedHours, h.nextStarAt),
          records: h.records.map(recordView),
          teams: profile.memberships.map((m) => ({
            teamId: m.teamId,
            teamName: m.teamName,
            statusText: m.isLeader ? '队长' : m.status === 'member' ? '队员' : m.status === 'pending' ? '等待队长同意' : '未通过',
          })),
          status: 'ready',
        });
      } catch (err) {
        if (err instanceof ServiceError && err.code === 'UNAUTHENTICATED') {
          this.setData({ status: 'error', errorText: err.message });
          return;
        }
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    /** Shows who changed a record and when (loaded once, on first request). */
    async onHistory(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string;
      if (this.data.historyOpen === id) {
        this.setData({ historyOpen: '' });
        return;
      }
      if (!this.data.history[id]) {
        try {
          const history: Record<string, string[]> = {};
          let cursor: string | undefined;
          do {
            const page = await myRecords(cursor);
            for (const r of page.items) {
              history[r.recordId] = r.changes.map(
                (c) => `${shortTime(c.at)} ${c.by}${ACTION_TEXT[c.action] || c.action}：${c.before ? `${c.before.hours}小时${STATUS_TEXT[c.before.status]} → ` : ''}${c.after.hours}小时${STATUS_TEXT[c.after.status]}${c.reason ? `（原因：${c.reason}）` : ''}`,
              );
            }
            cursor = page.nextCursor || undefined;
          } while (cursor && !history[id]);
          this.setData({ history: { ...this.data.history, ...history } });
        } catch (err) {
          showError(messageOf(err));
          return;
        }
      }
      this.setData({ historyOpen: id });
    },

    onGo(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: e.currentTarget.dataset.url as string });
    },
  },
});

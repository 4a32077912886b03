import { elderMode } from '../../behaviors/elder-mode';
import { loadInto } from '../../utils/load-state';
import type { ViewStatus } from '../../components/state-view/type';
import { isRegistered } from '../../routes';
import { messageOf, ServiceError } from '../../services/transport';
import { getTeam, joinTeam, leaveTeam, listActivities, shortTime, type GetTeamResult } from '../../services/volunteer';
import { showError } from '../../utils/alert';

const STATUS_TEXT: Record<string, string> = { pending: '已申请，等待队长同意', member: '您是本队队员', rejected: '上次申请未通过，可以重新申请', left: '您已退出本队，可以重新申请' };

const MANAGE_LINKS = [
  { key: 'members', title: '审核队员', url: '/packages/staff/pages/team-members/index' },
  { key: 'activities', title: '发布和管理活动', url: '/packages/staff/pages/team-activities/index' },
  { key: 'review', title: '审核服务时长', url: '/packages/staff/pages/hours-review/index' },
  { key: 'report', title: '统计与导出', url: '/packages/staff/pages/team-report/index' },
];

// One team: join/leave, its upcoming activities, and (for its leader and staff) the management tools.
Component({
  behaviors: [elderMode],
  data: {
    teamId: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    team: null as GetTeamResult | null,
    statusText: '',
    activities: [] as { id: string; title: string; when: string; seats: string }[],
    links: [] as { key: string; title: string; url: string }[],
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ teamId: query.teamId || '' });
      this.load();
    },

    async load() {
      if (!this.data.teamId) {
        this.setData({ status: 'error', errorText: '没有指定服务队，请返回重新选择' });
        return;
      }
      await loadInto(
        this,
        () => Promise.all([getTeam(this.data.teamId), listActivities({ teamId: this.data.teamId })]),
        ([team, acts]) => ({
          team,
          statusText: team.myStatus ? STATUS_TEXT[team.myStatus] : '',
          activities: acts.items.map((a) => ({ id: a.id, title: a.title, when: shortTime(a.startsAt), seats: `已报名 ${a.signedCount}/${a.slots}` })),
          links: team.canManage ? MANAGE_LINKS.filter((l) => isRegistered(l.url)).map((l) => ({ ...l, url: `${l.url}?teamId=${team.id}` })) : [],
          status: 'ready',
        }),
      );
    },

    onRetry() {
      this.load();
    },

    async onJoin() {
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        const { status } = await joinTeam(this.data.teamId);
        wx.showToast({ title: status === 'member' ? '您已是队员' : '申请已提交', icon: 'success' });
        await this.load();
      } catch (err) {
        if (err instanceof ServiceError && err.code === 'PERMISSION_DENIED') {
          wx.showModal({
            title: '请先登记',
            content: err.message,
            confirmText: '去登记',
            success: (r) => {
              if (r.confirm) wx.navigateTo({ url: '/pages/volunteer-register/index' });
            },
          });
        } else {
          showError(messageOf(err));
        }
      }
      this.setData({ busy: false });
    },

    onLeave() {
      wx.showModal({
        title: '退出服务队',
        content: '退出后不能再报名本队活动，已有的服务记录会保留。确定退出吗？',
        confirmText: '确定退出',
        success: async (r) => {
          if (!r.confirm) return;
          try {
            await leaveTeam(this.data.teamId);
            await this.load();
          } catch (err) {
            showError(messageOf(err));
          }
        },
      });
    },

    onGo(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: e.currentTarget.dataset.url as string });
    },
  },
});

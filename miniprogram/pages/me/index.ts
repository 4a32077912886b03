import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { myTitle } from '../../services/quiz';
import { messageOf } from '../../services/transport';
import { genderLabel, me, occupationLabel, staffCode, withdraw, type MeResult, type Role } from '../../services/user';
import { titleView, type TitleView } from './title';
import { go, selectTab } from '../../utils/nav';
import { showError } from '../../utils/alert';

const ROLE_LABELS: Record<Role, string> = {
  head_admin: '总校管理员',
  branch_admin: '分校管理员',
  point_admin: '教学点负责人',
  team_leader: '志愿服务队队长',
};

interface RoleLine {
  key: string;
  text: string;
  /** Staff page to manage this unit, when there is one. */
  url: string;
}

function roleLines(roles: MeResult['roles']): RoleLine[] {
  return roles.map((r, i) => ({
    key: `${r.role}-${r.scopeId || ''}-${i}`,
    // The unit by name only: an id (br_…, pt_…) means nothing to the person reading it.
    text: ROLE_LABELS[r.role] + (r.scopeName ? `（${r.scopeName}）` : ''),
    url: r.role === 'point_admin' && r.scopeId ? `/packages/staff/pages/point-edit/index?id=${r.scopeId}` : '',
  }));
}

// 我的: the enrollment (view, edit, transfer, withdraw), staff roles and volunteer record.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    openid: '',
    learner: null as (NonNullable<MeResult['learner']> & { genderText: string; occupationText: string }) | null,
    volunteer: null as MeResult['volunteer'],
    roles: [] as RoleLine[],
    withdrawing: false,
    /** 科学达人 (learners only): loading | ready | error. */
    titleStatus: 'loading' as 'loading' | 'ready' | 'error',
    titleError: '',
    title: null as TitleView | null,
    /** 身份码 for a staff member granting a role: 6 digits and the Beijing time it lapses. */
    staffCode: '',
    staffCodeUntil: '',
    staffCodeBusy: false,
  },
  methods: {
    onLoad() {
    },

    onShow() {
      selectTab(this as unknown as { getTabBar?: () => unknown }, '/pages/me/index');
      this.load();
    },

    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const res = await me();
        this.setData({
          status: 'ready',
          openid: res.openid,
          learner: res.learner ? { ...res.learner, genderText: genderLabel(res.learner.gender), occupationText: occupationLabel(res.learner.occupation) } : null,
          volunteer: res.volunteer,
          roles: roleLines(res.roles),
        });
        if (res.learner) this.loadTitle();
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    async loadTitle() {
      this.setData({ titleStatus: 'loading', titleError: '' });
      try {
        const t = await myTitle();
        this.setData({ titleStatus: 'ready', title: titleView(t) });
      } catch (err) {
        this.setData({ titleStatus: 'error', titleError: messageOf(err) });
      }
    },

    onTitleRetry() {
      this.loadTitle();
    },

    onGo(e: WechatMiniprogram.TouchEvent) {
      const url = e.currentTarget.dataset.url as string | undefined;
      if (url) go(url);
    },

    onEdit() {
      const l = this.data.learner;
      if (l) wx.navigateTo({ url: `/pages/enroll/index?pointId=${l.pointId}` });
    },

    /** A short code standing for the caller, so the admin never needs (or sees) the OPENID. */
    async onStaffCode() {
      if (this.data.staffCodeBusy) return;
      this.setData({ staffCodeBusy: true });
      try {
        const res = await staffCode();
        this.setData({ staffCode: res.code, staffCodeUntil: res.expiresAt.slice(11, 16) });
      } catch (err) {
        showError(messageOf(err));
      } finally {
        this.setData({ staffCodeBusy: false });
      }
    },

    onCopyStaffCode() {
      if (this.data.staffCode) wx.setClipboardData({ data: this.data.staffCode });
    },

    onWithdraw() {
      wx.showModal({
        title: '注销学籍',
        content: '注销后，您的姓名、手机号等报名信息和科普信息员登记将被删除，尚未开始的课程报名和候补会自动取消，且不能恢复。志愿者信息需在志愿者登记页另行注销。以后可以重新报名。确定要注销吗？',
        confirmText: '确定注销',
        cancelText: '再想想',
        success: (res) => {
          if (res.confirm) this.doWithdraw();
        },
      });
    },

    async doWithdraw() {
      this.setData({ withdrawing: true });
      try {
        await withdraw();
        wx.showToast({ title: '已注销学籍', icon: 'none' });
        this.setData({ withdrawing: false });
        this.load();
      } catch (err) {
        this.setData({ withdrawing: false });
        showError(messageOf(err));
      }
    },
  },
});

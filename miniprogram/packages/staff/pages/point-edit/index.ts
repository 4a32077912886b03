import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { createPoint, deactivatePoint, getPoint, LEADER_TITLES, reactivatePoint, updatePoint, type LatLng, type LeaderTitle } from '../../../../services/org';
import { messageOf } from '../../../../services/transport';

interface PointForm {
  name: string;
  address: string;
  leaderName: string;
  leaderTitle: LeaderTitle | '';
  location: LatLng | null;
}

function formErrors(f: PointForm): string {
  if (f.name.trim().length < 2) return '教学点名称至少2个字';
  if (f.address.trim().length < 4) return '教学点地址至少4个字，请写到门牌号';
  if (f.leaderName.trim().length < 2) return '负责人姓名至少2个字';
  if (!f.leaderTitle) return '请选择负责人职务';
  return '';
}

// Create or edit a teaching point; deactivate (with a reason) or reactivate it; appoint its admins.
Component({
  behaviors: [elderMode],
  data: {
    id: '',
    branchId: '',
    branchName: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    form: { name: '', address: '', leaderName: '', leaderTitle: '', location: null } as PointForm,
    titles: LEADER_TITLES,
    active: true,
    isDemo: false,
    reason: '',
    alert: '',
    saving: false,
    savedText: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id || '', branchId: query.branchId || '' });
      this.load();
    },

    async load() {
      if (!this.data.id) {
        this.setData({ status: this.data.branchId ? 'ready' : 'error', errorText: '请从教学点管理页面进入' });
        return;
      }
      this.setData({ status: 'loading', errorText: '' });
      try {
        const p = await getPoint(this.data.id);
        this.setData({
          status: 'ready',
          branchId: p.branchId,
          branchName: p.branchName,
          active: p.active,
          isDemo: p.isDemo,
          form: { name: p.name, address: p.address, leaderName: p.leaderName, leaderTitle: p.leaderTitle, location: p.location || null },
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    onInput(e: WechatMiniprogram.Input) {
      this.setData({ [`form.${e.currentTarget.dataset.field}`]: e.detail.value, alert: '', savedText: '' });
    },

    onTitle(e: WechatMiniprogram.TouchEvent) {
      this.setData({ 'form.leaderTitle': e.currentTarget.dataset.value, alert: '', savedText: '' });
    },

    onReason(e: WechatMiniprogram.Input) {
      this.setData({ reason: e.detail.value });
    },

    onChooseLocation() {
      const loc = this.data.form.location;
      wx.chooseLocation({
        ...(loc ? { latitude: loc.latitude, longitude: loc.longitude } : {}),
        success: (res) => {
          const patch: Record<string, unknown> = { 'form.location': { latitude: res.latitude, longitude: res.longitude }, savedText: '' };
          if (!this.data.form.address.trim() && res.address) patch['form.address'] = res.address;
          this.setData(patch);
        },
      });
    },

    async onSave() {
      const f = this.data.form;
      const problem = formErrors(f);
      if (problem) {
        this.setData({ alert: problem });
        return;
      }
      this.setData({ saving: true, alert: '', savedText: '' });
      const fields = { name: f.name.trim(), address: f.address.trim(), leaderName: f.leaderName.trim(), leaderTitle: f.leaderTitle as LeaderTitle };
      try {
        if (this.data.id) {
          const res = await updatePoint({ pointId: this.data.id, ...fields, location: f.location });
          this.setData({ saving: false, savedText: res.changed.length ? '已保存' : '没有需要保存的修改' });
        } else {
          const res = await createPoint({ branchId: this.data.branchId, ...fields, ...(f.location ? { location: f.location } : {}) });
          this.setData({ saving: false, id: res.pointId, savedText: '教学点已创建，可以继续任命负责人' });
        }
      } catch (err) {
        this.setData({ saving: false, alert: messageOf(err) });
      }
    },

    onDeactivate() {
      const reason = this.data.reason.trim();
      if (reason.length < 2) {
        this.setData({ alert: '请先填写停用原因（至少2个字）' });
        return;
      }
      wx.showModal({
        title: '停用教学点',
        content: '停用后不再接收新学员，已有学员和历史记录都会保留，以后可以重新启用。确定停用吗？',
        confirmText: '确定停用',
        cancelText: '取消',
        success: async (r) => {
          if (!r.confirm) return;
          try {
            await deactivatePoint(this.data.id, reason);
            this.setData({ active: false, reason: '', savedText: '教学点已停用' });
          } catch (err) {
            this.setData({ alert: messageOf(err) });
          }
        },
      });
    },

    async onReactivate() {
      try {
        await reactivatePoint(this.data.id);
        this.setData({ active: true, savedText: '教学点已重新启用' });
      } catch (err) {
        this.setData({ alert: messageOf(err) });
      }
    },

    onGrants() {
      wx.navigateTo({ url: `/packages/staff/pages/grants/index?unitId=${this.data.id}` });
    },

    onLearners() {
      wx.navigateTo({ url: `/packages/staff/pages/learners/index?pointId=${this.data.id}&pointName=${encodeURIComponent(this.data.form.name)}` });
    },

    onCourses() {
      wx.navigateTo({ url: `/packages/staff/pages/point-stats/index?pointId=${this.data.id}` });
    },
  },
});

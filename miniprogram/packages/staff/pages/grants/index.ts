import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { grantRole, listRoles, revokeRole, type RoleItem } from '../../../../services/org';
import { messageOf } from '../../../../services/transport';
import { grantableUnits, type GrantUnit } from '../../grant-units';

// The admins of one unit: a branch (branch_admin, granted by the head school) or a point (point_admin).
Component({
  behaviors: [elderMode],
  data: {
    unitId: '',
    role: 'point_admin' as 'branch_admin' | 'point_admin',
    roleLabel: '教学点负责人',
    status: 'loading' as ViewStatus,
    errorText: '',
    items: [] as (RoleItem & { label: string })[],
    code: '',
    alert: '',
    notice: '',
    busy: false,
    units: [] as GrantUnit[],
    unitNames: [] as string[],
    unitIndex: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.unitId) {
        this.setUnit(query.unitId);
        this.load();
      } else {
        this.chooseUnits();
      }
    },

    setUnit(unitId: string) {
      const branch = unitId.indexOf('br_') === 0;
      this.setData({ unitId, role: branch ? 'branch_admin' : 'point_admin', roleLabel: branch ? '分校管理员' : '教学点负责人' });
    },

    /** Opened from the staff console: the caller picks one of the units they may appoint for. */
    async chooseUnits() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const units = await grantableUnits();
        if (!units.length) {
          this.setData({ status: 'error', errorText: '只有总校和分校管理员可以任命管理员。如需任命，请联系所在分校或总校' });
          return;
        }
        this.setData({ units, unitNames: units.map((u) => u.name), unitIndex: 0 });
        this.setUnit(units[0].id);
        this.load();
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onUnit(e: WechatMiniprogram.PickerChange) {
      const index = Number(e.detail.value) || 0;
      const unit = this.data.units[index];
      if (!unit) return;
      this.setData({ unitIndex: index, alert: '', notice: '' });
      this.setUnit(unit.id);
      this.load();
    },

    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const { items } = await listRoles(this.data.unitId);
        const mine = items.filter((r) => r.role === this.data.role).map((r) => ({ ...r, label: r.holderName ? `${r.holderName}（${r.openid}）` : r.openid }));
        this.setData({ items: mine, status: mine.length ? 'ready' : 'empty' });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      if (this.data.unitId) this.load();
      else this.chooseUnits();
    },

    onInput(e: WechatMiniprogram.Input) {
      this.setData({ code: e.detail.value, alert: '', notice: '' });
    },

    async onGrant() {
      const typed = this.data.code.replace(/\s+/g, '');
      if (!/^\d{6}$/.test(typed)) {
        this.setData({ alert: '请填写对方的 6 位身份码（对方在小程序「我的」页点“生成身份码”）' });
        return;
      }
      this.setData({ busy: true, alert: '', notice: '' });
      try {
        await grantRole({ code: typed, role: this.data.role, scopeId: this.data.unitId });
        this.setData({ busy: false, code: '', notice: `已任命为${this.data.roleLabel}` });
        this.load();
      } catch (err) {
        this.setData({ busy: false, alert: messageOf(err) });
      }
    },

    onRevoke(e: WechatMiniprogram.TouchEvent) {
      const openid = e.currentTarget.dataset.openid as string;
      wx.showModal({
        title: '撤销职务',
        content: `确定撤销 ${openid} 的${this.data.roleLabel}职务吗？`,
        confirmText: '确定撤销',
        cancelText: '取消',
        success: async (r) => {
          if (!r.confirm) return;
          try {
            await revokeRole({ openid, role: this.data.role, scopeId: this.data.unitId });
            this.setData({ notice: '已撤销' });
            this.load();
          } catch (err) {
            this.setData({ alert: messageOf(err) });
          }
        },
      });
    },
  },
});

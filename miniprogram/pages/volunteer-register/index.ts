import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { me } from '../../services/user';
import { myProfile, register, SUGGESTED_SKILLS, unregister } from '../../services/volunteer';
import { messageOf } from '../../services/transport';
import { go } from '../../utils/nav';

const PHONE = /^1[3-9]\d{9}$/;

export const CONSENT_NOTICE = [
  '我们收集您的姓名、手机号和服务技能，只用于志愿服务队的组织联系、服务时长记录和出具志愿服务证明。',
  '您的手机号只对所在服务队的教学点、分校管理人员完整显示，其他人看到的是隐藏中间四位的号码。',
  '服务记录可按国家志愿服务信息系统的格式导出，用于在全国系统登记您的服务时长。',
  '您可以随时修改登记信息，也可以在本页点击「注销志愿者信息」自行注销。',
  '注销时删除：您的姓名、手机号和服务技能；您会退出所有服务队，尚未开始的活动报名自动取消，未审核通过的时长申请一并删除。',
  '注销时保留，但不含您的姓名：已审核通过的服务时长记录（国家志愿服务记录制度要求保存），姓名改为“已注销志愿者”，只用于服务队和所属单位统计服务时长和人数；已开具的证明编号也保留。',
  '担任队长期间不能注销，请先请服务队所属教学点或分校的管理员更换队长。注销学籍不会删除志愿者信息，两者需分别注销。',
];

/** The confirm dialog of「注销志愿者信息」: what goes, what stays, and that it cannot be undone. */
export const UNREGISTER_CONFIRM =
  '将删除您的姓名、手机号和服务技能，退出所有服务队，取消尚未开始的活动报名。已审核通过的服务时长按规定保留，但不再显示您的姓名，也不能再计入您的名下。注销后不能恢复，确定注销吗？';

// Volunteer registration (again = update) with explicit consent, and its deletion (PIPL).
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    updating: false,
    realName: '',
    phone: '',
    skills: SUGGESTED_SKILLS.map((name) => ({ name, chosen: false })),
    consent: false,
    notice: CONSENT_NOTICE,
    /** The notice folds to its first paragraph until the resident opens it. */
    noticeOpen: false,
    errors: { realName: '', phone: '', consent: '' },
    alert: '',
    submitting: false,
    done: false,
    unregistering: false,
    /** Set after a deletion: how many approved records were kept (anonymised). */
    unregistered: null as null | { keptRecords: number },
  },
  methods: {
    onLoad() {
      this.load();
    },

    onToggleNotice() {
      this.setData({ noticeOpen: !this.data.noticeOpen });
    },

    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const [{ volunteer }, mine] = await Promise.all([myProfile(), me().catch(() => null)]);
        // A learner registers under the name they enrolled with (the phone stays theirs to type:
        // the enrollment's is only shown masked).
        if (!volunteer && mine?.learner) this.setData({ realName: mine.learner.name });
        if (volunteer) {
          const mine = new Set(volunteer.skills);
          this.setData({
            updating: true,
            realName: volunteer.realName,
            phone: volunteer.phone,
            skills: SUGGESTED_SKILLS.map((name) => ({ name, chosen: mine.has(name) })),
          });
        }
        this.setData({ status: 'ready' });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    onInput(e: WechatMiniprogram.Input) {
      const field = e.currentTarget.dataset.field as 'realName' | 'phone';
      this.setData({ [field]: e.detail.value, [`errors.${field}`]: '' });
    },

    onSkill(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ [`skills[${i}].chosen`]: !this.data.skills[i].chosen });
    },

    onConsent() {
      this.setData({ consent: !this.data.consent, 'errors.consent': '' });
    },

    validate(): boolean {
      const errors = { realName: '', phone: '', consent: '' };
      const name = this.data.realName.trim();
      if (name.length < 2) errors.realName = '请填写真实姓名（至少2个字）';
      if (!PHONE.test(this.data.phone.trim())) errors.phone = '请填写11位手机号，如 13812345678';
      if (!this.data.consent) errors.consent = '请阅读并勾选同意个人信息使用说明';
      this.setData({ errors });
      return !errors.realName && !errors.phone && !errors.consent;
    },

    async onSubmit() {
      if (this.data.submitting || !this.validate()) return;
      this.setData({ submitting: true, alert: '' });
      try {
        await register({
          realName: this.data.realName.trim(),
          phone: this.data.phone.trim(),
          skills: this.data.skills.filter((s) => s.chosen).map((s) => s.name),
          consent: true,
        });
        this.setData({ done: true, submitting: false });
        wx.showToast({ title: this.data.updating ? '已保存' : '登记成功', icon: 'success' });
      } catch (err) {
        this.setData({ submitting: false, alert: messageOf(err) });
      }
    },

    onUnregister() {
      if (this.data.unregistering) return;
      wx.showModal({
        title: '注销志愿者信息',
        content: UNREGISTER_CONFIRM,
        confirmText: '确定注销',
        cancelText: '再想想',
        success: (res) => {
          if (res.confirm) this.doUnregister();
        },
      });
    },

    async doUnregister() {
      this.setData({ unregistering: true, alert: '' });
      try {
        const res = await unregister();
        this.setData({ unregistering: false, unregistered: { keptRecords: res.keptRecords } });
      } catch (err) {
        this.setData({ unregistering: false, alert: messageOf(err) });
      }
    },

    onGo(e: WechatMiniprogram.TouchEvent) {
      const url = e.currentTarget.dataset.url as string;
      go(url);
    },
  },
});

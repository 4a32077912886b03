import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { messageOf } from '../../services/transport';
import {
  cancelSignup,
  getActivity,
  logHours,
  parseSigninQr,
  shortTime,
  signIn,
  signOut,
  signupActivity,
  STATUS_TEXT,
  type GetActivityResult,
} from '../../services/volunteer';
import { showError } from '../../utils/alert';

/** What the page offers, from the activity and the caller's signup/record (server times only). */
export type Stage = 'join-team' | 'signup' | 'signed' | 'signed-in' | 'done' | 'closed';

export function stageOf(a: GetActivityResult): Stage {
  if (a.status === 'cancelled') return 'closed';
  if (a.mySignup?.status === 'signed') {
    if (a.mySignup.signOutAt) return 'done';
    if (a.mySignup.signInAt) return 'signed-in';
    return 'signed';
  }
  if (!a.isMember) return 'join-team';
  return 'signup';
}

// One activity: sign up / cancel; on the day, sign in and out with the leader's code (scan or
// digits); afterwards, claim the hours. No countdowns: nothing here hurries the volunteer.
Component({
  behaviors: [elderMode],
  data: {
    activityId: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    a: null as GetActivityResult | null,
    stage: 'signup' as Stage,
    when: '',
    started: false,
    code: '',
    codeError: '',
    hours: '',
    note: '',
    claimError: '',
    recordText: '',
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ activityId: query.activityId || '', code: query.code || '' });
      this.load();
    },

    async load() {
      if (!this.data.activityId) {
        this.setData({ status: 'error', errorText: '没有指定活动，请返回重新选择' });
        return;
      }
      this.setData({ status: 'loading', errorText: '' });
      try {
        const a = await getActivity(this.data.activityId);
        const r = a.myRecord;
        this.setData({
          a,
          stage: stageOf(a),
          when: `${shortTime(a.startsAt)} — ${shortTime(a.endsAt)}`,
          started: a.started,
          hours: r ? String(r.hours) : this.data.hours,
          recordText: r ? `${r.hours}小时 · ${STATUS_TEXT[r.status]}${r.reason ? `（原因：${r.reason}）` : ''}` : '',
          status: 'ready',
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    async run(task: () => Promise<string>) {
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        const message = await task();
        wx.showToast({ title: message, icon: 'success' });
        await this.load();
      } catch (err) {
        showError(messageOf(err));
      }
      this.setData({ busy: false });
    },

    onSignup() {
      this.run(async () => {
        await signupActivity(this.data.activityId);
        return '报名成功';
      });
    },

    onCancel() {
      wx.showModal({
        title: '取消报名',
        content: '取消后名额会让给其他志愿者。确定取消吗？',
        confirmText: '确定取消',
        success: (r) => {
          if (r.confirm) this.run(async () => (await cancelSignup(this.data.activityId), '已取消报名'));
        },
      });
    },

    onCodeInput(e: WechatMiniprogram.Input) {
      this.setData({ code: e.detail.value, codeError: '' });
    },

    onScan() {
      wx.scanCode({
        onlyFromCamera: true,
        scanType: ['qrCode'],
        success: (res) => {
          const parsed = parseSigninQr(res.result);
          if (!parsed || parsed.activityId !== this.data.activityId) {
            this.setData({ codeError: '这不是本活动的签到码，请扫描队长手机上的二维码' });
            return;
          }
          this.setData({ code: parsed.code, codeError: '' });
          this.onSignCode();
        },
      });
    },

    /** Signs in or out, whichever comes next, with the code typed or scanned. */
    onSignCode() {
      const code = this.data.code.trim();
      if (!/^\d{6}$/.test(code)) {
        this.setData({ codeError: '签到码是6位数字，请看队长手机上的数字' });
        return;
      }
      const out = this.data.stage === 'signed-in';
      this.run(async () => {
        if (out) {
          const r = await signOut(this.data.activityId, code);
          this.setData({ code: '' });
          return `已签退，记录${r.hours}小时`;
        }
        await signIn(this.data.activityId, code);
        this.setData({ code: '' });
        return '签到成功';
      });
    },

    onHoursInput(e: WechatMiniprogram.Input) {
      this.setData({ hours: e.detail.value, claimError: '' });
    },

    onNoteInput(e: WechatMiniprogram.Input) {
      this.setData({ note: e.detail.value });
    },

    onClaim() {
      const a = this.data.a;
      if (!a) return;
      const hours = Number(this.data.hours);
      if (!(hours > 0) || Math.round(hours * 100) !== hours * 100) {
        this.setData({ claimError: '请填写服务时长，如 2 或 1.5' });
        return;
      }
      if (hours > a.lengthHours) {
        this.setData({ claimError: `不能超过活动时长 ${a.lengthHours} 小时` });
        return;
      }
      this.run(async () => {
        await logHours(this.data.activityId, hours, this.data.note.trim() || undefined);
        return '已提交，等待队长审核';
      });
    },
  },
});

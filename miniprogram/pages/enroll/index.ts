import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { getPoint } from '../../services/org';
import { messageOf, ServiceError } from '../../services/transport';
import { config } from '../../config';
import { showError } from '../../utils/alert';
import { enroll, GENDER_OPTIONS, me, OCCUPATION_OPTIONS, phoneFromCode, type EnrollResult, type Gender, type Occupation } from '../../services/user';
import { emptyForm, firstError, toParams, validateEnrollForm, type EnrollField, type EnrollForm, type FieldErrors } from './form';
import { PRIVACY_NOTICE } from './privacy';
import { go } from '../../utils/nav';
import { shanghaiYear } from '../../utils/time';

const DONE_TEXT: Record<EnrollResult['status'], string> = {
  enrolled: '报名成功！欢迎加入社区科普大学',
  updated: '您的报名信息已更新',
  transferred: '已为您转到新的教学点',
};

// The enrollment form: first enrollment, profile update or transfer, with the privacy notice.
Component({
  behaviors: [elderMode],
  data: {
    /** The year wheel's range: as old as 110, as young as 5 (form.ts checks the same). */
    birthYearStart: String(new Date().getFullYear() - 110),
    birthYearEnd: String(new Date().getFullYear() - 5),
    status: 'loading' as ViewStatus,
    errorText: '',
    pointId: '',
    pointName: '',
    pointAddress: '',
    /** 'new' | 'update' | 'transfer' */
    mode: 'new',
    currentPointName: '',
    form: emptyForm() as EnrollForm,
    errors: {} as FieldErrors,
    alert: '',
    genderOptions: GENDER_OPTIONS,
    occupationLabels: OCCUPATION_OPTIONS.map((o) => o.label),
    occupationIndex: -1,
    notice: PRIVACY_NOTICE,
    noticeOpen: false,
    submitting: false,
    doneText: '',
    verifiedPhone: config.verifiedPhone as boolean,
    phoneLoading: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ pointId: query.pointId || '' });
      this.load();
    },

    async load() {
      const pointId = this.data.pointId;
      if (!pointId) {
        this.setData({ status: 'empty' });
        return;
      }
      this.setData({ status: 'loading', errorText: '' });
      try {
        const [point, mine] = await Promise.all([getPoint(pointId), me().catch(() => null)]);
        const learner = mine ? mine.learner : null;
        const patch: Record<string, unknown> = { pointName: point.name, pointAddress: point.address, status: 'ready' };
        if (!point.active && !(learner && learner.pointId === point.id)) {
          patch.status = 'error';
          patch.errorText = '这个教学点已停止招生，请选择其他教学点';
        }
        if (learner) {
          const occupationIndex = OCCUPATION_OPTIONS.map((o) => o.value).indexOf(learner.occupation);
          patch.mode = learner.pointId === point.id ? 'update' : 'transfer';
          patch.currentPointName = learner.pointName;
          patch.occupationIndex = occupationIndex;
          // The phone comes back masked: the resident types it again.
          patch.form = { ...emptyForm(), name: learner.name, gender: learner.gender, birthYear: String(learner.birthYear), occupation: learner.occupation };
        }
        this.setData(patch);
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    setField(field: EnrollField, value: unknown) {
      const errors = { ...this.data.errors };
      delete errors[field];
      this.setData({ [`form.${field}`]: value, errors, alert: '' });
    },

    onInput(e: WechatMiniprogram.Input) {
      const field = e.currentTarget.dataset.field as EnrollField;
      this.setField(field, e.detail.value);
    },

    onBirthYear(e: WechatMiniprogram.PickerChange) {
      this.setField('birthYear', String(e.detail.value).slice(0, 4));
    },

    onGender(e: WechatMiniprogram.TouchEvent) {
      this.setField('gender', e.currentTarget.dataset.value as Gender);
    },

    onOccupation(e: WechatMiniprogram.PickerChange) {
      const index = Number(e.detail.value);
      const option = OCCUPATION_OPTIONS[index];
      if (!option) return;
      this.setData({ occupationIndex: index });
      this.setField('occupation', option.value as Occupation);
    },

    /** 使用微信手机号: the button's one-time code becomes the number; no code means the resident declined. */
    async onPhoneNumber(e: WechatMiniprogram.CustomEvent<{ code?: string; errMsg?: string }>) {
      const code = e.detail && e.detail.code;
      if (!code || this.data.phoneLoading) return;
      this.setData({ phoneLoading: true });
      try {
        const { phone } = await phoneFromCode(code);
        this.setField('phone', phone);
      } catch (err) {
        showError(messageOf(err), '没有取到手机号');
      } finally {
        this.setData({ phoneLoading: false });
      }
    },

    onToggleConsent() {
      this.setField('consent', !this.data.form.consent);
    },

    onToggleNotice() {
      this.setData({ noticeOpen: !this.data.noticeOpen });
    },

    async onSubmit() {
      if (this.data.submitting) return;
      const errors = validateEnrollForm(this.data.form, shanghaiYear());
      if (Object.keys(errors).length) {
        this.setData({ errors, alert: `请修改后再提交：${firstError(errors)}` });
        return;
      }
      this.setData({ submitting: true, alert: '' });
      try {
        const res = await enroll(toParams(this.data.pointId, this.data.form));
        this.setData({ submitting: false, doneText: DONE_TEXT[res.status] });
      } catch (err) {
        const message = messageOf(err);
        this.setData({ submitting: false, alert: err instanceof ServiceError && err.code === 'NETWORK' ? `${message}，您填写的内容已保留` : message });
      }
    },

    onGo(e: WechatMiniprogram.TouchEvent) {
      const url = e.currentTarget.dataset.url as string | undefined;
      if (url) go(url);
    },
  },
});

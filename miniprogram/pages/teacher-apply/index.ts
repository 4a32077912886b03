import type { Topic } from '../../../typings/course';
import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { listBranches } from '../../services/org';
import { applyTeacher, myTeacher, TEACHER_STATUS_NAMES } from '../../services/teacher';
import { messageOf } from '../../services/transport';
import { showError } from '../../utils/alert';
import { TOPIC_LABELS, TOPICS } from '../../utils/topics';

const PHONE = /^1[3-9]\d{9}$/;
const TEXT_FIELDS = ['name', 'organisation', 'title', 'field'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
const FIELD_ERRORS: Record<TextField, string> = {
  name: '请填写姓名',
  organisation: '请填写工作单位',
  title: '请填写职称或职务',
  field: '请填写专业领域',
};

type Errors = Record<TextField | 'phone' | 'branch' | 'topics' | 'consent', string>;
const NO_ERRORS: Errors = { name: '', organisation: '', title: '', field: '', phone: '', branch: '', topics: '', consent: '' };

interface TopicChip {
  topic: Topic;
  name: string;
  chosen: boolean;
}

// A resident applies to a branch's teacher pool (师资库): who they are, what they can teach, consent.
// Applying again edits the same application; the branch then qualifies it.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    branches: [] as Array<{ id: string; name: string }>,
    branchNames: [] as string[],
    branchIndex: -1,
    name: '',
    organisation: '',
    title: '',
    field: '',
    phone: '',
    cv: '',
    topics: TOPICS.map((t) => ({ topic: t, name: TOPIC_LABELS[t], chosen: false })) as TopicChip[],
    consent: false,
    errors: { ...NO_ERRORS } as Errors,
    submitting: false,
    current: '',
    done: false,
  },
  methods: {
    onLoad() {
      this.load();
    },

    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const [{ items }, mine] = await Promise.all([listBranches(), myTeacher()]);
        const branches = items.map((b) => ({ id: b.id, name: b.name }));
        const t = mine.teacher;
        this.setData({ status: 'ready', branches, branchNames: branches.map((b) => b.name) });
        if (t) {
          this.setData({
            name: t.name,
            organisation: t.organisation,
            title: t.title,
            field: t.field,
            phone: t.phone,
            branchIndex: branches.findIndex((b) => b.id === t.branchId),
            topics: this.data.topics.map((c) => ({ ...c, chosen: t.topics.indexOf(c.topic) >= 0 })),
            current: t.status === 'rejected' && t.rejectReason ? `未通过：${t.rejectReason}` : `您的申请：${TEACHER_STATUS_NAMES[t.status]}`,
          });
        }
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    onInput(e: WechatMiniprogram.Input) {
      const key = (e.currentTarget.dataset as { field: string }).field;
      this.setData({ [key]: e.detail.value, [`errors.${key}`]: '' });
    },

    onBranch(e: WechatMiniprogram.PickerChange) {
      this.setData({ branchIndex: Number(e.detail.value), 'errors.branch': '' });
    },

    onTopic(e: WechatMiniprogram.TouchEvent) {
      const i = Number((e.currentTarget.dataset as { index: number }).index);
      this.setData({ [`topics[${i}].chosen`]: !this.data.topics[i].chosen, 'errors.topics': '' });
    },

    onConsent() {
      this.setData({ consent: !this.data.consent, 'errors.consent': '' });
    },

    async onSubmit() {
      if (this.data.submitting) return;
      const d = this.data;
      const errors: Errors = { ...NO_ERRORS };
      for (const f of TEXT_FIELDS) if (!d[f].trim()) errors[f] = FIELD_ERRORS[f];
      if (!PHONE.test(d.phone.trim())) errors.phone = '请填写11位手机号';
      if (d.branchIndex < 0) errors.branch = '请选择您所在的区县分校';
      const topics = d.topics.filter((t) => t.chosen).map((t) => t.topic);
      if (!topics.length) errors.topics = '请至少选择一个能讲的主题';
      if (!d.consent) errors.consent = '请阅读并同意个人信息使用说明';
      this.setData({ errors });
      if (Object.values(errors).some(Boolean)) return;
      this.setData({ submitting: true });
      try {
        await applyTeacher({
          name: d.name.trim(),
          organisation: d.organisation.trim(),
          title: d.title.trim(),
          field: d.field.trim(),
          topics,
          phone: d.phone.trim(),
          branchId: d.branches[d.branchIndex].id,
          consent: true,
          ...(d.cv.trim() ? { cv: d.cv.trim() } : {}),
        });
        this.setData({ done: true });
      } catch (err) {
        showError(messageOf(err), '申请没有提交成功');
      } finally {
        this.setData({ submitting: false });
      }
    },

    onHome() {
      wx.switchTab({ url: '/pages/me/index' });
    },
  },
});

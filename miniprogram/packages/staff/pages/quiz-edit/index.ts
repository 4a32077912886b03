import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { listBranches } from '../../../../services/org';
import { bankSummary, createQuiz } from '../../../../services/quiz';
import { messageOf } from '../../../../services/transport';
import { me } from '../../../../services/user';
import { shanghaiDate, toParams, type QuizForm } from './form';

interface Choice {
  id: string;
  name: string;
}

// Create and schedule a quiz: head admins city-wide (or for a branch), branch admins for their branch.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    isHead: false,
    branches: [] as Choice[],
    branchIndex: -1,
    topics: [{ id: '', name: '全部主题' }] as Choice[],
    topicIndex: 0,
    bankText: '',
    form: {
      title: '',
      scope: 'city',
      branchId: '',
      startDate: shanghaiDate(Date.now()),
      startTime: '09:00',
      endDate: shanghaiDate(Date.now() + 7 * 86_400_000),
      endTime: '21:00',
      questionCount: '10',
      timeLimitMin: '15',
      attemptsPerDay: '3',
      topic: '',
    } as QuizForm,
    saving: false,
    formError: '',
  },
  methods: {
    onLoad() {
      this.load();
    },

    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const [who, summary] = await Promise.all([me(), bankSummary()]);
        const isHead = who.roles.some((r) => r.role === 'head_admin');
        const all = await listBranches();
        const own = new Set(who.roles.filter((r) => r.role === 'branch_admin').map((r) => r.scopeId));
        const branches = all.items.filter((b) => isHead || own.has(b.id)).map((b) => ({ id: b.id, name: b.name }));
        this.setData({
          status: 'ready',
          isHead,
          branches,
          branchIndex: isHead ? -1 : 0,
          'form.scope': isHead ? 'city' : 'branch',
          'form.branchId': isHead ? '' : (branches[0]?.id ?? ''),
          topics: [{ id: '', name: '全部主题' }].concat(summary.topics.map((t) => ({ id: t.topic, name: `${t.topic}（${t.count}题）` }))),
          bankText: `题库共有 ${summary.active} 道可用题目`,
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    onInput(e: WechatMiniprogram.Input) {
      const field = e.currentTarget.dataset.field as keyof QuizForm;
      this.setData({ [`form.${field}`]: e.detail.value, formError: '' });
    },

    onPick(e: WechatMiniprogram.PickerChange) {
      const field = e.currentTarget.dataset.field as keyof QuizForm;
      this.setData({ [`form.${field}`]: String(e.detail.value), formError: '' });
    },

    onScope(e: WechatMiniprogram.TouchEvent) {
      this.setData({ 'form.scope': e.currentTarget.dataset.scope, formError: '' });
    },

    onBranch(e: WechatMiniprogram.PickerChange) {
      const i = Number(e.detail.value);
      this.setData({ branchIndex: i, 'form.branchId': this.data.branches[i]?.id ?? '' });
    },

    onTopic(e: WechatMiniprogram.PickerChange) {
      const i = Number(e.detail.value);
      this.setData({ topicIndex: i, 'form.topic': this.data.topics[i]?.id ?? '' });
    },

    async onSave() {
      if (this.data.saving) return;
      const { params, error } = toParams(this.data.form);
      if (!params) {
        this.setData({ formError: error ?? '' });
        return;
      }
      this.setData({ saving: true, formError: '' });
      try {
        const { quizId } = await createQuiz(params);
        wx.showToast({ title: '竞答已发布', icon: 'success' });
        wx.redirectTo({ url: `/packages/staff/pages/quiz-stats/index?quizId=${quizId}` });
      } catch (err) {
        this.setData({ formError: messageOf(err) });
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});

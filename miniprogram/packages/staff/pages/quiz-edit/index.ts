import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { listBranches } from '../../../../services/org';
import { bankSummary, canManageQuiz, cancelQuiz, createQuiz, getQuiz, shortTime, statusLabel, updateQuiz, type QuizItem } from '../../../../services/quiz';
import { messageOf } from '../../../../services/transport';
import { me } from '../../../../services/user';
import { fromQuiz, shanghaiDate, toParams, toUpdate, type QuizForm } from './form';

interface Choice {
  id: string;
  name: string;
}

/** What the edit mode allows: everything while upcoming, the end time once open, nothing after. */
type EditLevel = 'all' | 'end' | 'none';

function editLevel(q: QuizItem): EditLevel {
  if (q.cancelled || q.status === 'closed') return 'none';
  return q.status === 'open' ? 'end' : 'all';
}

// Create and schedule a quiz (head admins city-wide or for a branch, branch admins for their
// branch); with `?id=` change or cancel one: its rules while upcoming, only the end time once open.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    quizId: '',
    quiz: null as QuizItem | null,
    level: 'all' as EditLevel,
    stateText: '',
    summaryText: '',
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
    reason: '',
    cancelling: false,
    cancelError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ quizId: query.id || '' });
      this.load();
    },

    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const quizId = this.data.quizId;
        const [who, summary, quiz] = await Promise.all([me(), bankSummary(), quizId ? getQuiz(quizId) : Promise.resolve(null)]);
        const isHead = who.roles.some((r) => r.role === 'head_admin');
        const all = await listBranches();
        const own = new Set(who.roles.filter((r) => r.role === 'branch_admin').map((r) => r.scopeId));
        const branches = all.items.filter((b) => isHead || own.has(b.id)).map((b) => ({ id: b.id, name: b.name }));
        const topics = [{ id: '', name: '全部主题' }].concat(summary.topics.map((t) => ({ id: t.topic, name: `${t.topic}（${t.count}题）` })));
        const common = { isHead, branches, topics, bankText: `题库共有 ${summary.active} 道可用题目` };
        if (!quiz) {
          this.setData({
            ...common,
            status: 'ready',
            branchIndex: isHead ? -1 : 0,
            'form.scope': isHead ? 'city' : 'branch',
            'form.branchId': isHead ? '' : (branches[0]?.id ?? ''),
          });
          return;
        }
        if (!canManageQuiz(quiz, who.roles)) {
          this.setData({ status: 'error', errorText: quiz.scope === 'city' ? '全市竞答只有总校管理员可以修改' : '您只能修改本分校的竞答' });
          return;
        }
        this.show(quiz, common);
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    /** Edit mode: the form holds the quiz as it is now. */
    show(quiz: QuizItem, extra: Record<string, unknown> = {}) {
      const level = editLevel(quiz);
      const form = fromQuiz(quiz);
      const topics = (extra.topics as Choice[] | undefined) ?? this.data.topics;
      let topicIndex = topics.findIndex((t) => t.id === form.topic);
      if (topicIndex < 0) {
        topics.push({ id: form.topic, name: `${form.topic}（题库已无可用题）` });
        topicIndex = topics.length - 1;
      }
      const stateText = quiz.cancelled
        ? `这场竞答已取消：${quiz.cancelled.reason}。排行榜仍可查看。`
        : level === 'none'
          ? '这场竞答已经结束，不能再修改。'
          : level === 'end'
            ? '竞答已经开始，只能调整结束时间（可以延长，也可以提前，但不能早于现在）；其他内容不能再改。'
            : '竞答还没开始，可以修改下面的内容。开始以后只能调整结束时间。';
      this.setData({
        ...extra,
        status: 'ready',
        quiz,
        level,
        stateText,
        summaryText: `${statusLabel(quiz)} · ${quiz.scope === 'city' ? '全市' : quiz.branchName || '分校'} · ${shortTime(quiz.startsAt)} 至 ${shortTime(quiz.endsAt)}`,
        form,
        topics,
        topicIndex,
        branchIndex: this.data.branches.findIndex((b) => b.id === form.branchId),
        formError: '',
      });
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
      if (this.data.quizId) return;
      this.setData({ 'form.scope': e.currentTarget.dataset.scope, formError: '' });
    },

    onBranch(e: WechatMiniprogram.PickerChange) {
      const i = Number(e.detail.value);
      this.setData({ branchIndex: i, 'form.branchId': this.data.branches[i]?.id ?? '' });
    },

    onTopic(e: WechatMiniprogram.PickerChange) {
      const i = Number(e.detail.value);
      this.setData({ topicIndex: i, 'form.topic': this.data.topics[i]?.id ?? '', formError: '' });
    },

    async onSave() {
      if (this.data.saving) return;
      const quiz = this.data.quiz;
      if (quiz) return this.saveChanges(quiz);
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

    async saveChanges(quiz: QuizItem) {
      if (this.data.level === 'none') return;
      const { params, error } = toUpdate(this.data.form, quiz);
      if (!params) {
        this.setData({ formError: error ?? '' });
        return;
      }
      this.setData({ saving: true, formError: '' });
      try {
        const res = await updateQuiz(params);
        wx.showToast({ title: '修改已保存', icon: 'success' });
        this.show(res.quiz);
      } catch (err) {
        this.setData({ formError: messageOf(err) });
      } finally {
        this.setData({ saving: false });
      }
    },

    onReason(e: WechatMiniprogram.Input) {
      this.setData({ reason: e.detail.value, cancelError: '' });
    },

    onCancelQuiz() {
      const quiz = this.data.quiz;
      if (!quiz || this.data.cancelling) return;
      const reason = this.data.reason.trim();
      if (reason.length < 2) {
        this.setData({ cancelError: '请填写取消原因（至少2个字），学员在竞答列表里会看到' });
        return;
      }
      wx.showModal({
        title: '取消竞答',
        content: `取消后“${quiz.title}”不能再开始答题，也不能恢复；已有成绩和排行榜会保留。确定取消吗？`,
        confirmText: '确定取消',
        cancelText: '不取消',
        success: (res) => {
          if (res.confirm) this.doCancel(quiz, reason);
        },
      });
    },

    async doCancel(quiz: QuizItem, reason: string) {
      this.setData({ cancelling: true, cancelError: '' });
      try {
        const res = await cancelQuiz(quiz.id, reason);
        wx.showToast({ title: '竞答已取消', icon: 'success' });
        this.show({ ...quiz, status: res.status, cancelled: res.cancelled });
      } catch (err) {
        this.setData({ cancelError: messageOf(err) });
      }
      this.setData({ cancelling: false });
    },

    onStats() {
      wx.redirectTo({ url: `/packages/staff/pages/quiz-stats/index?quizId=${this.data.quizId}` });
    },
  },
});


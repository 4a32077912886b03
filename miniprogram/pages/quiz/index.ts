import { elderMode } from '../../behaviors/elder-mode';
import { durationText, getQuiz, shortTime, startQuiz, submitQuiz, type StartResult } from '../../services/quiz';
import { messageOf, ServiceError } from '../../services/transport';
import { creditOfficerShare, officerSharePath } from '../../services/volunteer';
import { choose, clearDraft, loadDraft, remainingText, saveDraft } from './draft';
import { go } from '../../utils/nav';
import { showError } from '../../utils/alert';

type Phase = 'loading' | 'error' | 'intro' | 'answering' | 'submitting';

let timer: number | undefined;
let clockOffset = 0;
let deadlineMs = 0;
let autoSubmitted = false;

function stopTimer(): void {
  if (timer !== undefined) clearInterval(timer);
  timer = undefined;
}

// The quiz: an intro with the rules, then one question per screen, a calm timer (can be hidden),
// a confirmation before handing in, and recovery of an unfinished attempt.
Component({
  behaviors: [elderMode],
  data: {
    phase: 'loading' as Phase,
    errorText: '',
    quizId: '',
    title: '',
    rulesText: '',
    windowText: '',
    bestText: '',
    attemptsLeft: 0,
    canStart: false,
    startLabel: '开始答题',
    blockedText: '',
    attemptId: '',
    questions: [] as StartResult['questions'],
    answers: [] as number[][],
    index: 0,
    progress: '',
    answeredCount: 0,
    showTimer: true,
    remaining: '',
    lowTime: false,
    isLast: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const quizId = query.quizId || '';
      this.setData({ quizId, showTimer: wx.getStorageSync('quizHideTimer') !== true });
      if (!quizId) {
        go('/pages/quizzes/index');
        return;
      }
      // Opened from a 科普信息员's share: credit them (once per opener; never disturbs the page).
      void creditOfficerShare(query);
      this.loadIntro();
    },

    /**
     * 转发 the quiz's intro (never an attempt: the menu is hidden while answering), credited to
     * the sharer when they are a 科普信息员.
     */
    onShareAppMessage() {
      const id = this.data.quizId;
      return { title: this.data.title || '社区科普大学 · 科普竞答', path: officerSharePath(`/pages/quiz/index?quizId=${id}`, 'quiz', id) };
    },

    /** 转发 is offered on the intro only, not during an attempt. */
    allowShare(allowed: boolean) {
      if (allowed) wx.showShareMenu({ menus: ['shareAppMessage'] });
      else wx.hideShareMenu({ menus: ['shareAppMessage', 'shareTimeline'] });
    },

    onUnload() {
      stopTimer();
    },

    async loadIntro() {
      stopTimer();
      this.setData({ phase: 'loading', errorText: '' });
      try {
        const q = await getQuiz(this.data.quizId);
        const left = Math.max(0, q.attemptsPerDay - q.attemptsToday);
        let blockedText = '';
        if (q.cancelled && !q.openAttemptId) blockedText = `这场竞答已取消：${q.cancelled.reason}`;
        else if (q.status === 'upcoming') blockedText = `竞答还没开始，${shortTime(q.startsAt)} 开始`;
        else if (q.status === 'closed' && !q.openAttemptId) blockedText = '这场竞答已经结束';
        else if (!q.openAttemptId && left === 0) blockedText = '今天的答题次数已用完，明天再来吧';
        this.allowShare(true);
        this.setData({
          phase: 'intro',
          title: q.title,
          rulesText: `共 ${q.questionCount} 题，限时 ${Math.round(q.timeLimitSec / 60)} 分钟，每天可答 ${q.attemptsPerDay} 次（今天还剩 ${left} 次）`,
          windowText: `${shortTime(q.startsAt)} 至 ${shortTime(q.endsAt)}`,
          bestText: q.myBest ? `我的最好成绩：${q.myBest.score} 分，用时 ${durationText(q.myBest.durationMs)}` : '',
          attemptsLeft: left,
          canStart: !blockedText,
          startLabel: q.openAttemptId ? '继续上次的答题' : '开始答题',
          blockedText,
        });
      } catch (err) {
        this.setData({ phase: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.loadIntro();
    },

    async onStart() {
      if (!this.data.canStart) return;
      this.setData({ phase: 'loading' });
      try {
        const s = await startQuiz(this.data.quizId);
        this.begin(s);
      } catch (err) {
        showError(messageOf(err));
        this.loadIntro();
      }
    },

    begin(s: StartResult) {
      clockOffset = Date.parse(s.serverNow) - Date.now();
      deadlineMs = Date.parse(s.deadline);
      autoSubmitted = false;
      this.allowShare(false);
      const answers = loadDraft(s.attemptId, s.questions.length);
      const firstOpen = answers.findIndex((a) => a.length === 0);
      this.setData({ phase: 'answering', attemptId: s.attemptId, questions: s.questions, answers });
      this.go(s.resumed && firstOpen >= 0 ? firstOpen : 0);
      if (s.resumed) wx.showToast({ title: '已为您恢复上次的答题', icon: 'none' });
      this.tick();
      stopTimer();
      timer = setInterval(() => this.tick(), 1000) as unknown as number;
    },

    tick() {
      const left = deadlineMs - (Date.now() + clockOffset);
      this.setData({ remaining: remainingText(left), lowTime: left <= 60_000 });
      if (left <= 0 && !autoSubmitted && this.data.phase === 'answering') {
        autoSubmitted = true;
        stopTimer();
        wx.showToast({ title: '时间到，正在为您交卷', icon: 'none' });
        this.submit();
      }
    },

    go(index: number) {
      const total = this.data.questions.length;
      const i = Math.max(0, Math.min(total - 1, index));
      this.setData({
        index: i,
        progress: `第 ${i + 1} / ${total} 题`,
        isLast: i === total - 1,
        answeredCount: this.data.answers.filter((a) => a.length > 0).length,
      });
    },

    onChoose(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const i = this.data.index;
      const q = this.data.questions[i];
      const answers = this.data.answers.slice();
      answers[i] = choose(q.type, answers[i] || [], e.detail.index);
      saveDraft(this.data.attemptId, answers);
      this.setData({ answers, answeredCount: answers.filter((a) => a.length > 0).length });
    },

    onPrev() {
      this.go(this.data.index - 1);
    },

    onNext() {
      this.go(this.data.index + 1);
    },

    onToggleTimer() {
      const showTimer = !this.data.showTimer;
      wx.setStorageSync('quizHideTimer', !showTimer);
      this.setData({ showTimer });
    },

    onHandIn() {
      const unanswered = this.data.answers.filter((a) => a.length === 0).length;
      wx.showModal({
        title: '确认交卷',
        content: unanswered > 0 ? `还有 ${unanswered} 题没有作答，确定现在交卷吗？` : '全部题目已作答，交卷后不能再修改。确定交卷吗？',
        confirmText: '交卷',
        cancelText: '再看看',
        success: (res) => {
          if (res.confirm) this.submit();
        },
      });
    },

    async submit() {
      if (this.data.phase === 'submitting') return;
      stopTimer();
      this.setData({ phase: 'submitting' });
      const answers = this.data.questions.map((q, i) => ({ questionId: q.id, choice: this.data.answers[i] || [] })).filter((a) => a.choice.length > 0);
      try {
        await submitQuiz(this.data.attemptId, answers);
        clearDraft(this.data.attemptId);
        wx.redirectTo({ url: `/pages/quiz-result/index?attemptId=${encodeURIComponent(this.data.attemptId)}` });
      } catch (err) {
        if (err instanceof ServiceError && err.code === 'DEADLINE_EXCEEDED') {
          clearDraft(this.data.attemptId);
          wx.showModal({ title: '答题时间已到', content: err.message, showCancel: false, confirmText: '知道了' });
          this.loadIntro();
          return;
        }
        // Network trouble: keep the answers and let the person try again.
        this.setData({ phase: 'answering' });
        showError(messageOf(err));
        if (!autoSubmitted) timer = setInterval(() => this.tick(), 1000) as unknown as number;
      }
    },
  },
});

import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { durationText, getAttempt, lettersOf, type ReviewItem } from '../../services/quiz';
import { messageOf } from '../../services/transport';
import { go } from '../../utils/nav';

interface ReviewRow extends Omit<ReviewItem, 'answer' | 'explanation'> {
  answer: number[];
  explanation: string;
  key: string;
  progress: string;
  verdict: string;
}

// The result of a submitted attempt, with the review of every question (answer + explanation).
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    attemptId: '',
    quizId: '',
    title: '',
    score: 0,
    summary: '',
    titleEarned: false,
    wrongOnly: false,
    /** False while the quiz withholds answers until it closes. */
    answersShown: true,
    review: [] as ReviewRow[],
    shown: [] as ReviewRow[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ attemptId: decodeURIComponent(query.attemptId || '') });
      this.load();
    },

    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const a = await getAttempt(this.data.attemptId);
        if (!a.result) {
          this.setData({ status: 'error', errorText: a.status === 'expired' ? '这次答题已超时，没有计入成绩' : '这次答题还没有交卷' });
          return;
        }
        const r = a.result;
        const review: ReviewRow[] = r.review.map((item, i) => ({
          ...item,
          key: `${i}`,
          progress: `第 ${i + 1} 题`,
          answer: item.answer ?? [],
          explanation: item.explanation ?? '',
          verdict: item.correct
            ? '答对了'
            : item.answer
              ? `答错了：正确答案是 ${lettersOf(item.answer)}${item.choice.length ? `，您选了 ${lettersOf(item.choice)}` : '，您没有作答'}`
              : `答错了${item.choice.length ? `：您选了 ${lettersOf(item.choice)}` : '：您没有作答'}`,
        }));
        this.setData({
          status: 'ready',
          quizId: a.quizId,
          title: a.quizTitle,
          score: r.score,
          summary: `答对 ${r.correctCount} / ${r.total} 题，用时 ${durationText(r.durationMs)}`,
          titleEarned: !!r.titleEarned,
          review,
          shown: review,
          answersShown: r.answersShown,
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    onWrongOnly() {
      const wrongOnly = !this.data.wrongOnly;
      this.setData({ wrongOnly, shown: wrongOnly ? this.data.review.filter((r) => !r.correct) : this.data.review });
    },

    onBoard() {
      wx.navigateTo({ url: `/pages/leaderboard/index?quizId=${this.data.quizId}` });
    },

    onBack() {
      go('/pages/quizzes/index');
    },
  },
});

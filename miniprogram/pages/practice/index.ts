import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { lettersOf, practiceAnswer, practiceNext, type PracticeNextResult } from '../../services/quiz';
import { messageOf } from '../../services/transport';
import { choose } from '../quiz/draft';
import { showError } from '../../utils/alert';

type Question = NonNullable<PracticeNextResult['question']>;

// Practice: untimed and unranked; one question, then its answer and explanation, then the next.
Component({
  behaviors: [elderMode],
  data: {
    topic: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    question: null as Question | null,
    selected: [] as number[],
    revealed: false,
    answer: [] as number[],
    explanation: '',
    verdict: '',
    correct: false,
    busy: false,
    tally: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ topic: query.topic ? decodeURIComponent(query.topic) : '' });
      this.next();
    },

    async next() {
      this.setData({ status: 'loading', errorText: '', revealed: false, selected: [], answer: [], explanation: '', verdict: '' });
      try {
        const r = await practiceNext(this.data.topic || undefined);
        this.setData({
          status: r.question ? 'ready' : 'empty',
          question: r.question,
          tally: r.answered ? `已练习 ${r.answered} 题，答对 ${r.correct} 题` : '',
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onChoose(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      if (!this.data.question || this.data.revealed) return;
      this.setData({ selected: choose(this.data.question.type, this.data.selected, e.detail.index) });
    },

    async onConfirm() {
      const q = this.data.question;
      if (!q || this.data.busy) return;
      if (!this.data.selected.length) {
        showError('请先选择答案', '请再看一下');
        return;
      }
      this.setData({ busy: true });
      try {
        const r = await practiceAnswer(q.id, this.data.selected);
        this.setData({
          revealed: true,
          answer: r.answer,
          explanation: r.explanation,
          correct: r.correct,
          verdict: r.correct ? '答对了！' : `答错了，正确答案是 ${lettersOf(r.answer)}`,
          tally: `已练习 ${r.answered} 题，答对 ${r.correctTotal} 题`,
        });
      } catch (err) {
        showError(messageOf(err));
      } finally {
        this.setData({ busy: false });
      }
    },

    onNext() {
      this.next();
    },

    onRetry() {
      this.next();
    },
  },
});

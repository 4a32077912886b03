import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { canManageQuiz, getQuiz, listQuizzes, quizStats, shortTime, statusLabel, type QuizItem, type QuizStatsResult } from '../../../../services/quiz';
import { messageOf } from '../../../../services/transport';
import { me } from '../../../../services/user';

interface QuizChoice {
  id: string;
  title: string;
  meta: string;
}

interface StatRow {
  key: string;
  unitId: string;
  name: string;
  participants: number;
  attempts: number;
  average: string;
  drill: boolean;
}

/** One line on the quiz's state: its window, or why it was cancelled. */
function quizNote(q: QuizItem): string {
  if (q.cancelled) return `已取消：${q.cancelled.reason}`;
  return `${statusLabel(q)} · ${shortTime(q.startsAt)} 至 ${shortTime(q.endsAt)}`;
}

// Participation per branch (head admin) or per teaching point (branch staff) of one quiz.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    quizzes: [] as QuizChoice[],
    quizId: '',
    title: '',
    levelText: '',
    totals: '',
    rows: [] as StatRow[],
    ownBranch: '',
    branchId: '',
    isHead: false,
    /** The quiz is the caller's to change (and not ended or cancelled): the edit button shows. */
    canEdit: false,
    quizNote: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ quizId: query.quizId || '' });
      this.load();
    },

    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const who = await me();
        const isHead = who.roles.some((r) => r.role === 'head_admin');
        const ownBranch = who.roles.find((r) => r.role === 'branch_admin')?.scopeId ?? '';
        this.setData({ isHead, ownBranch, branchId: isHead ? this.data.branchId : ownBranch });
        if (!this.data.quizId) {
          const page = await listQuizzes();
          this.setData({
            status: page.items.length ? 'ready' : 'empty',
            quizzes: page.items.map((q) => ({ id: q.id, title: q.title, meta: `${statusLabel(q)} · ${shortTime(q.startsAt)} 开始` })),
          });
          return;
        }
        const [stats, quiz] = await Promise.all([quizStats(this.data.quizId, this.data.branchId || undefined), getQuiz(this.data.quizId)]);
        this.setData({
          canEdit: canManageQuiz(quiz, who.roles) && quiz.status !== 'closed',
          quizNote: quizNote(quiz),
        });
        this.show(stats);
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    show(s: QuizStatsResult) {
      this.setData({
        status: 'ready',
        title: s.title,
        levelText: s.level === 'branch' ? '各分校参与情况' : '各教学点参与情况',
        totals: `参与 ${s.participants} 人，交卷 ${s.attempts} 次`,
        rows: s.rows.map((r, i) => ({
          key: `${i}`,
          unitId: r.unitId ?? '',
          name: r.unitName,
          participants: r.participants,
          attempts: r.attempts,
          average: r.participants ? `${r.averageBest} 分` : '—',
          drill: s.level === 'branch' && !!r.unitId,
        })),
      });
    },

    onPickQuiz(e: WechatMiniprogram.TouchEvent) {
      this.setData({ quizId: e.currentTarget.dataset.id as string });
      this.load();
    },

    onDrill(e: WechatMiniprogram.TouchEvent) {
      const unitId = e.currentTarget.dataset.unit as string;
      if (!unitId || !this.data.isHead) return;
      this.setData({ branchId: unitId });
      this.load();
    },

    onUp() {
      this.setData({ branchId: '' });
      this.load();
    },

    onEdit() {
      wx.navigateTo({ url: `/packages/staff/pages/quiz-edit/index?id=${this.data.quizId}` });
    },

    onRetry() {
      this.load();
    },
  },
});

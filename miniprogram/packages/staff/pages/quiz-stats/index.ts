import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { listQuizzes, quizStats, shortTime, STATUS_LABELS, type QuizStatsResult } from '../../../../services/quiz';
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
            quizzes: page.items.map((q) => ({ id: q.id, title: q.title, meta: `${STATUS_LABELS[q.status]} · ${shortTime(q.startsAt)} 开始` })),
          });
          return;
        }
        this.show(await quizStats(this.data.quizId, this.data.branchId || undefined));
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

    onRetry() {
      this.load();
    },
  },
});

import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { durationText, leaderboard, type BoardScope } from '../../services/quiz';
import { messageOf, ServiceError } from '../../services/transport';

interface Row {
  rank: number;
  key: string;
  displayName: string;
  unitName: string;
  scoreText: string;
  timeText: string;
  mine: boolean;
}

const TABS: Array<{ scope: BoardScope; label: string }> = [
  { scope: 'city', label: '全市' },
  { scope: 'branch', label: '本分校' },
  { scope: 'point', label: '本教学点' },
];

let seq = 0;

// Leaderboard of a quiz with scope tabs; "my rank" pinned above the list.
Component({
  behaviors: [elderMode],
  data: {
    quizId: '',
    tabs: TABS,
    scope: 'city' as BoardScope,
    status: 'loading' as ViewStatus,
    errorText: '',
    emptyText: '还没有人交卷，快来当第一名吧',
    rows: [] as Row[],
    meText: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ quizId: query.quizId || '' });
      this.load();
    },

    async load() {
      const mine = ++seq;
      this.setData({ status: 'loading', errorText: '', meText: '' });
      try {
        const b = await leaderboard(this.data.quizId, this.data.scope);
        if (mine !== seq) return;
        this.setData({
          status: b.items.length ? 'ready' : 'empty',
          rows: b.items.map((i, n) => ({
            rank: i.rank,
            key: `${n}`,
            displayName: i.displayName,
            unitName: i.unitName,
            scoreText: `${i.score} 分`,
            timeText: durationText(i.durationMs),
            // My own row, found by my rank and result (names are masked, so never by name).
            mine: !!b.me && b.me.rank === i.rank && b.me.score === i.score && b.me.durationMs === i.durationMs,
          })),
          meText: b.me ? `我的排名：第 ${b.me.rank} 名，${b.me.score} 分，用时 ${durationText(b.me.durationMs)}` : '',
        });
      } catch (err) {
        if (mine !== seq) return;
        const notEnrolled = err instanceof ServiceError && err.code === 'INVALID_ARGUMENT' && this.data.scope !== 'city';
        this.setData({ status: 'error', errorText: notEnrolled ? '报名入学后，可以查看本分校和本教学点的排行' : messageOf(err) });
      }
    },

    onTab(e: WechatMiniprogram.TouchEvent) {
      const scope = e.currentTarget.dataset.scope as BoardScope;
      if (scope === this.data.scope) return;
      this.setData({ scope });
      this.load();
    },

    onRetry() {
      this.load();
    },
  },
});

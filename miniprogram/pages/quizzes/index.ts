import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { durationText, listQuizzes, myTitle, shortTime, statusLabel, type QuizItem } from '../../services/quiz';
import { creditOfficerShare, officerSharePath } from '../../services/volunteer';
import { showError } from '../../utils/alert';
import { loadInto, loadMoreWith } from '../../utils/load-state';
import { selectTab } from '../../utils/nav';

/** The item id a share of the whole list is credited under (kind `quiz`). */
export const QUIZ_LIST_SHARE_ID = 'quiz-list';

interface Card {
  id: string;
  title: string;
  status: QuizItem['status'];
  statusLabel: string;
  scopeLabel: string;
  windowText: string;
  rulesText: string;
  bestText: string;
  /** A cancelled quiz: why (it lists among the closed ones). */
  cancelText: string;
  /** The server's answer: false for a branch quiz of another branch (marked, not offered). */
  canTake: boolean;
  onlyText: string;
}

function card(q: QuizItem): Card {
  return {
    id: q.id,
    title: q.title,
    status: q.status,
    statusLabel: statusLabel(q),
    scopeLabel: q.scope === 'city' ? '全市' : q.branchName || '分校',
    windowText: `${shortTime(q.startsAt)} 至 ${shortTime(q.endsAt)}`,
    rulesText: `每次 ${q.questionCount} 题 · 限时 ${Math.round(q.timeLimitSec / 60)} 分钟 · 每天 ${q.attemptsPerDay} 次`,
    cancelText: q.cancelled ? `取消原因：${q.cancelled.reason}` : '',
    canTake: q.canTake !== false,
    onlyText: q.canTake === false ? `仅限${q.branchName || '本分校'}学员参加` : '',
    bestText: q.myBest ? `我的最好成绩：${q.myBest.score} 分（用时 ${durationText(q.myBest.durationMs)}）` : '',
  };
}

// Quiz list: open first, then upcoming, then closed; my best on each; 科学达人 progress.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    open: [] as Card[],
    upcoming: [] as Card[],
    closed: [] as Card[],
    nextCursor: null as string | null,
    loadingMore: false,
    titleText: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      // Opened from a 科普信息员's share: credit them (once per opener; never disturbs the page).
      void creditOfficerShare(query);
    },

    /** 转发 the list, credited to the sharer when they are a 科普信息员. */
    onShareAppMessage() {
      return { title: '社区科普大学 · 科普竞答，答题赢“科学达人”', path: officerSharePath('/pages/quizzes/index', 'quiz', QUIZ_LIST_SHARE_ID) };
    },

    onShow() {
      selectTab(this as unknown as { getTabBar?: () => unknown }, '/pages/quizzes/index');
      this.load();
    },

    async load() {
      if (!(await loadInto(this, () => listQuizzes(), (page) => ({ ...this.cards(page.items, false), nextCursor: page.nextCursor })))) return;
      try {
        const t = await myTitle();
        this.setData({
          titleText: t.earned
            ? `恭喜！您是 ${t.year} 年度“科学达人”`
            : `${t.year} 年已有 ${t.qualifiedQuizzes} 场竞答达到 ${t.bar.minScore} 分，共需 ${t.bar.minQuizzes} 场即可获得“科学达人”称号`,
        });
      } catch {
        // Anonymous or offline: the title line is simply not shown.
        this.setData({ titleText: '' });
      }
    },

    /** The cards of `items` by status, after those shown when `append`. */
    cards(items: QuizItem[], append: boolean): { open: Card[]; upcoming: Card[]; closed: Card[]; status: ViewStatus } {
      const cards = items.map(card);
      const pick = (s: QuizItem['status']) => cards.filter((c) => c.status === s);
      const total = append ? this.data.open.length + this.data.upcoming.length + this.data.closed.length + cards.length : cards.length;
      return {
        open: append ? this.data.open.concat(pick('open')) : pick('open'),
        upcoming: append ? this.data.upcoming.concat(pick('upcoming')) : pick('upcoming'),
        closed: append ? this.data.closed.concat(pick('closed')) : pick('closed'),
        status: total ? 'ready' : 'empty',
      };
    },

    onMore() {
      return loadMoreWith(this, (cursor) => listQuizzes(cursor), (items) => this.cards(items, true));
    },

    onRetry() {
      this.load();
    },

    onOpen(e: WechatMiniprogram.TouchEvent) {
      const { id, status, only } = e.currentTarget.dataset as { id: string; status: string; only?: string };
      if (only && status !== 'closed') {
        showError(`${only}。您可以参加全市竞答，或先去练习模式学一学。`, '这场竞答不对您开放');
        return;
      }
      wx.navigateTo({ url: status === 'closed' ? `/pages/leaderboard/index?quizId=${id}` : `/pages/quiz/index?quizId=${id}` });
    },

    onPractice() {
      wx.navigateTo({ url: '/pages/practice/index' });
    },
  },
});

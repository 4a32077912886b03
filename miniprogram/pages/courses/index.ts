import { elderMode } from '../../behaviors/elder-mode';
import { loadInto, loadMore } from '../../utils/load-state';
import type { ViewStatus } from '../../components/state-view/type';
import { listCourses, toCardView, type CourseCardView, type ListCoursesParams, type Topic } from '../../services/course';
import { selectTab, takeTabQuery } from '../../utils/nav';
import { TOPIC_LABELS, TOPICS } from '../../utils/topics';
import { me } from '../../services/user';

interface Chip {
  value: string;
  label: string;
  hint: string;
}

const TOPIC_CHIPS: Chip[] = [{ value: '', label: '全部主题', hint: '全部主题' }].concat(TOPICS.map((t) => ({ value: t, label: TOPIC_LABELS[t], hint: TOPIC_LABELS[t] })));

let seq = 0;

// Course list (a tab): topic chips by name, the learner's own point by default (全市 one tap away),
// earliest first, paginated.
Component({
  behaviors: [elderMode],
  data: {
    chips: TOPIC_CHIPS,
    topic: '',
    /** The point filter: from the page query (a point's page) or the learner's own point. */
    pointId: '',
    pointName: '',
    myPointId: '',
    myPointName: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    items: [] as CourseCardView[],
    nextCursor: null as string | null,
    loadingMore: false,
    moreError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.applyQuery(query);
    },

    onShow() {
      selectTab(this as unknown as { getTabBar?: () => unknown }, '/pages/courses/index');
      // Opened from another page through go(): its filter waits in storage.
      const q = takeTabQuery('/pages/courses/index');
      if (q) this.applyQuery(q);
    },

    /** A point from the query, else (enrolled) the learner's own point, else the whole city. */
    async applyQuery(query: Record<string, string | undefined>) {
      this.setData({
        pointId: query.pointId || '',
        pointName: query.pointName ? decodeURIComponent(query.pointName) : '',
        topic: query.topic && TOPICS.indexOf(query.topic as Topic) >= 0 ? query.topic : '',
      });
      await this.loadMyPoint();
      if (!query.pointId && this.data.myPointId) this.setData({ pointId: this.data.myPointId, pointName: this.data.myPointName });
      this.search();
    },

    /** Offers "只看我的教学点" to learners; anyone else simply does not see the chip. */
    async loadMyPoint() {
      if (this.data.myPointId) return;
      try {
        const { learner } = await me();
        if (learner) this.setData({ myPointId: learner.pointId, myPointName: learner.pointName });
      } catch {
        // Not signed in or offline: the filter is optional.
      }
    },

    params(cursor?: string): ListCoursesParams {
      const p: ListCoursesParams = {};
      if (this.data.topic) p.topic = this.data.topic as Topic;
      if (this.data.pointId) p.pointId = this.data.pointId;
      if (cursor) p.cursor = cursor;
      return p;
    },

    search() {
      const mine = ++seq;
      return loadInto(
        this,
        () => listCourses(this.params()),
        (page) => ({ items: page.items.map(toCardView), nextCursor: page.nextCursor, status: page.items.length ? 'ready' : 'empty' }),
        { reset: { items: [], nextCursor: null, moreError: '' }, stale: () => mine !== seq },
      );
    },

    onMore() {
      const mine = seq;
      return loadMore(this, (cursor) => listCourses(this.params(cursor)), (items) => items.map(toCardView), { inlineError: true, stale: () => mine !== seq });
    },

    onTopic(e: WechatMiniprogram.TouchEvent) {
      const topic = String(e.currentTarget.dataset.value ?? '');
      if (topic === this.data.topic) return;
      this.setData({ topic });
      this.search();
    },

    onMyPoint() {
      const on = this.data.pointId !== this.data.myPointId;
      this.setData({ pointId: on ? this.data.myPointId : '', pointName: on ? this.data.myPointName : '' });
      this.search();
    },

    onClearPoint() {
      this.setData({ pointId: '', pointName: '' });
      this.search();
    },

    onRetry() {
      this.search();
    },

    onMine() {
      wx.navigateTo({ url: '/pages/my-courses/index' });
    },
  },
});

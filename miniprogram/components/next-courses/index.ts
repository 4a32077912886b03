import type { ViewStatus } from '../state-view/type';
import { nextCourses, suggestCourses, toCardView, type CourseCardView } from '../../services/course';
import { messageOf } from '../../services/transport';
import { go } from '../../utils/nav';

interface Row {
  course: CourseCardView;
  note: string;
}

/**
 * For the home page: the learner's next courses ("我的下一堂课") and suggestions fit for them
 * ("为您推荐", each with its reason). Loads when attached; `reload()` refreshes (e.g. onShow).
 */
Component({
  properties: {
    /** How many of each. */
    limit: { type: Number, value: 3 },
  },
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    next: [] as Row[],
    suggested: [] as Row[],
  },
  lifetimes: {
    attached() {
      this.reload();
    },
  },
  methods: {
    async reload() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const limit = Number(this.data.limit) || 3;
        const [mine, suggested] = await Promise.all([nextCourses(limit), suggestCourses(limit)]);
        this.setData({
          next: mine.items.map((i) => ({
            course: toCardView(i.course),
            note: i.status === 'waitlisted' ? `候补第 ${i.position ?? 1} 位` : i.checkedInAt ? '已签到' : '已报名',
          })),
          suggested: suggested.items.map((s) => ({ course: toCardView(s.course), note: `推荐理由：${s.reason}` })),
          status: mine.items.length || suggested.items.length ? 'ready' : 'empty',
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.reload();
    },

    onAll() {
      go('/pages/courses/index');
    },

    onMine() {
      wx.navigateTo({ url: '/pages/my-courses/index' });
    },
  },
});

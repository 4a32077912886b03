import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { myCourses, toCardView, type CourseCardView, type MyCourseItem } from '../../services/course';
import { messageOf, ServiceError } from '../../services/transport';
import { go } from '../../utils/nav';

interface Row {
  course: CourseCardView;
  note: string;
}

/** My own place, beside (never instead of) the course's state on the card. */
function noteOf(i: MyCourseItem): string {
  if (i.course.status === 'cancelled') return '课程已取消，无需前往';
  if (i.status === 'waitlisted') return i.course.status === 'scheduled' ? `候补第 ${i.position ?? 1} 位` : '候补未补上';
  if (i.checkedInAt) return '已签到 ✓';
  return i.course.status === 'ended' ? '已报名，未签到' : '已报名 ✓';
}

// 我的课程: upcoming (earliest first) and past courses of the learner.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    notEnrolled: false,
    upcoming: [] as Row[],
    past: [] as Row[],
  },
  methods: {
    onLoad() {
    },

    onShow() {
      this.load();
    },

    async load() {
      this.setData({ status: 'loading', errorText: '', notEnrolled: false });
      try {
        const { items } = await myCourses();
        const rows = items.map((i) => ({ course: toCardView(i.course), note: noteOf(i) }));
        const upcoming = rows.filter((r) => r.course.status === 'scheduled' || r.course.status === 'ongoing');
        const past = rows.filter((r) => r.course.status === 'ended' || r.course.status === 'cancelled');
        this.setData({ upcoming, past, status: rows.length ? 'ready' : 'empty' });
      } catch (err) {
        const notEnrolled = err instanceof ServiceError && err.code === 'PERMISSION_DENIED';
        this.setData({ status: 'error', errorText: messageOf(err), notEnrolled });
      }
    },

    onRetry() {
      this.load();
    },

    onBrowse() {
      go('/pages/courses/index');
    },

    onEnroll() {
      wx.navigateTo({ url: '/pages/points/index' });
    },
  },
});

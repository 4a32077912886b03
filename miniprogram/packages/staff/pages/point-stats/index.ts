import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { listCourses, pointStats, toCardView, type CourseCardView, type PointStatsResult } from '../../../../services/course';
import { messageOf } from '../../../../services/transport';
import { pickManagedPoint, type PointChoice } from '../../managed-points';
import { showError } from '../../../../utils/alert';
import { loadInto } from '../../../../utils/load-state';
import { shanghaiYear } from '../../../../utils/time';

let seq = 0;

// Staff hub of a teaching point: its yearly counts (courses held = ended with ≥ 1 check-in,
// attendances; demonstration points need 24 a year) and its courses, with 新建课程.
Component({
  behaviors: [elderMode],
  data: {
    points: [] as PointChoice[],
    pointNames: [] as string[],
    pointIndex: 0,
    pointId: '',
    year: shanghaiYear(),
    thisYear: shanghaiYear(),
    status: 'loading' as ViewStatus,
    errorText: '',
    stats: null as PointStatsResult | null,
    progress: 0,
    courses: [] as CourseCardView[],
    nextCursor: null as string | null,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      if (query.pointId) {
        this.setData({ pointId: query.pointId, points: [{ id: query.pointId, name: '' }] });
        this.load();
        return;
      }
      if (await pickManagedPoint(this, '您没有管理的教学点。总校管理员请从「教学点管理」进入具体教学点')) this.load();
    },

    async load() {
      const mine = ++seq;
      const from = `${this.data.year}-01-01T00:00:00+08:00`;
      await loadInto(
        this,
        () => Promise.all([pointStats(this.data.pointId, this.data.year), listCourses({ pointId: this.data.pointId, from, limit: 50 })]),
        ([stats, page]) => ({
          stats,
          progress: Math.min(100, Math.round((stats.coursesHeld / stats.demoTarget) * 100)),
          courses: page.items.map(toCardView),
          nextCursor: page.nextCursor,
          status: 'ready',
        }),
        { stale: () => mine !== seq },
      );
    },

    async onMore() {
      const cursor = this.data.nextCursor;
      if (!cursor) return;
      try {
        const page = await listCourses({ pointId: this.data.pointId, from: `${this.data.year}-01-01T00:00:00+08:00`, limit: 50, cursor });
        this.setData({ courses: this.data.courses.concat(page.items.map(toCardView)), nextCursor: page.nextCursor });
      } catch (err) {
        showError(messageOf(err));
      }
    },

    onRetry() {
      this.load();
    },

    onPoint(e: WechatMiniprogram.PickerChange) {
      const index = Number(e.detail.value) || 0;
      this.setData({ pointIndex: index, pointId: this.data.points[index].id });
      this.load();
    },

    onYear(e: WechatMiniprogram.TouchEvent) {
      const year = this.data.year + (e.currentTarget.dataset.step === 'next' ? 1 : -1);
      if (year > this.data.thisYear + 1) return;
      this.setData({ year });
      this.load();
    },

    onLearners() {
      const name = this.data.stats ? encodeURIComponent(this.data.stats.pointName) : '';
      wx.navigateTo({ url: `/packages/staff/pages/learners/index?pointId=${this.data.pointId}&pointName=${name}` });
    },

    onCreate() {
      const name = this.data.stats ? encodeURIComponent(this.data.stats.pointName) : '';
      wx.navigateTo({ url: `/packages/staff/pages/course-edit/index?pointId=${this.data.pointId}&pointName=${name}` });
    },
  },
});

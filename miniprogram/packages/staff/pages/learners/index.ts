import { elderMode } from '../../../../behaviors/elder-mode';
import { loadInto, loadMore } from '../../../../utils/load-state';
import type { ViewStatus } from '../../../../components/state-view/type';
import { getPoint } from '../../../../services/org';
import { listLearners } from '../../../../services/user';
import { pickManagedPoint, type PointChoice } from '../../managed-points';
import { learnerRow, type LearnerRow } from './rows';
import { shanghaiYear } from '../../../../utils/time';

let seq = 0;

// 学员名册: the learners of one teaching point, newest first, page by page. Phones come as the
// server returns them (full only to staff entitled); a full number can be called with one tap.
Component({
  behaviors: [elderMode],
  data: {
    points: [] as PointChoice[],
    pointNames: [] as string[],
    pointIndex: 0,
    pointId: '',
    pointName: '',
    learnerCount: -1,
    status: 'loading' as ViewStatus,
    errorText: '',
    items: [] as LearnerRow[],
    nextCursor: null as string | null,
    loadingMore: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      if (query.pointId) {
        this.setData({ pointId: query.pointId, pointName: query.pointName ? decodeURIComponent(query.pointName) : '' });
        this.load();
        return;
      }
      const first = await pickManagedPoint(this, '您没有管理的教学点。总校管理员请从「教学点管理」进入具体教学点查看学员');
      if (!first) return;
      this.setData({ pointName: first.name });
      this.load();
    },

    async load() {
      const mine = ++seq;
      let title = '';
      const loaded = await loadInto(
        this,
        () =>
          Promise.all([
            listLearners(this.data.pointId),
            // The name and the head count only; the list does not depend on it.
            getPoint(this.data.pointId).catch(() => null),
          ]),
        ([page, point]) => {
          const year = shanghaiYear();
          if (point) title = `${point.name} · 学员名册`;
          return {
            items: page.items.map((l) => learnerRow(l, year)),
            nextCursor: page.nextCursor,
            pointName: point ? point.name : this.data.pointName,
            learnerCount: point ? point.learnerCount : -1,
            status: page.items.length ? 'ready' : 'empty',
          };
        },
        { reset: { items: [], nextCursor: null }, stale: () => mine !== seq },
      );
      if (loaded && title) wx.setNavigationBarTitle({ title });
    },

    onMore() {
      const mine = seq;
      const year = shanghaiYear();
      return loadMore(this, (cursor) => listLearners(this.data.pointId, cursor), (items) => items.map((l) => learnerRow(l, year)), {
        stale: () => mine !== seq,
      });
    },

    onRetry() {
      if (this.data.pointId) this.load();
      else this.onLoad({});
    },

    onPoint(e: WechatMiniprogram.PickerChange) {
      const index = Number(e.detail.value) || 0;
      const point = this.data.points[index];
      if (!point) return;
      this.setData({ pointIndex: index, pointId: point.id, pointName: point.name });
      this.load();
    },

    onCall(e: WechatMiniprogram.TouchEvent) {
      const phone = String(e.currentTarget.dataset.phone || '');
      if (!/^1\d{10}$/.test(phone)) return;
      wx.makePhoneCall({ phoneNumber: phone, fail: () => undefined });
    },
  },
});

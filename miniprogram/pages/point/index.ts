import { STORAGE_KEYS } from '../../config';
import type { ViewStatus } from '../../components/state-view/type';
import { getPoint, type PointDetail } from '../../services/org';
import { messageOf } from '../../services/transport';
import { me } from '../../services/user';

// One teaching point: where it is, who leads it, and the way to enroll (or transfer) there.
Component({
  data: {
    elder: false,
    id: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    point: null as PointDetail | null,
    /** 'none' | 'here' | 'elsewhere' */
    relation: 'none',
    myPointName: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ elder: wx.getStorageSync(STORAGE_KEYS.elderMode) === true, id: query.id || '' });
      this.load();
    },

    async load() {
      if (!this.data.id) {
        this.setData({ status: 'error', errorText: '没有找到这个教学点，请返回重新选择' });
        return;
      }
      this.setData({ status: 'loading', errorText: '' });
      try {
        const [point, mine] = await Promise.all([getPoint(this.data.id), me().catch(() => null)]);
        const learner = mine ? mine.learner : null;
        wx.setNavigationBarTitle({ title: point.name });
        this.setData({
          point,
          status: 'ready',
          relation: !learner ? 'none' : learner.pointId === point.id ? 'here' : 'elsewhere',
          myPointName: learner ? learner.pointName : '',
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    onMap() {
      const p = this.data.point;
      if (!p || !p.location) return;
      wx.openLocation({ latitude: p.location.latitude, longitude: p.location.longitude, name: p.name, address: p.address, scale: 16 });
    },

    onEnroll() {
      const p = this.data.point;
      if (p) wx.navigateTo({ url: `/pages/enroll/index?pointId=${p.id}` });
    },
  },
});

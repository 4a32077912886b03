import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { getPoint, type PointDetail } from '../../services/org';
import { pointTitles, shortTime, type TitleHolder } from '../../services/quiz';
import { messageOf } from '../../services/transport';
import { me } from '../../services/user';
import { showError } from '../../utils/alert';

interface TitleRow {
  key: string;
  name: string;
  detail: string;
}

function titleRows(items: TitleHolder[], offset: number): TitleRow[] {
  return items.map((h, i) => ({
    key: `${offset + i}-${h.awardedAt}`,
    name: h.displayName,
    detail: `${shortTime(h.awardedAt).split(' ')[0]}获得 · ${h.qualifiedQuizzes} 场竞答高分`,
  }));
}

// One teaching point: where it is, who leads it, and the way to enroll (or transfer) there.
Component({
  behaviors: [elderMode],
  data: {
    id: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    point: null as PointDetail | null,
    /** 'none' | 'here' | 'elsewhere' */
    relation: 'none',
    myPointName: '',
    /** The point's 科学达人 this year (masked names, as the server returns them). */
    titlesStatus: 'loading' as ViewStatus,
    titlesError: '',
    titles: [] as TitleRow[],
    titlesCursor: null as string | null,
    titlesLoadingMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id || '' });
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
        this.loadTitles();
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    async loadTitles() {
      this.setData({ titlesStatus: 'loading', titlesError: '' });
      try {
        const page = await pointTitles(this.data.id);
        this.setData({ titles: titleRows(page.items, 0), titlesCursor: page.nextCursor, titlesStatus: page.items.length ? 'ready' : 'empty' });
      } catch (err) {
        this.setData({ titlesStatus: 'error', titlesError: messageOf(err) });
      }
    },

    onTitlesRetry() {
      this.loadTitles();
    },

    async onMoreTitles() {
      const cursor = this.data.titlesCursor;
      if (!cursor || this.data.titlesLoadingMore) return;
      this.setData({ titlesLoadingMore: true });
      try {
        const page = await pointTitles(this.data.id, cursor);
        this.setData({ titles: this.data.titles.concat(titleRows(page.items, this.data.titles.length)), titlesCursor: page.nextCursor });
      } catch (err) {
        showError(messageOf(err));
      } finally {
        this.setData({ titlesLoadingMore: false });
      }
    },

    onMap() {
      const p = this.data.point;
      if (!p || !p.location) return;
      wx.openLocation({ latitude: p.location.latitude, longitude: p.location.longitude, name: p.name, address: p.address, scale: 16 });
    },

    /** The number the point's staff published (org.updatePoint contactPhone). */
    onCall() {
      const phone = this.data.point?.contactPhone;
      if (phone) wx.makePhoneCall({ phoneNumber: phone });
    },

    onEnroll() {
      const p = this.data.point;
      if (p) wx.navigateTo({ url: `/pages/enroll/index?pointId=${p.id}` });
    },
  },
});

import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { KIND_NAMES, listResources, searchResources, type ResourceItem } from '../../services/resource';
import { topicLabel, TOPIC_LABELS, TOPICS } from '../../utils/topics';
import { loadInto, loadMore } from '../../utils/load-state';
import { showError } from '../../utils/alert';

interface Row extends ResourceItem {
  kindName: string;
  topicName: string;
}

const toRows = (items: ResourceItem[]): Row[] => items.map((i) => ({ ...i, kindName: KIND_NAMES[i.kind], topicName: topicLabel(i.topic) }));

// The library: topic chips with readable names, premium first (or only), literal search.
Component({
  behaviors: [elderMode],
  data: {
    topics: TOPICS.map((t) => ({ code: t, name: TOPIC_LABELS[t] })),
    topic: '',
    premiumOnly: false,
    keyword: '',
    searching: false,
    status: 'loading' as ViewStatus,
    errorText: '',
    items: [] as Row[],
    nextCursor: null as string | null,
    loadingMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.topic && TOPICS.includes(query.topic as never)) this.setData({ topic: query.topic });
      this.load();
    },

    fetch(cursor?: string) {
      if (this.data.searching) return searchResources(this.data.keyword, cursor);
      return listResources({
        ...(this.data.topic ? { topic: this.data.topic as ResourceItem['topic'] } : {}),
        ...(this.data.premiumOnly ? { premium: true } : {}),
        ...(cursor ? { cursor } : {}),
      });
    },

    load() {
      return loadInto(
        this,
        () => this.fetch(),
        (page) => ({ items: toRows(page.items), nextCursor: page.nextCursor, status: page.items.length ? 'ready' : 'empty' }),
        { reset: { items: [], nextCursor: null } },
      );
    },

    onMore() {
      return loadMore(this, (cursor) => this.fetch(cursor), (items) => toRows(items));
    },

    onTopic(e: WechatMiniprogram.TouchEvent) {
      const code = String(e.currentTarget.dataset.code || '');
      this.setData({ topic: this.data.topic === code ? '' : code, searching: false, keyword: '' });
      this.load();
    },

    onPremium() {
      this.setData({ premiumOnly: !this.data.premiumOnly, searching: false });
      this.load();
    },

    onKeyword(e: WechatMiniprogram.Input) {
      this.setData({ keyword: e.detail.value });
    },

    onSearch() {
      const keyword = this.data.keyword.trim();
      if (!keyword) {
        showError('请输入想找的内容', '请再看一下');
        return;
      }
      this.setData({ searching: true, keyword, topic: '', premiumOnly: false });
      this.load();
    },

    onRetry() {
      this.load();
    },

    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/resource/index?resourceId=${e.currentTarget.dataset.id}` });
    },
  },
});

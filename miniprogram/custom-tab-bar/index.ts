import { isElderMode } from '../behaviors/elder-mode';
import { TAB_PAGES } from '../utils/nav';

/**
 * Our own tab bar: WeChat's native one draws its labels at about 12 px, too small for the
 * residents; this one uses the same type scale as the pages (and 长辈模式).
 */
Component({
  data: {
    selected: 0,
    elder: false,
    tabs: [
      { url: TAB_PAGES[0], label: '首页' },
      { url: TAB_PAGES[1], label: '课程' },
      { url: TAB_PAGES[2], label: '答题' },
      { url: TAB_PAGES[3], label: '我的' },
    ],
  },
  lifetimes: {
    attached() {
      this.setData({ elder: isElderMode() });
    },
  },
  methods: {
    onTab(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const tab = this.data.tabs[index];
      if (!tab) return;
      this.setData({ selected: index, elder: isElderMode() });
      wx.switchTab({ url: tab.url });
    },
  },
});

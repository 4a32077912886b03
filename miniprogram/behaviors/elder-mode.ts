import { STORAGE_KEYS } from '../config';

/** True when the resident switched 长辈模式 on (the home page's toggle stores the choice). */
export function isElderMode(): boolean {
  return wx.getStorageSync(STORAGE_KEYS.elderMode) === true;
}

/**
 * 长辈模式 for a page or component: owns `data.elder` (the `.elder` class on the root), read from
 * storage when attached and again each time the page shows, so a toggle made on another page
 * applies on coming back. Use as `behaviors: [elderMode]`.
 */
export const elderMode = Behavior({
  data: { elder: false },
  lifetimes: {
    attached() {
      this.setData({ elder: isElderMode() });
    },
  },
  pageLifetimes: {
    show() {
      const elder = isElderMode();
      if (elder !== this.data.elder) this.setData({ elder });
    },
  },
});

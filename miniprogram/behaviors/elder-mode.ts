import { STORAGE_KEYS } from '../config';

/** WeChat's own text size (px) above which the phone is set to large text (standard is 16–17). */
export const LARGE_TEXT_PX = 18;

/** Whether the phone's WeChat is set to large text (设置 → 通用 → 字体大小). */
export function phoneUsesLargeText(): boolean {
  try {
    const size = wx.getAppBaseInfo().fontSizeSetting;
    return typeof size === 'number' && size >= LARGE_TEXT_PX;
  } catch {
    return false;
  }
}

/** The resident's own choice (the home page's toggle), or null before they made one. */
function storedChoice(): boolean | null {
  const stored: unknown = wx.getStorageSync(STORAGE_KEYS.elderMode);
  return stored === true || stored === false ? stored : null;
}

/** 长辈模式: the resident's choice; before any choice, it follows the phone's large text. */
export function isElderMode(): boolean {
  const choice = storedChoice();
  return choice === null ? phoneUsesLargeText() : choice;
}

/** True when 长辈模式 is on only because the phone uses large text (the home page says so). */
export function elderFromPhone(): boolean {
  return storedChoice() === null && phoneUsesLargeText();
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

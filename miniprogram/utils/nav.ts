/**
 * The four tab pages (首页 / 课程 / 答题 / 我的). WeChat refuses wx.navigateTo to a tab page and
 * wx.switchTab carries no query, so every link goes through `go()`: a tab page's query waits in
 * storage until the tab shows (`takeTabQuery`).
 */
export const TAB_PAGES = ['/pages/index/index', '/pages/courses/index', '/pages/quizzes/index', '/pages/me/index'] as const;

const TAB_QUERY_KEY = 'tabQuery';

export function isTabPage(url: string): boolean {
  return (TAB_PAGES as readonly string[]).indexOf(url.split('?')[0]) >= 0;
}

function queryOf(url: string): Record<string, string> {
  const q: Record<string, string> = {};
  const i = url.indexOf('?');
  if (i < 0) return q;
  for (const pair of url.slice(i + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0) q[pair.slice(0, eq)] = decodeURIComponent(pair.slice(eq + 1));
  }
  return q;
}

/** Opens any page of the mini-program, tab or not. */
export function go(url: string): void {
  if (!isTabPage(url)) {
    wx.navigateTo({ url });
    return;
  }
  const path = url.split('?')[0];
  const query = queryOf(url);
  if (Object.keys(query).length) wx.setStorageSync(TAB_QUERY_KEY, { path, query });
  wx.switchTab({ url: path });
}

/** The query a `go()` left for this tab page (once), or null. */
export function takeTabQuery(path: string): Record<string, string> | null {
  const stored: unknown = wx.getStorageSync(TAB_QUERY_KEY);
  if (!stored || typeof stored !== 'object' || (stored as { path?: unknown }).path !== path) return null;
  wx.removeStorageSync(TAB_QUERY_KEY);
  return (stored as { query: Record<string, string> }).query;
}

/** Highlights this page's tab in the custom tab bar (absent in tests and older clients). */
export function selectTab(page: { getTabBar?: () => unknown }, path: string): void {
  const bar = typeof page.getTabBar === 'function' ? (page.getTabBar() as { setData?: (d: object) => void } | null) : null;
  if (bar && bar.setData) bar.setData({ selected: (TAB_PAGES as readonly string[]).indexOf(path) });
}

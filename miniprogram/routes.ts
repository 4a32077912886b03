/**
 * The pages registered in app.json, as absolute URLs. Pages link only to these, so an entry for
 * a page another developer has not added yet never renders.
 * Keep in sync with app.json: test/miniprogram/routes.test.ts fails when they differ.
 */
export const REGISTERED_PAGES: readonly string[] = [
  '/pages/index/index',
  '/packages/staff/pages/index/index',
];

export function isRegistered(url: string): boolean {
  return REGISTERED_PAGES.indexOf(url.split('?')[0]) >= 0;
}

/**
 * The page renderer shared by the page-audit test and `npm run preview`: renders a page with
 * miniprogram-simulate (test/support/simulate.ts) against the local cloud, measures it, and turns
 * its DOM + wxss into a standalone HTML document at phone width (rpx → px at 375 px).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LocalCloud } from '../support/cloud';
import { MINIPROGRAM_ROOT, renderComponent, settle, setupWx, withDialogs, type FakeWx } from '../support/simulate';

export interface PageSpec {
  /** 'pages/index/index' or 'packages/staff/pages/…/index'. */
  page: string;
  query: Record<string, string>;
  openid: string;
  staff: boolean;
}

export interface Rendering {
  spec: PageSpec;
  html: string;
  text: string;
  nodes: number;
  /** Bytes (JSON) of the first setData after the page loaded, and of the largest. */
  firstSetDataBytes: number;
  maxSetDataBytes: number;
  /** Cloud calls the page made while opening. */
  calls: number;
  error: string;
}

interface AppJson {
  pages: string[];
  subpackages: Array<{ root: string; pages: string[] }>;
  tabBar?: { list: Array<{ pagePath: string }> };
}

export function appJson(): AppJson {
  return JSON.parse(fs.readFileSync(path.join(MINIPROGRAM_ROOT, 'app.json'), 'utf8')) as AppJson;
}

export function allPages(): Array<{ page: string; staff: boolean }> {
  const app = appJson();
  return [
    ...app.pages.map((page) => ({ page, staff: false })),
    ...app.subpackages.flatMap((s) => s.pages.map((p) => ({ page: `${s.root}/${p}`, staff: true }))),
  ];
}

/** APIs pages call that the fake wx of simulate.ts does not provide: answered as a phone would. */
function phoneApis(): void {
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  const fail = (opts: { fail?: (e: unknown) => void; complete?: () => void }) => {
    opts?.fail?.({ errMsg: 'fail cancel' });
    opts?.complete?.();
  };
  Object.assign(wx, {
    setClipboardData: fail,
    getLocation: fail,
    scanCode: fail,
    openSetting: fail,
    requestSubscribeMessage: fail,
    pageScrollTo: () => {},
    stopPullDownRefresh: () => {},
    setNavigationBarTitle: () => {},
    showLoading: () => {},
    hideLoading: () => {},
    showShareMenu: () => {},
    getAppBaseInfo: () => ({ fontSizeSetting: 16 }),
    createInnerAudioContext: () => ({ src: '', play() {}, pause() {}, stop() {}, destroy() {}, onEnded() {}, onError() {}, onTimeUpdate() {} }),
    // No layout in jsdom: queries answer nothing (canvas charts then draw nothing), as before the first render.
    createSelectorQuery: () => {
      const query = { in: () => query, select: () => ({ fields: () => ({ exec: () => {} }), boundingClientRect: () => ({ exec: () => {} }) }), exec: () => {} };
      return query;
    },
  });
}

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');
}

/** Renders one page as `spec.openid` against `cloud` (wx.cloud, as a release build: no developer panel). */
export async function renderOne(cloud: LocalCloud, spec: PageSpec): Promise<Rendering> {
  const fake: FakeWx = setupWx({ backend: (name, event, openid) => cloud.call(name, event, openid), envVersion: 'release', cloudOpenid: spec.openid });
  withDialogs(fake);
  phoneApis();
  const out: Rendering = { spec, html: '', text: '', nodes: 0, firstSetDataBytes: 0, maxSetDataBytes: 0, calls: 0, error: '' };
  try {
    const rendered = renderComponent(spec.page);
    const page = rendered.comp.instance as Record<string, unknown> & { setData: (d: object, cb?: () => void) => void };
    const sizes: number[] = [];
    const setData = page.setData.bind(page);
    page.setData = (d: object, cb?: () => void) => {
      sizes.push(bytes(d));
      setData(d, cb);
    };
    if (typeof page.onLoad === 'function') (page.onLoad as (q: object) => void)(spec.query);
    if (typeof page.onShow === 'function') (page.onShow as () => void)();
    await settle();
    await settle();
    const dom = rendered.comp.dom;
    out.html = dom ? dom.innerHTML : '';
    out.text = (dom?.textContent ?? '').replace(/\s+/g, ' ').trim();
    out.nodes = (dom as unknown as { querySelectorAll(s: string): { length: number } }).querySelectorAll('*').length;
    // The first setData carrying what the page loaded (the ones before the first answer are the loading state).
    out.firstSetDataBytes = sizes.length ? Math.max(...sizes.slice(0, 3)) : 0;
    out.maxSetDataBytes = sizes.length ? Math.max(...sizes) : 0;
    out.calls = fake.calls.length;
    rendered.unmount();
  } catch (err) {
    out.error = err instanceof Error ? `${err.message}\n${(err.stack ?? '').split('\n').slice(1, 4).join('\n')}` : String(err);
  }
  return out;
}

// ---- HTML for the preview ----

const TAGS: Record<string, string> = { 'wx-view': 'div', 'wx-text': 'span', 'wx-image': 'img', 'wx-input': 'input', 'wx-textarea': 'textarea', 'wx-button': 'button', 'wx-scroll-view': 'div', 'wx-picker': 'div', 'wx-navigator': 'div', 'wx-block': 'div', 'wx-label': 'label', 'wx-radio-group': 'div', 'wx-checkbox-group': 'div', 'wx-form': 'div', 'wx-canvas': 'div', 'wx-video': 'div' };

/** 750 rpx = 375 px. */
export function rpxToPx(css: string): string {
  return css.replace(/(-?\d*\.?\d+)rpx/g, (_, n: string) => `${+(Number(n) / 2).toFixed(2)}px`);
}

function readWxss(rel: string): string {
  const file = path.join(MINIPROGRAM_ROOT, `${rel}.wxss`);
  if (!fs.existsSync(file)) return '';
  // @import of a shared wxss, resolved against the file.
  return fs.readFileSync(file, 'utf8').replace(/@import\s+['"]([^'"]+)['"];?/g, (_, imp: string) => {
    const target = imp.startsWith('/') ? path.join(MINIPROGRAM_ROOT, imp) : path.resolve(path.dirname(file), imp);
    return fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  });
}

function componentsOf(rel: string, seen = new Set<string>()): string[] {
  const json = path.join(MINIPROGRAM_ROOT, `${rel}.json`);
  if (!fs.existsSync(json)) return [];
  const using = (JSON.parse(fs.readFileSync(json, 'utf8')) as { usingComponents?: Record<string, string> }).usingComponents ?? {};
  const out: string[] = [];
  for (const p of Object.values(using)) {
    const r = p.startsWith('/') ? p.slice(1) : path.relative(MINIPROGRAM_ROOT, path.resolve(path.dirname(path.join(MINIPROGRAM_ROOT, rel)), p));
    if (seen.has(r)) continue;
    seen.add(r);
    out.push(r, ...componentsOf(r, seen));
  }
  return out;
}

/** A standalone HTML page: the rendered DOM (simulate's class prefixes removed) with every wxss that applies. */
export function toHtml(r: Rendering, options: { elder: boolean; tabBarHtml?: string }): string {
  let body = r.html.replace(/class="([^"]*)"/g, (_, cls: string) => `class="${cls.split(/\s+/).map((c) => c.replace(/^[\w-]+?--/, '')).join(' ')}"`);
  for (const [from, to] of Object.entries(TAGS)) body = body.split(`<${from}`).join(`<${to} data-wx="${from}"`).split(`</${from}>`).join(`</${to}>`);
  body = body.replace(/<\/?(?:wx-[\w-]+|[a-z]+-[a-z-]+)(?=[\s>])[^>]*>/g, (tag) => (tag.startsWith('</') ? '</div>' : tag.replace(/^<[\w-]+/, '<div')));
  const css = [readWxss('app'), ...componentsOf(r.spec.page).map(readWxss), readWxss(r.spec.page), readWxss('custom-tab-bar/index')].join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=375">
<style>
html, body { margin: 0; width: 375px; font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", sans-serif; }
:where(div[data-wx="wx-view"], div[data-wx="wx-scroll-view"]) { display: block; }
input, textarea { font: inherit; border: 1px solid #8c8c8c; padding: 4px; box-sizing: border-box; }
${rpxToPx(css).replace(/\bpage\s*\{/g, 'body {')}
</style></head><body><div class="${options.elder ? 'elder' : ''}">${body}</div>${options.tabBarHtml ?? ''}</body></html>`;
}

/** The tab bar as a tab page shows it (simulate does not render custom-tab-bar on its own). */
export function tabBarHtml(selected: number, elder: boolean): string {
  const labels = ['首页', '课程', '答题', '我的'];
  return `<div class="tab-bar ${elder ? 'elder' : ''}">${labels.map((l, i) => `<div class="tab ${i === selected ? 'tab-on' : ''}">${l}</div>`).join('')}</div>`;
}

export function tabIndex(page: string): number {
  return (appJson().tabBar?.list ?? []).findIndex((t) => t.pagePath === page);
}

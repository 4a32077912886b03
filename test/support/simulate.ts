/**
 * Render mini-program pages and components under jest with miniprogram-simulate.
 *
 * Use from a test file that starts with the `/** @jest-environment jsdom *\/` docblock.
 *
 * How a TypeScript page gets loaded: `simulate.load(<abs path without extension>)` reads
 * `<path>.json`, `.wxml` and `.wxss` itself with fs, then runs the logic with a plain
 * `require(<path without extension>)` from inside miniprogram-simulate. Under jest that
 * `require` is jest's own, which resolves the bare path through `moduleFileExtensions`
 * (ts first) and runs jest's esbuild transform, so `index.ts` is compiled on the fly; its
 * `Component({...})` call reaches the `Component` global that simulate installed. simulate
 * then tries `delete require.cache[...]`, which jest ignores, so a second load of the same page
 * would find the module cached and never call `Component()` again: every load therefore runs
 * inside `jest.isolateModules`, giving the page (and its services/config) a fresh module registry.
 *
 * Pages are built with `Component()` (allowed for pages) because simulate only knows
 * components; page lifecycle methods (`onLoad`, `onShow`) live in `methods`, and `renderPage`
 * calls them as the framework would.
 *
 * The wxml is interpreted by simulate's own JS compiler (`compiler: 'simulate'`); absolute
 * `usingComponents` paths resolve against `rootPath` = miniprogram/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const MINIPROGRAM_ROOT = path.join(__dirname, '../../miniprogram');

/** The few DOM properties tests read (root tsconfig has no DOM lib). */
export interface SimDom {
  className: string;
  textContent: string | null;
  innerHTML: string;
  getAttribute(name: string): string | null;
}

export interface SimComponent {
  readonly dom: SimDom | undefined;
  readonly data: Record<string, any>;
  readonly instance: Record<string, any>;
  dispatchEvent(eventName: string, options?: unknown): void;
  querySelector(selector: string): SimComponent | undefined;
  querySelectorAll(selector: string): SimComponent[];
  setData(data: Record<string, unknown>, callback?: () => void): void;
  triggerLifeTime(name: string): void;
}

export interface SimRoot extends SimComponent {
  attach(parent: unknown): void;
  detach(): void;
}

interface SimulateModule {
  load(componentPath: string, tagName: string, options?: Record<string, unknown>): string;
  render(id: string, properties?: Record<string, unknown>): SimRoot;
  sleep(ms: number): Promise<void>;
}

// Loaded with require and typed locally: miniprogram-simulate's own .d.ts pulls the
// mini-program's global typings (wx, Page, console...) into the Node test build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate: SimulateModule = require('miniprogram-simulate');

// ---------------------------------------------------------------------------------------------
// Fake wx
// ---------------------------------------------------------------------------------------------

/**
 * The backend a test plugs in: a function of (function name, event, caller OPENID) answering
 * what the cloud function would return (the `{ ok, ... }` envelope). A test can pass the real
 * local cloud here. Throwing/rejecting simulates a network failure.
 */
export type Backend = (name: string, event: Record<string, unknown>, openid: string | undefined) => Promise<unknown>;

export interface BackendCall {
  via: 'request' | 'cloud';
  name: string;
  event: Record<string, unknown>;
  openid: string | undefined;
}

export interface FakeWxOptions {
  backend?: Backend;
  /** Initial storage contents. */
  storage?: Record<string, unknown>;
  /** 'develop' (default): the local-cloud transport (wx.request); otherwise wx.cloud. */
  envVersion?: 'develop' | 'trial' | 'release';
  /** OPENID wx.cloud.callFunction presents to the backend in cloud mode. */
  cloudOpenid?: string;
}

export interface FakeWx {
  storage: Map<string, unknown>;
  calls: BackendCall[];
  toasts: Record<string, unknown>[];
  /** Texts of every wx.showModal shown without `withDialogs`. */
  dialogs: string[];
  navigations: string[];
  cloudInits: Record<string, unknown>[];
  setBackend(backend: Backend): void;
  /** Requests or cloud calls that have not answered yet. */
  inFlight(): number;
}

const LOCAL_PATH = /\/v1\/functions\/([^/?#]+)$/;

/** The tab pages of app.json's tabBar, as absolute URLs. */
const TAB_PAGES = new Set<string>(
  (
    (JSON.parse(fs.readFileSync(path.join(MINIPROGRAM_ROOT, 'app.json'), 'utf8')) as { tabBar?: { list: Array<{ pagePath: string }> } }).tabBar?.list ?? []
  ).map((t) => `/${t.pagePath}`),
);

function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

/** Installs fake wx APIs on the global `wx` (the one simulate created) and returns recorders. */
export function installFakeWx(options: FakeWxOptions = {}): FakeWx {
  let backend: Backend =
    options.backend ?? (async () => ({ ok: false, error: { code: 'INTERNAL', message: '测试未提供后端' } }));
  let pending = 0;
  const state: FakeWx = {
    storage: new Map(Object.entries(options.storage ?? {})),
    calls: [],
    toasts: [],
    dialogs: [],
    navigations: [],
    cloudInits: [],
    setBackend(b) {
      backend = b;
    },
    inFlight: () => pending,
  };

  const invoke = (call: BackendCall): Promise<unknown> => {
    state.calls.push(call);
    pending += 1;
    return Promise.resolve()
      .then(() => backend(call.name, clone(call.event), call.openid))
      .then(clone)
      .finally(() => {
        pending -= 1;
      });
  };

  const g = globalThis as unknown as { wx: Record<string, unknown> };
  const wx = (g.wx = g.wx ?? {});
  Object.assign(wx, {
    getAccountInfoSync: () => ({
      miniProgram: { appId: 'touristappid', envVersion: options.envVersion ?? 'develop', version: '' },
    }),
    getStorageSync: (key: string) => (state.storage.has(key) ? clone(state.storage.get(key)) : ''),
    setStorageSync: (key: string, value: unknown) => {
      state.storage.set(key, clone(value));
    },
    removeStorageSync: (key: string) => {
      state.storage.delete(key);
    },
    showToast: (opts: Record<string, unknown>) => {
      state.toasts.push(opts);
    },
    // An error dialog (utils/alert.ts): answered at once; `withDialogs` records and answers them instead.
    showModal: (opts: { content?: string; success?: (r: { confirm: boolean; cancel: boolean }) => void }) => {
      state.dialogs.push(opts.content ?? '');
      opts.success?.({ confirm: true, cancel: false });
    },
    navigateTo: (opts: { url: string; success?: () => void }) => {
      // As WeChat: a tab page cannot be navigated to (wx.switchTab, without a query, instead).
      if (TAB_PAGES.has(opts.url.split('?')[0])) throw new Error(`navigateTo a tab page: ${opts.url}`);
      state.navigations.push(opts.url);
      opts.success?.();
    },
    switchTab: (opts: { url: string; success?: () => void }) => {
      if (!TAB_PAGES.has(opts.url)) throw new Error(`switchTab to a page that is not a tab (or with a query): ${opts.url}`);
      state.navigations.push(opts.url);
      opts.success?.();
    },
    request: (opts: {
      url: string;
      method?: string;
      header?: Record<string, string>;
      data?: Record<string, unknown>;
      success?: (res: unknown) => void;
      fail?: (err: unknown) => void;
      complete?: (res: unknown) => void;
    }) => {
      const match = LOCAL_PATH.exec(opts.url);
      if (!match || (opts.method ?? 'GET').toUpperCase() !== 'POST') {
        setTimeout(() => {
          const res = { statusCode: 404, data: { error: 'not found' }, header: {}, errMsg: 'request:ok' };
          opts.success?.(res);
          opts.complete?.(res);
        }, 0);
        return { abort() {} };
      }
      const header = opts.header ?? {};
      const openidKey = Object.keys(header).find((k) => k.toLowerCase() === 'x-wx-openid');
      invoke({
        via: 'request',
        name: decodeURIComponent(match[1]),
        event: opts.data ?? {},
        openid: openidKey ? header[openidKey] : undefined,
      }).then(
        (data) => {
          const res = { statusCode: 200, data, header: {}, errMsg: 'request:ok' };
          opts.success?.(res);
          opts.complete?.(res);
        },
        (err: unknown) => {
          const res = { errMsg: `request:fail ${err instanceof Error ? err.message : String(err)}` };
          opts.fail?.(res);
          opts.complete?.(res);
        },
      );
      return { abort() {} };
    },
    cloud: {
      init: (config: Record<string, unknown> = {}) => {
        state.cloudInits.push(config);
      },
      callFunction: (opts: { name: string; data?: Record<string, unknown> }) =>
        invoke({ via: 'cloud', name: opts.name, event: opts.data ?? {}, openid: options.cloudOpenid }).then(
          (result) => ({ result, errMsg: 'cloud.callFunction:ok', requestID: 'test' }),
          (err: unknown) => {
            throw { errCode: -1, errMsg: `cloud.callFunction:fail ${String(err)}` };
          },
        ),
    },
  });
  return state;
}

// ---------------------------------------------------------------------------------------------
// Loading and rendering
// ---------------------------------------------------------------------------------------------

/**
 * Registers a page or component by its path under miniprogram/ without extension
 * (e.g. 'pages/index/index'), with a fresh module registry, and returns simulate's id.
 */
export function load(relPath: string, tagName = 'main'): string {
  let id = '';
  jest.isolateModules(() => {
    id = simulate.load(path.join(MINIPROGRAM_ROOT, relPath), tagName, {
      rootPath: MINIPROGRAM_ROOT,
      compiler: 'simulate',
    });
  });
  return id;
}

export interface Rendered {
  comp: SimRoot;
  /** Detaches the page (runs `detached`). */
  unmount(): void;
}

/** Renders a component attached to a fresh container (runs `attached`). */
export function renderComponent(relPath: string, properties?: Record<string, unknown>): Rendered {
  const comp = simulate.render(load(relPath), properties);
  const doc = (globalThis as unknown as { document: { createElement(tag: string): unknown } }).document;
  comp.attach(doc.createElement('parent-wrapper'));
  return { comp, unmount: () => comp.detach() };
}

/**
 * Renders a Component()-built page the way the framework opens it: attach, then `onLoad(query)`
 * and `onShow()`, then waits until the backend calls it started have answered.
 */
export async function renderPage(relPath: string, query: Record<string, string> = {}): Promise<Rendered> {
  const rendered = renderComponent(relPath);
  const page = rendered.comp.instance;
  if (typeof page.onLoad === 'function') page.onLoad(query);
  if (typeof page.onShow === 'function') page.onShow();
  await settle();
  return rendered;
}

/**
 * Waits until no fake request is in flight and queued callbacks (setData after await) have run.
 */
export async function settle(maxMs = 5000): Promise<void> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    // Let started work reach the fake wx and answered work run its continuations.
    await simulate.sleep(0);
    if (!currentFake || currentFake.inFlight() === 0) {
      await simulate.sleep(0);
      if (!currentFake || currentFake.inFlight() === 0) return;
    }
    if (Date.now() > deadline) throw new Error('settle: backend calls still in flight');
    await simulate.sleep(1);
  }
}

let currentFake: FakeWx | undefined;

/** installFakeWx, remembered so `settle()` can wait for its in-flight calls. */
export function setupWx(options: FakeWxOptions = {}): FakeWx {
  currentFake = installFakeWx(options);
  return currentFake;
}

/** What `withDialogs` adds to a fake wx. */
export interface Dialogs {
  /** Every wx.showModal shown, in order. */
  modals: Array<{ title?: string; content?: string }>;
  /** How every dialog is answered (true, confirm, unless the test changes it). */
  confirm: boolean;
}

/**
 * Adds to the fake wx: wx.showModal, recorded in `modals` and answered with `confirm`, and
 * wx.redirectTo, recorded in `navigations` like wx.navigateTo.
 */
export function withDialogs(fake: FakeWx): FakeWx & Dialogs {
  const extras = Object.assign(fake, { modals: [], confirm: true } as Dialogs);
  const g = globalThis as unknown as { wx: Record<string, unknown> };
  Object.assign(g.wx, {
    showModal: (opts: { title?: string; content?: string; success?: (r: { confirm: boolean; cancel: boolean }) => void }) => {
      extras.modals.push({ title: opts.title, content: opts.content });
      opts.success?.({ confirm: extras.confirm, cancel: !extras.confirm });
    },
    redirectTo: (opts: { url: string }) => {
      fake.navigations.push(opts.url);
    },
  });
  return extras;
}

/** Visible text of a rendered node, whitespace collapsed. */
export function textOf(node: SimComponent | undefined): string {
  return (node?.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** True when the node carries `cls`, accepting simulate's `<tag>--<cls>` prefixing. */
export function hasClass(node: SimComponent | undefined, cls: string): boolean {
  const classes = (node?.dom?.className ?? '').split(/\s+/);
  return classes.some((c) => c === cls || c.endsWith(`--${cls}`));
}

/** Taps a node like a finger would. Handlers run asynchronously: `await settle()` after. */
export function tap(node: SimComponent | undefined): void {
  if (!node) throw new Error('tap: node not found');
  node.dispatchEvent('tap');
}

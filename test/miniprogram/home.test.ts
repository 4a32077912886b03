/** @jest-environment jsdom */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasClass, renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';

// The repository's own copy of the reference data (the functions seed the 41 branches from it).
const BRANCHES_FILE = path.join(__dirname, '../../database/reference/chongqing-branches.json');
const reference: { branches: { code: string; district: string }[] } = JSON.parse(fs.readFileSync(BRANCHES_FILE, 'utf8'));


/** Answers user.me: a resident not yet enrolled (`staff`: with a role); everything else is unknown. */
const meBackend =
  (roles: unknown[] = []): Backend =>
  async (name, event, openid) => {
    if (name === 'user' && event.action === 'me') return { ok: true, data: { openid, roles, learner: null, volunteer: null } };
    return { ok: false, error: { code: 'INVALID_ARGUMENT', message: '未知操作' } };
  };
const orgBackend = meBackend();

describe('home page', () => {
  test('the reference data has the 41 branches', () => {
    expect(reference.branches).toHaveLength(41);
  });

  test('first screen: the next step (报名入学) and the main entries; one cloud call; no branch list', async () => {
    const wx = setupWx({ backend: orgBackend, storage: { devOpenid: { openid: 'dev-u1' } } });
    const { comp } = await renderPage('pages/index/index');

    expect(wx.calls).toEqual([{ via: 'request', name: 'user', event: { action: 'me' }, openid: 'dev-u1' }]);
    expect(textOf(comp.querySelector('#next-step'))).toContain('第一步：报名入学');
    const entries = comp.querySelectorAll('.entry-title').map((e) => textOf(e));
    expect(entries).toEqual(['课程', '答题', '志愿服务']);
    // One way in for a newcomer: 报名入学 (the finder), not a second entry to the same page.
    expect(comp.querySelectorAll('.entry').map((e) => e.dom?.getAttribute('data-url'))).not.toContain('/pages/points/index');
    expect(comp.querySelectorAll('.branch')).toHaveLength(0);
    tap(comp.querySelector('#enroll-cta'));
    await settle();
    expect(wx.navigations).toEqual(['/pages/points/index']);
    tap(comp.querySelectorAll('.entry')[0]);
    await settle();
    expect(wx.navigations[1]).toBe('/pages/courses/index');
  });

  test('goes through wx.cloud.callFunction outside development; no developer panel, no staff entry for a resident', async () => {
    const wx = setupWx({ backend: orgBackend, envVersion: 'release', cloudOpenid: 'o-real' });
    const { comp } = await renderPage('pages/index/index');

    expect(new Set(wx.calls.map((c) => c.via))).toEqual(new Set(['cloud']));
    expect(textOf(comp.querySelector('#next-step'))).toContain('报名入学');
    expect(comp.querySelector('#dev-panel')).toBeUndefined();
    expect(comp.querySelectorAll('.btn').find((b) => textOf(b) === '工作人员入口')).toBeUndefined();
  });

  test('an error stays on the screen with 重试, and retrying loads', async () => {
    let failing = true;
    const wx = setupWx({
      backend: async (name, event, openid) => {
        if (failing) throw new Error('connection refused');
        return orgBackend(name, event, openid);
      },
    });
    const { comp } = await renderPage('pages/index/index');

    expect(textOf(comp.querySelector('#next-step'))).toContain('网络不太好，请稍后再试');
    failing = false;
    tap(comp.querySelector('#home-retry'));
    await settle();
    expect(wx.calls.filter((c) => c.name === 'user')).toHaveLength(2);
    expect(textOf(comp.querySelector('#next-step'))).toContain('报名入学');
  });

  test('shows a function error message as it is', async () => {
    setupWx({ backend: async () => ({ ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } }) });
    const { comp } = await renderPage('pages/index/index');
    expect(textOf(comp.querySelector('#next-step'))).toContain('系统繁忙，请稍后再试');
  });

  test('the 长辈模式 toggle switches the elder class and remembers the choice', async () => {
    const wx = setupWx({ backend: orgBackend });
    const { comp } = await renderPage('pages/index/index');
    const root = () => comp.querySelector('#home');

    expect(hasClass(root(), 'elder')).toBe(false);
    tap(comp.querySelector('#elder-toggle'));
    await settle();
    expect(hasClass(root(), 'elder')).toBe(true);
    expect(wx.storage.get('elderMode')).toBe(true);
    expect(textOf(comp.querySelector('#elder-toggle'))).toContain('已开启');

    tap(comp.querySelector('#elder-toggle'));
    await settle();
    expect(hasClass(root(), 'elder')).toBe(false);
    expect(wx.storage.get('elderMode')).toBe(false);
  });

  test('opens in 长辈模式 when it was chosen before', async () => {
    setupWx({ backend: orgBackend, storage: { elderMode: true } });
    const { comp } = await renderPage('pages/index/index');
    expect(hasClass(comp.querySelector('#home'), 'elder')).toBe(true);
  });

  test('follows the phone: large WeChat text starts in 长辈模式 and says so; a choice made wins', async () => {
    const wx = setupWx({ backend: orgBackend });
    (globalThis as unknown as { wx: Record<string, unknown> }).wx.getAppBaseInfo = () => ({ fontSizeSetting: 20 });
    const { comp } = await renderPage('pages/index/index');
    expect(hasClass(comp.querySelector('#home'), 'elder')).toBe(true);
    expect(textOf(comp.querySelector('#elder-note'))).toContain('已为您开启长辈模式');
    tap(comp.querySelector('#elder-toggle'));
    await settle();
    expect(hasClass(comp.querySelector('#home'), 'elder')).toBe(false);
    expect(wx.storage.get('elderMode')).toBe(false);
    expect(comp.querySelector('#elder-note')).toBeUndefined();
    (globalThis as unknown as { wx: Record<string, unknown> }).wx.getAppBaseInfo = () => ({ fontSizeSetting: 16 });
    const normal = await renderPage('pages/index/index');
    expect(hasClass(normal.comp.querySelector('#home'), 'elder')).toBe(false);
  });

  test('renders entries only for registered pages; the staff entry opens the staff console', async () => {
    const wx = setupWx({ backend: meBackend([{ role: 'point_admin', pointId: 'pt_1', branchId: 'br_1' }]), envVersion: 'release' });
    const { comp } = await renderPage('pages/index/index');
    const appJson = JSON.parse(fs.readFileSync(path.join(__dirname, '../../miniprogram/app.json'), 'utf8'));
    const pages = new Set<string>([
      ...appJson.pages.map((p: string) => `/${p}`),
      ...(appJson.subpackages ?? []).flatMap((s: { root: string; pages: string[] }) => s.pages.map((p) => `/${s.root}/${p}`)),
    ]);
    for (const entry of comp.querySelectorAll('.entry')) {
      expect(pages.has(entry.dom?.getAttribute('data-url') ?? '')).toBe(true);
    }
    const staff = comp.querySelectorAll('.btn').find((b) => textOf(b) === '工作人员入口');
    tap(staff);
    await settle();
    expect(wx.navigations).toEqual(['/packages/staff/pages/index/index']);
  });

  test('developer panel switches the OPENID and reloads', async () => {
    const wx = setupWx({ backend: orgBackend });
    const { comp } = await renderPage('pages/index/index');
    const panel = comp.querySelector('#dev-panel');
    expect(textOf(panel)).toContain('demo-learner-1');

    const anonymous = comp.querySelectorAll('.dev-preset').find((b) => textOf(b) === '匿名访客');
    tap(anonymous);
    await settle();
    expect([...new Set(wx.calls.map((c) => c.openid))]).toEqual(['demo-learner-1', undefined]);
    expect(textOf(comp.querySelector('#dev-panel'))).toContain('（匿名）');
  });
});

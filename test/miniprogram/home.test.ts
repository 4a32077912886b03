/** @jest-environment jsdom */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasClass, renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';

// The repository's own copy of the reference data (the functions seed the 41 branches from it).
const BRANCHES_FILE = path.join(__dirname, '../../database/reference/chongqing-branches.json');
const reference: { branches: { code: string; district: string }[] } = JSON.parse(fs.readFileSync(BRANCHES_FILE, 'utf8'));

const branchItems = reference.branches.map((b, i) => ({
  id: `branch-${b.code}`,
  code: b.code,
  name: `${b.district}社区科普大学`,
  district: b.district,
  pointCount: i % 5,
}));

/** Answers org.listBranches and user.me (a resident not yet enrolled); everything else is unknown. */
const orgBackend: Backend = async (name, event, openid) => {
  if (name === 'org' && event.action === 'listBranches') return { ok: true, data: { items: branchItems } };
  if (name === 'user' && event.action === 'me') return { ok: true, data: { openid, roles: [], learner: null, volunteer: null } };
  return { ok: false, error: { code: 'INVALID_ARGUMENT', message: '未知操作' } };
};

describe('home page', () => {
  test('the reference data has the 41 branches', () => {
    expect(reference.branches).toHaveLength(41);
  });

  test('lists the 41 branch schools from org.listBranches through the local transport', async () => {
    const wx = setupWx({ backend: orgBackend, storage: { devOpenid: { openid: 'dev-u1' } } });
    const { comp } = await renderPage('pages/index/index');

    expect(wx.calls.filter((c) => c.name === 'org')).toEqual([{ via: 'request', name: 'org', event: { action: 'listBranches' }, openid: 'dev-u1' }]);
    const cards = comp.querySelectorAll('.branch');
    expect(cards).toHaveLength(41);
    expect(textOf(cards[0])).toContain('万州区社区科普大学');
    const text = textOf(comp.querySelector('#home'));
    for (const b of reference.branches) expect(text).toContain(b.district);
    expect(text).not.toContain('正在加载');
  });

  test('goes through wx.cloud.callFunction outside development', async () => {
    const wx = setupWx({ backend: orgBackend, envVersion: 'release', cloudOpenid: 'o-real' });
    const { comp } = await renderPage('pages/index/index');

    expect(new Set(wx.calls.map((c) => c.via))).toEqual(new Set(['cloud']));
    expect(comp.querySelectorAll('.branch')).toHaveLength(41);
    expect(comp.querySelector('#dev-panel')).toBeUndefined();
  });

  test('shows the error with 重试, and retrying loads the branches', async () => {
    let failing = true;
    const wx = setupWx({
      backend: async (name, event, openid) => {
        if (failing) throw new Error('connection refused');
        return orgBackend(name, event, openid);
      },
    });
    const { comp } = await renderPage('pages/index/index');

    const state = comp.querySelector('#branches-state');
    expect(textOf(state)).toContain('网络不太好，请稍后再试');
    const retry = state?.querySelector('.retry');
    expect(textOf(retry)).toBe('重试');
    expect(comp.querySelectorAll('.branch')).toHaveLength(0);

    failing = false;
    tap(retry);
    await settle();

    expect(wx.calls.filter((c) => c.name === 'org')).toHaveLength(2);
    expect(comp.querySelectorAll('.branch')).toHaveLength(41);
    expect(textOf(comp.querySelector('#branches-state'))).not.toContain('重试');
  });

  test('shows a function error message as it is', async () => {
    setupWx({ backend: async () => ({ ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } }) });
    const { comp } = await renderPage('pages/index/index');
    expect(textOf(comp.querySelector('#branches-state'))).toContain('系统繁忙，请稍后再试');
  });

  test('shows the empty state when there are no branches', async () => {
    setupWx({ backend: async () => ({ ok: true, data: { items: [] } }) });
    const { comp } = await renderPage('pages/index/index');
    expect(textOf(comp.querySelector('#branches-state'))).toContain('暂时没有分校信息');
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

  test('renders entries only for registered pages; the staff entry opens the staff console', async () => {
    const wx = setupWx({ backend: orgBackend });
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

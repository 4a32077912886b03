/** @jest-environment jsdom */
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';

const meAs = (roles: { role: string; scopeId?: string }[]): Backend => async (name, event, openid) => {
  if (name === 'user' && event.action === 'me') {
    return { ok: true, data: { openid, roles, learner: null, volunteer: null } };
  }
  return { ok: false, error: { code: 'INVALID_ARGUMENT', message: '未知操作' } };
};

const STAFF_PAGE = 'packages/staff/pages/index/index';

describe('staff console', () => {
  test('shows the caller’s roles from user.me', async () => {
    const wx = setupWx({ backend: meAs([{ role: 'branch_admin', scopeId: 'branch-500103' }]) });
    const { comp } = await renderPage(STAFF_PAGE);
    expect(wx.calls).toEqual([expect.objectContaining({ name: 'user', event: { action: 'me' }, openid: 'demo-learner-1' })]);
    const text = textOf(comp.querySelector('#staff'));
    expect(text).toContain('分校管理员（branch-500103）');
    // Only tools whose page is registered and that a branch admin may use.
    const tools = comp.querySelectorAll('.tool');
    expect(tools.map((t) => textOf(t))).toContainEqual(expect.stringContaining('教学点管理'));
    expect(text).not.toContain('管理工具还在建设中');
  });

  test('a resident without roles is told how to get access', async () => {
    setupWx({ backend: meAs([]) });
    const { comp } = await renderPage(STAFF_PAGE);
    expect(textOf(comp.querySelector('#staff'))).toContain('您目前没有工作人员权限');
  });

  test('an error offers 重试', async () => {
    let fail = true;
    const wx = setupWx({
      backend: async (name, event, openid) =>
        fail ? { ok: false, error: { code: 'UNAUTHENTICATED', message: '请先在微信中登录后再试' } } : meAs([{ role: 'head_admin' }])(name, event, openid),
    });
    const { comp } = await renderPage(STAFF_PAGE);
    const state = comp.querySelector('#staff-state');
    expect(textOf(state)).toContain('请先在微信中登录后再试');
    fail = false;
    tap(state?.querySelector('.retry'));
    await settle();
    expect(wx.calls).toHaveLength(2);
    expect(textOf(comp.querySelector('#staff'))).toContain('总校管理员');
  });
});

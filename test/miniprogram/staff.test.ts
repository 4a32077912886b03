/** @jest-environment jsdom */
import * as path from 'node:path';
import { MINIPROGRAM_ROOT, renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';

// routes.ts is mini-program code; required through jest's transform like the pages are.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isRegistered } = require(path.join(MINIPROGRAM_ROOT, 'routes')) as { isRegistered(url: string): boolean };

const meAs = (roles: { role: string; scopeId?: string; scopeName?: string }[]): Backend => async (name, event, openid) => {
  if (name === 'user' && event.action === 'me') {
    return { ok: true, data: { openid, roles, learner: null, volunteer: null } };
  }
  if (name === 'school' && event.action === 'todo') return { ok: true, data: { items: [], total: 0 } };
  return { ok: false, error: { code: 'INVALID_ARGUMENT', message: '未知操作' } };
};

const STAFF_PAGE = 'packages/staff/pages/index/index';

describe('staff console', () => {
  test('shows the caller’s roles from user.me', async () => {
    const wx = setupWx({ backend: meAs([{ role: 'branch_admin', scopeId: 'br_500103', scopeName: '渝中区分校' }]) });
    const { comp } = await renderPage(STAFF_PAGE);
    expect(wx.calls).toEqual([
      expect.objectContaining({ name: 'user', event: { action: 'me' }, openid: 'demo-learner-1' }),
      expect.objectContaining({ name: 'school', event: { action: 'todo' } }),
    ]);
    expect(textOf(comp.querySelector('#todo-empty'))).toBe('目前没有待办事项');
    const text = textOf(comp.querySelector('#staff'));
    expect(text).toContain('分校管理员（渝中区分校）');
    expect(text).not.toContain('br_500103');
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
    // me failed, me again, then the to-do
    expect(wx.calls.map((c) => `${c.name}.${String(c.event.action)}`)).toEqual(['user.me', 'user.me', 'school.todo']);
    expect(textOf(comp.querySelector('#staff'))).toContain('总校管理员');
  });

  // Every staff tool, in console order, with the roles that see it. The pages another
  // developer is adding appear only once registered in app.json.
  const ALL: [title: string, url: string, roles: string[]][] = [
    ['教学点管理', '/packages/staff/pages/points/index', ['head_admin', 'branch_admin']],
    ['分校一览', '/packages/staff/pages/branches/index', ['head_admin']],
    ['任命管理员', '/packages/staff/pages/grants/index', ['head_admin', 'branch_admin']],
    ['课程与签到', '/packages/staff/pages/point-stats/index', ['head_admin', 'branch_admin', 'point_admin']],
    ['学员名册', '/packages/staff/pages/learners/index', ['head_admin', 'branch_admin', 'point_admin']],
    ['题库导入', '/packages/staff/pages/question-import/index', ['head_admin']],
    ['题库管理', '/packages/staff/pages/question-bank/index', ['head_admin']],
    ['发布竞答', '/packages/staff/pages/quiz-edit/index', ['head_admin', 'branch_admin']],
    ['竞答参与情况', '/packages/staff/pages/quiz-stats/index', ['head_admin', 'branch_admin']],
    ['科学达人名单', '/packages/staff/pages/quiz-titles/index', ['head_admin', 'branch_admin', 'point_admin']],
    ['科普信息员统计', '/packages/staff/pages/officer-stats/index', ['head_admin', 'branch_admin', 'point_admin']],
    ['志愿服务', '/pages/teams/index', ['head_admin', 'branch_admin', 'point_admin', 'team_leader']],
    ['志愿服务统计', '/packages/staff/pages/volunteer-report/index', ['head_admin', 'branch_admin', 'point_admin', 'team_leader']],
    ['课程资源审核', '/packages/staff/pages/resource-review/index', ['head_admin', 'branch_admin', 'point_admin']],
    ['上传课程资源', '/packages/staff/pages/resource-upload/index', ['head_admin', 'branch_admin', 'point_admin']],
    ['提交优秀活动案例', '/packages/staff/pages/case-submit/index', ['branch_admin']],
    ['优秀案例评选与资助', '/packages/staff/pages/case-select/index', ['head_admin']],
    ['教学计划审核', '/packages/staff/pages/plan-review/index', ['head_admin', 'branch_admin']],
    ['示范教学点开课进度', '/packages/staff/pages/demo-meter/index', ['head_admin', 'branch_admin']],
    ['编制教学计划', '/packages/staff/pages/plan-edit/index', ['head_admin', 'branch_admin', 'point_admin']],
    ['四化八有', '/packages/staff/pages/checklist/index', ['head_admin', 'branch_admin', 'point_admin']],
    ['申报示范教学点', '/packages/staff/pages/demo-apply/index', ['branch_admin']],
    ['示范教学点申报审核', '/packages/staff/pages/demo-queue/index', ['head_admin']],
    ['示范教学点复核', '/packages/staff/pages/verification/index', ['head_admin', 'branch_admin']],
    ['教学点年度档案', '/packages/staff/pages/archive/index', ['head_admin', 'branch_admin', 'point_admin']],
    ['师资库', '/packages/staff/pages/teacher-pool/index', ['head_admin', 'branch_admin']],
    ['统计总览', '/packages/staff/pages/stats-overview/index', ['head_admin', 'branch_admin', 'point_admin']],
    ['表格导入', '/packages/staff/pages/import/index', ['head_admin', 'branch_admin']],
  ];
  /** A tool card's title: the longest known title its text starts with (title and desc render adjacent). */
  const titleOf = (tool: Parameters<typeof textOf>[0]) =>
    ALL.map(([title]) => title)
      .filter((title) => textOf(tool).startsWith(title))
      .sort((a, b) => b.length - a.length)[0] ?? textOf(tool);
  const PENDING = ['题库管理', '科学达人名单', '科普信息员统计', '志愿服务统计', '课程资源审核', '教学计划审核', '示范教学点开课进度', '编制教学计划', '四化八有', '申报示范教学点', '示范教学点申报审核', '示范教学点复核', '教学点年度档案', '师资库', '统计总览', '表格导入', '上传课程资源', '提交优秀活动案例', '优秀案例评选与资助'];
  const expected = (role: string) => ALL.filter(([title, url, roles]) => roles.includes(role) && (!PENDING.includes(title) || isRegistered(url)));

  test.each([
    ['head_admin', undefined, ['教学点管理', '分校一览', '任命管理员', '课程与签到', '学员名册', '题库导入', '发布竞答', '竞答参与情况', '志愿服务']],
    ['branch_admin', 'br_500103', ['教学点管理', '任命管理员', '课程与签到', '学员名册', '发布竞答', '竞答参与情况', '志愿服务']],
    ['point_admin', 'pt_jiefangbei', ['课程与签到', '学员名册', '志愿服务']],
    ['team_leader', 'tm_1', ['志愿服务']],
  ])('a %s sees exactly the tools of the role', async (role, scopeId, always) => {
    const wx = setupWx({ backend: meAs([{ role, ...(scopeId ? { scopeId } : {}) }]) });
    const { comp } = await renderPage(STAFF_PAGE);
    const tools = comp.querySelectorAll('.tool');
    const titles = tools.map((t) => titleOf(t));
    expect(titles).toEqual(expected(role).map(([title]) => title));
    // The tools every role always has (their pages exist today), whatever else is registered.
    expect(titles).toEqual(expect.arrayContaining(always));
    expect(titles.filter((t) => !PENDING.includes(t))).toEqual(always);
    // Each opens its page.
    for (const [i, tool] of tools.entries()) {
      tap(tool);
      await settle();
      expect(wx.navigations[i]).toBe(expected(role)[i][1]);
    }
  });

  test('someone with two roles sees the tools of both, once each', async () => {
    setupWx({ backend: meAs([{ role: 'point_admin', scopeId: 'pt_jiefangbei' }, { role: 'team_leader', scopeId: 'tm_1' }]) });
    const { comp } = await renderPage(STAFF_PAGE);
    const titles = comp.querySelectorAll('.tool').map((t) => titleOf(t));
    expect(titles).toEqual(expected('point_admin').map(([title]) => title));
  });
});

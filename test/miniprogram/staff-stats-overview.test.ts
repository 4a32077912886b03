/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { typedApi, type LocalCloud } from '../support/cloud';
import { JIANGBEI, PEOPLE, startOrgCloud, YUZHONG, type OrgFixture } from '../org/fixtures';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';

/** 统计总览 against the real stats and sheet functions: figures, charts (drawn on a recording canvas), export. */
let cloud: LocalCloud;
let f: OrgFixture;
let api: ReturnType<typeof typedApi>;
let backend: Backend;
const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

beforeAll(async () => {
  ({ cloud, f } = await startOrgCloud());
  api = typedApi(cloud);
  backend = (name, event, openid) => cloud.call(name, event, openid);
});
afterAll(() => cloud.close());

interface Drawn {
  texts: string[];
  fonts: string[];
  bars: number;
}

/** A canvas 2d that records what the chart components draw, at 375px wide (1px = 2rpx). */
function recordingCanvas(): Drawn {
  const drawn: Drawn = { texts: [], fonts: [], bars: 0 };
  const ctx = {
    set font(v: string) {
      drawn.fonts.push(v);
    },
    scale() {},
    clearRect() {},
    measureText: (t: string) => ({ width: t.length * 18 }),
    fillText: (t: string) => drawn.texts.push(t),
    fillRect: () => drawn.bars++,
    beginPath() {},
    moveTo() {},
    lineTo() {},
    stroke() {},
    arc() {},
    fill() {},
  };
  const g = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  g.getWindowInfo = () => ({ windowWidth: 375, pixelRatio: 2 });
  g.createSelectorQuery = () => {
    const q = {
      in: () => q,
      select: () => q,
      fields: () => q,
      exec: (cb: (res: unknown[]) => void) => setTimeout(() => cb([{ node: { width: 0, height: 0, getContext: () => ctx }, width: 340, height: 300 }]), 0),
    };
    return q;
  };
  return drawn;
}

test('head admin: the city figures as the function counts them, the branches as bars and the years as a line; 36rpx labels', async () => {
  // A volunteer leading a team with a 全国科普日 activity, so the national figures are not all zero.
  await api.ok('volunteer', 'register', { realName: '郑队长', phone: '13900000001' }, 'lead-national');
  const { teamId } = await api.ok('volunteer', 'createTeam', { unitId: f.pointA, leaderOpenid: 'lead-national' }, PEOPLE.head);
  await api.ok(
    'volunteer',
    'createActivity',
    { teamId, title: '全国科普日社区讲座', startsAt: new Date(Date.now() + 60_000).toISOString(), endsAt: new Date(Date.now() + 3_660_000).toISOString(), location: '社区活动中心', slots: 5, hours: 1, keyDay: '全国科普日' },
    'lead-national',
  );
  setupWx({ backend, storage: { devOpenid: { openid: PEOPLE.head } } });
  const drawn = recordingCanvas();
  const { comp, unmount } = await renderPage('packages/staff/pages/stats-overview/index');
  await settle();
  const o = await api.ok('stats', 'overview', { scope: 'city', year }, PEOPLE.head);
  expect(textOf(comp.querySelector('.figure-learners'))).toBe(`${o.learners.total}在册学员（人）`);
  expect(o.learners.total).toBeGreaterThan(0);
  expect(textOf(comp.querySelector('#gender'))).toContain(`女 ${o.learners.female} 人`);
  const b = await api.ok('stats', 'breakdown', { scope: 'city', year }, PEOPLE.head);
  expect(comp.querySelector('#bars')!.querySelectorAll('.bar-value')).toHaveLength(Math.min(12, b.rows.length));
  expect(comp.querySelector('#line')!.querySelectorAll('.line-value').map(textOf)).toEqual([4, 3, 2, 1, 0].map((d) => `${year - d}年0次`));
  // Every label drawn at 18px on a 375px screen, i.e. 36rpx.
  expect(drawn.fonts.length).toBeGreaterThan(0);
  for (const font of drawn.fonts) expect(Number(/^([\d.]+)px/.exec(font)![1])).toBeGreaterThanOrEqual(18);
  expect(drawn.texts).toEqual(expect.arrayContaining([`${year}年`, b.rows[0].unitName]));
  expect(drawn.bars).toBeGreaterThan(0);

  // 全国科普统计报表口径: the national function's figures for the same unit and year, each under its plain label.
  const n = await api.ok('stats', 'national', { scope: 'city', year }, PEOPLE.head);
  const national = comp.querySelector('#national')!;
  expect(textOf(national)).toContain('全国科普统计报表口径');
  const shown = (key: string) => textOf(comp.querySelector(`.figure-${key}`));
  expect(shown('staff-lecturers')).toBe(`${n.staff.lecturers}兼职讲师（人）`);
  expect(shown('staff-volunteers')).toBe(`${n.staff.volunteers}志愿者（人）`);
  expect(shown('staff-total')).toBe(`${n.staff.total}合计（人）`);
  expect(n.staff.total).toBe(n.staff.lecturers + n.staff.volunteers);
  expect(n.staff.volunteers).toBeGreaterThan(0);
  expect(n.volunteerActivities.sessions).toBeGreaterThan(0);
  expect(n.keyDays['全国科普日']).toBeGreaterThan(0);
  expect(shown('lectures-sessions')).toBe(`${n.lectures.sessions}场次（场）`);
  expect(shown('lectures-participants')).toBe(`${n.lectures.participants}人次（人次）`);
  expect(shown('contests-sessions')).toBe(`${n.contests.sessions}场次（场）`);
  expect(shown('contests-participants')).toBe(`${n.contests.participants}人次（人次）`);
  expect(shown('activities-sessions')).toBe(`${n.volunteerActivities.sessions}场次（场）`);
  expect(shown('activities-participants')).toBe(`${n.volunteerActivities.participants}人次（人次）`);
  expect(shown('keyday-science')).toBe(`${n.keyDays['全国科普日']}全国科普日（项）`);
  expect(shown('keyday-week')).toBe(`${n.keyDays['科技活动周']}科技活动周（项）`);
  expect(shown('keyday-workers')).toBe(`${n.keyDays['科技工作者日']}科技工作者日（项）`);
  expect(textOf(comp.querySelector('.national-staff'))).toContain('科普人员');
  expect(textOf(comp.querySelector('.national-lectures'))).toContain('科普讲座');
  expect(textOf(comp.querySelector('.national-contests'))).toContain('科普竞赛');
  expect(textOf(comp.querySelector('.national-activities'))).toContain('志愿活动');

  tap(comp.querySelectorAll('.metric')[2]);
  await settle();
  expect(textOf(comp.querySelector('#line')!.querySelectorAll('.line-value')[4])).toBe(`${year}年0小时`);
  unmount();
});

test('a branch admin picks among what they may see; 导出表格 runs the export to the end and opens the file', async () => {
  const wx = setupWx({ backend, storage: { devOpenid: { openid: PEOPLE.branchAdminYuzhong } } });
  const opened: string[] = [];
  Object.assign((globalThis as unknown as { wx: Record<string, unknown> }).wx, {
    downloadFile: (o: { url: string; success: (r: unknown) => void }) => setTimeout(() => o.success({ statusCode: 200, tempFilePath: `wxfile://tmp/${o.url.split('?')[0].split('/').pop()}` }), 0),
    openDocument: (o: { filePath: string; fileType: string; success: () => void }) => {
      opened.push(`${o.fileType}:${o.filePath}`);
      o.success();
    },
  });
  const { comp, unmount } = await renderPage('packages/staff/pages/stats-overview/index');
  await settle();
  expect(comp.querySelectorAll('.scope')).toHaveLength(0);
  expect(textOf(comp.querySelector('#scope-name'))).toContain('渝中');
  expect(wx.calls.find((c) => c.event.action === 'overview')!.event).toMatchObject({ scope: 'branch', unitId: YUZHONG });
  expect(wx.calls.find((c) => c.event.action === 'national')!.event).toMatchObject({ scope: 'branch', unitId: YUZHONG, year });
  const branchNational = await api.ok('stats', 'national', { scope: 'branch', unitId: YUZHONG, year }, PEOPLE.branchAdminYuzhong);
  expect(textOf(comp.querySelector('.figure-staff-total'))).toBe(`${branchNational.staff.total}合计（人）`);
  expect(wx.calls.some((c) => c.event.unitId === JIANGBEI)).toBe(false);
  const points = await api.ok('stats', 'breakdown', { scope: 'branch', unitId: YUZHONG, year }, PEOPLE.branchAdminYuzhong);
  expect(comp.querySelector('#bars')!.querySelectorAll('.bar-value').map((n) => textOf(n).replace(/\d+次$/, ''))).toEqual(expect.arrayContaining(points.rows.map((r) => r.unitName)));

  tap(comp.querySelector('#export'));
  await settle();
  const actions = wx.calls.filter((c) => c.name === 'sheet').map((c) => String(c.event.action));
  expect(actions[0]).toBe('exportStart');
  expect(actions[actions.length - 1]).toBe('exportFinish');
  expect(opened).toHaveLength(1);
  expect(opened[0]).toMatch(/^xlsx:wxfile:\/\/tmp\/.+\.xlsx$/);
  expect(textOf(comp.querySelector('#export-text'))).toContain('已生成表格');
  unmount();

  setupWx({ backend, storage: { devOpenid: { openid: PEOPLE.pointAdminA } } });
  const point = await renderPage('packages/staff/pages/stats-overview/index');
  await settle();
  expect(point.comp.querySelector('#breakdown')).toBeUndefined();
  expect(point.comp.querySelector('#line')!.querySelectorAll('.line-value')).toHaveLength(5);
  point.unmount();
  void f;
});

test('a learner is told who may look; a failed call offers a retry that works', async () => {
  setupWx({ backend, storage: { devOpenid: { openid: PEOPLE.learner } } });
  const learner = await renderPage('packages/staff/pages/stats-overview/index');
  expect(textOf(learner.comp.querySelector('#stats-state'))).toContain('只有总校、分校或教学点管理员');
  learner.unmount();

  let down = true;
  const wx = setupWx({ backend: (n, e, o) => (down && e.action === 'overview' ? Promise.reject(new Error('offline')) : backend(n, e, o)), storage: { devOpenid: { openid: PEOPLE.pointAdminA } } });
  const page = await renderPage('packages/staff/pages/stats-overview/index');
  expect(textOf(page.comp.querySelector('#stats-state'))).toContain('网络不太好');
  down = false;
  tap(page.comp.querySelector('#stats-state')?.querySelector('.retry'));
  await settle();
  expect(page.comp.querySelector('.figure-learners')).toBeDefined();
  expect(wx.calls.filter((c) => c.event.action === 'overview')).toHaveLength(2);
  page.unmount();

  // The national figures failing leaves the overview standing; the error shows in their section, with a retry.
  let nationalDown = true;
  const wx2 = setupWx({ backend: (n, e, o) => (nationalDown && e.action === 'national' ? Promise.reject(new Error('offline')) : backend(n, e, o)), storage: { devOpenid: { openid: PEOPLE.pointAdminA } } });
  const inline = await renderPage('packages/staff/pages/stats-overview/index');
  await settle();
  expect(inline.comp.querySelector('.figure-learners')).toBeDefined();
  expect(textOf(inline.comp.querySelector('#national-state'))).toContain('网络不太好');
  expect(inline.comp.querySelector('.figure-staff-total')).toBeUndefined();
  nationalDown = false;
  tap(inline.comp.querySelector('#national-state')?.querySelector('.retry'));
  await settle();
  expect(inline.comp.querySelector('.figure-staff-total')).toBeDefined();
  expect(wx2.calls.filter((c) => c.event.action === 'national')).toHaveLength(2);
  inline.unmount();
});

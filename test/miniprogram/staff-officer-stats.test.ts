/** @jest-environment jsdom */
import type { LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';
import { HEAD, JIANGBEI, YUZHONG, addLearner, addPoint, addReportUnits, grant, startVolunteerCloud, type Vol } from '../volunteer/fixtures';

/**
 * 科普信息员统计 against the real volunteer function: officers registered and credited through the
 * real actions; the page drills from branches (head admin) to points to officers, by unit names.
 */
let cloud: LocalCloud;
let v: Vol;
let backend: Backend;

async function officer(openid: string, pointId: string, branchId: string, name: string): Promise<string> {
  await addLearner(openid, pointId, branchId, name);
  return (await v.ok('registerOfficer', {}, openid)).officerId as string;
}

async function opens(officerId: string, kind: 'course' | 'quiz' | 'resource', n: number, item = 'item-1'): Promise<void> {
  for (let i = 0; i < n; i++) expect((await v.ok('recordShare', { officer: officerId, kind, id: item }, `opener-${kind}-${i}`)).credited).toBe(true);
}

beforeAll(async () => {
  ({ cloud, v } = await startVolunteerCloud());
  backend = (name, event, openid) => cloud.call(name, event, openid);
  await addReportUnits();
  await grant('pa-jfb', 'point_admin', 'pt_jfb');
  const a = await officer('of-a', 'pt_jfb', YUZHONG, '陈秀英');
  const b = await officer('of-b', 'pt_qxg', YUZHONG, '刘建国');
  const c = await officer('of-c', 'pt_gyq', JIANGBEI, '周玉兰');
  await opens(a, 'course', 3);
  await opens(a, 'quiz', 1);
  await opens(b, 'resource', 2);
  await opens(c, 'course', 1);
});
afterAll(() => cloud.close());

test('head admin: per branch by name, then a branch per point, then a point per officer, and back', async () => {
  const wx = setupWx({ backend, storage: { devOpenid: { openid: HEAD } } });
  const { comp, unmount } = await renderPage('packages/staff/pages/officer-stats/index');
  expect(textOf(comp.querySelector('#totals'))).toBe('3 位科普信息员，带来 7 次打开');
  const branches = comp.querySelectorAll('.unit-row');
  // Name, officers, opens.
  expect(branches.map(textOf)).toEqual(['渝中区分校 ›26', '江北区分校 ›11']);
  expect(textOf(comp.querySelector('#officers'))).toContain('陈秀英');

  tap(branches[0]);
  await settle();
  expect(wx.calls.filter((c) => c.event.action === 'officerStats').pop()!.event).toMatchObject({ branchId: YUZHONG });
  expect(textOf(comp.querySelector('#scope-name'))).toBe('渝中区分校');
  expect(comp.querySelectorAll('.unit-row').map(textOf)).toEqual(['解放碑社区 ›14', '七星岗社区 ›12']);
  expect(textOf(comp.querySelector('#officers'))).not.toContain('周玉兰');

  tap(comp.querySelectorAll('.unit-row')[0]);
  await settle();
  expect(textOf(comp.querySelector('#totals'))).toBe('1 位科普信息员，带来 4 次打开');
  expect(comp.querySelector('#units')).toBeUndefined();
  const one = textOf(comp.querySelector('.officer'));
  expect(one).toContain('陈秀英');
  expect(one).toContain('解放碑社区');
  expect(one).toContain('课程 3 · 竞答 1 · 科普资源 0');

  tap(comp.querySelector('#up'));
  await settle();
  tap(comp.querySelector('#up'));
  await settle();
  expect(textOf(comp.querySelector('#totals'))).toBe('3 位科普信息员，带来 7 次打开');
  expect(comp.querySelector('#up')).toBeUndefined();
  unmount();
});

test('branch and point staff start at their own unit; others are told why', async () => {
  const wx = setupWx({ backend, storage: { devOpenid: { openid: 'ba-yz' } } });
  const branch = await renderPage('packages/staff/pages/officer-stats/index');
  expect(wx.calls.find((c) => c.event.action === 'officerStats')!.event).toMatchObject({ branchId: YUZHONG });
  expect(textOf(branch.comp.querySelector('#totals'))).toBe('2 位科普信息员，带来 6 次打开');
  branch.unmount();

  setupWx({ backend, storage: { devOpenid: { openid: 'pa-jfb' } } });
  const point = await renderPage('packages/staff/pages/officer-stats/index');
  expect(textOf(point.comp.querySelector('#scope-name'))).toBe('解放碑社区');
  expect(textOf(point.comp.querySelector('#officers'))).toContain('陈秀英');
  expect(textOf(point.comp.querySelector('#officers'))).not.toContain('刘建国');
  point.unmount();

  setupWx({ backend, storage: { devOpenid: { openid: 'of-b' } } });
  const learner = await renderPage('packages/staff/pages/officer-stats/index');
  expect(textOf(learner.comp.querySelector('#officer-state'))).toContain('只有总校、分校或教学点管理员');
  learner.unmount();
});

test('a point without officers shows the empty state; a failed call offers a retry that works', async () => {
  await addPoint('pt_empty', JIANGBEI, '寸滩社区');
  await grant('pa-empty', 'point_admin', 'pt_empty');
  let down = true;
  const wx = setupWx({
    backend: (name, event, openid) => (down && event.action === 'officerStats' ? Promise.reject(new Error('offline')) : backend(name, event, openid)),
    storage: { devOpenid: { openid: 'pa-empty' } },
  });
  const { comp, unmount } = await renderPage('packages/staff/pages/officer-stats/index');
  expect(textOf(comp.querySelector('#officer-state'))).toContain('网络不太好');
  down = false;
  tap(comp.querySelector('#officer-state')?.querySelector('.retry'));
  await settle();
  expect(textOf(comp.querySelector('#officer-state'))).toContain('这里还没有科普信息员');
  expect(wx.calls.filter((c) => c.event.action === 'officerStats')).toHaveLength(2);
  unmount();
});

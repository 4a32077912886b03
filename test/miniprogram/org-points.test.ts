/** @jest-environment jsdom */
import { createPoint, HEAD, pointInput, setupOrg, type OrgFixture } from '../org/fixtures';
import { startTestCloud, type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';

/** The point finder against the real local cloud: by district, by keyword, nearest first. */
let cloud: LocalCloud;
let f: OrgFixture;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
beforeAll(async () => {
  cloud = await startTestCloud();
  f = await setupOrg(cloud);
  await createPoint(cloud, HEAD, pointInput('br_500108', '南坪', { location: { latitude: 29.5289, longitude: 106.5661 } }));
  await createPoint(cloud, HEAD, pointInput('br_500106', '沙坪坝', { location: { latitude: 29.5562, longitude: 106.4577 } }));
});
afterAll(() => cloud.close());

const names = (comp: { querySelectorAll(s: string): any[] }) => comp.querySelectorAll('.point-name').map((n) => textOf(n));
const wxGlobal = () => (globalThis as unknown as { wx: Record<string, unknown> }).wx;

test('lists the city’s points, then a district’s, chosen from the 41 districts', async () => {
  const wx = setupWx({ backend });
  const { comp } = await renderPage('pages/points/index');
  expect(wx.calls.map((c) => `${c.name}.${c.event.action}`)).toEqual(['org.listBranches', 'org.listPoints']);
  expect(names(comp).sort()).toEqual(['七星岗', '南坪', '沙坪坝', '观音桥', '解放碑'].sort());
  expect(comp.instance.data.branchLabels).toHaveLength(42);

  const jiangbei = comp.instance.data.branchLabels.indexOf('江北区');
  comp.querySelector('#picker-branch')!.dispatchEvent('change', { detail: { value: jiangbei } });
  await settle();
  expect(names(comp)).toEqual(['观音桥']);
  expect(textOf(comp.querySelector('#list-title'))).toBe('江北区的教学点');
  expect(textOf(comp.querySelector('.point-meta'))).toBe('江北区');
});

test('the branches (moved here from the home page) are tappable and only those with points are listed', async () => {
  setupWx({ backend });
  const { comp } = await renderPage('pages/points/index');
  const districts = comp.querySelectorAll('.district').map((d) => textOf(d));
  expect(districts.length).toBeLessThan(41);
  expect(districts).toContain('江北区（1）');
  expect(districts.every((d) => !/（0）/.test(d))).toBe(true);
  tap(comp.querySelectorAll('.district').find((d) => textOf(d).startsWith('江北区')));
  await settle();
  expect(names(comp)).toEqual(['观音桥']);
  expect(comp.querySelector('#districts')).toBeUndefined();
});

test('searches by keyword; an empty result says what to try', async () => {
  setupWx({ backend });
  const { comp } = await renderPage('pages/points/index');
  comp.querySelector('#input-keyword')!.dispatchEvent('input', { detail: { value: '七星' } });
  tap(comp.querySelector('#btn-search'));
  await settle();
  expect(names(comp)).toEqual(['七星岗']);
  comp.querySelector('#input-keyword')!.dispatchEvent('input', { detail: { value: '不存在的社区' } });
  tap(comp.querySelector('#btn-search'));
  await settle();
  expect(textOf(comp.querySelector('#points-state'))).toContain('没有找到符合条件的教学点');
});

test('nearest first from the phone’s location, with distances; tapping opens the point', async () => {
  const wx = setupWx({ backend });
  wxGlobal().getLocation = (opts: { success: (r: { latitude: number; longitude: number }) => void }) =>
    setTimeout(() => opts.success({ latitude: 29.5565, longitude: 106.576 }), 0);
  const { comp } = await renderPage('pages/points/index');
  tap(comp.querySelector('#btn-nearest'));
  await settle();
  expect(names(comp)).toEqual(['解放碑', '七星岗', '南坪', '观音桥', '沙坪坝']);
  expect(textOf(comp.querySelectorAll('.point-meta')[0])).toBe('渝中区 · 距您 170 米');
  expect(textOf(comp.querySelectorAll('.point-meta')[4])).toMatch(/^沙坪坝区 · 距您 1\d\.\d 公里$/);
  expect(wx.calls[wx.calls.length - 1].event).toEqual({ action: 'listPoints', limit: 20, near: { latitude: 29.5565, longitude: 106.576 } });

  tap(comp.querySelectorAll('.point')[0]);
  await settle();
  expect(wx.navigations).toEqual([`/pages/point/index?id=${f.pointA}`]);
});

test('when the location is refused, it says how to allow it and the other ways to search', async () => {
  setupWx({ backend });
  wxGlobal().getLocation = (opts: { fail: (e: unknown) => void }) => setTimeout(() => opts.fail({ errMsg: 'getLocation:fail auth deny' }), 0);
  const { comp } = await renderPage('pages/points/index');
  tap(comp.querySelector('#btn-nearest'));
  await settle();
  expect(textOf(comp.querySelector('#location-note'))).toContain('没有获取到您的位置');
  expect(names(comp).length).toBe(5);
});

test('the point page shows the point and leads to enrollment', async () => {
  const wx = setupWx({ backend, storage: { devOpenid: { openid: 'finder-newcomer' } } });
  wxGlobal().setNavigationBarTitle = () => {};
  const { comp } = await renderPage('pages/point/index', { id: f.pointB });
  expect(textOf(comp.querySelector('#point-name'))).toBe('七星岗');
  expect(textOf(comp.querySelector('#point'))).toContain('王建华（社区党委副书记）');
  tap(comp.querySelector('#btn-enroll'));
  await settle();
  expect(wx.navigations).toEqual([`/pages/enroll/index?pointId=${f.pointB}`]);
});

test('a point with a published contact number offers a call button (wx.makePhoneCall); without one, none', async () => {
  setupWx({ backend, storage: { devOpenid: { openid: 'finder-newcomer' } } });
  wxGlobal().setNavigationBarTitle = () => {};
  const called: string[] = [];
  wxGlobal().makePhoneCall = (opts: { phoneNumber: string }) => called.push(opts.phoneNumber);
  const before = await renderPage('pages/point/index', { id: f.pointA });
  expect(before.comp.querySelector('#btn-call')).toBeUndefined();
  before.unmount();
  await cloud.call('org', { action: 'updatePoint', pointId: f.pointA, contactPhone: '023-63881234' }, HEAD);
  const { comp } = await renderPage('pages/point/index', { id: f.pointA });
  tap(comp.querySelector('#btn-call'));
  await settle();
  expect(called).toEqual(['02363881234']);
});

/** @jest-environment jsdom */
import { startTestCloud, typedApi, type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';
import { BRANCH_ADMIN, HEAD, POINT_ADMIN, resourceInput, setupCourseOrg } from './fixtures';

/** The staff review page against the real local cloud. */
let cloud: LocalCloud;
let pending: string;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
const as = (openid: string) => ({ devOpenid: { openid } });

beforeAll(async () => {
  cloud = await startTestCloud();
  const org = await setupCourseOrg(cloud);
  pending = (await typedApi(cloud).ok('resource', 'upload', { ...resourceInput(cloud), pointId: org.pointA, title: '安全用气常识' }, POINT_ADMIN)).resourceId;
  await typedApi(cloud).ok('resource', 'upload', { ...resourceInput(cloud), pointId: org.pointA, title: '赌博游戏' }, POINT_ADMIN);
});
afterAll(() => cloud.close());

const titles = (comp: { querySelectorAll(s: string): any[] }) => comp.querySelectorAll('.item .title').map((n) => textOf(n));

test('the branch publishes from its queue; blocked uploads show why; the head school marks premium', async () => {
  setupWx({ backend, storage: as(BRANCH_ADMIN) });
  const { comp } = await renderPage('packages/staff/pages/resource-review/index');
  await settle();
  expect(titles(comp)).toEqual(['安全用气常识']);
  tap(comp.querySelector('.publish'));
  await settle();
  expect((await typedApi(cloud).ok('resource', 'get', { resourceId: pending })).title).toBe('安全用气常识');
  tap(comp.querySelectorAll('.tab').find((t) => textOf(t) === '未通过内容检测'));
  await settle();
  expect(textOf(comp.querySelector('.reason'))).toContain('不宜公开');
  expect(comp.querySelector('.premium')).toBeUndefined();

  setupWx({ backend, storage: as(HEAD) });
  const head = (await renderPage('packages/staff/pages/resource-review/index')).comp;
  await settle();
  tap(head.querySelectorAll('.tab').find((t) => textOf(t) === '已发布'));
  await settle();
  tap(head.querySelector('.premium'));
  await settle();
  expect((await typedApi(cloud).ok('resource', 'get', { resourceId: pending })).premium).toBe(true);
  expect(titles(head)).toEqual(['【精品】安全用气常识']);
});

test('the console lists the tool for point staff and above', async () => {
  setupWx({ backend, storage: as(POINT_ADMIN) });
  const { comp } = await renderPage('packages/staff/pages/index/index');
  await settle();
  expect(textOf(comp.querySelector('#staff'))).toContain('课程资源审核');
});

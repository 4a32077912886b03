/** @jest-environment jsdom */
import { database } from '../../cloudfunctions/_shared/cloud';
import type { CourseOrg } from '../course/fixtures';
import { typedApi, type LocalCloud } from '../support/cloud';
import { startTestCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';
import { BRANCH_ADMIN, courseAt, HEAD, LEARNERS, POINT_ADMIN, setupSchool, walkIn } from '../school/fixtures';

/**
 * The staff pages of the school function against the real function: the demonstration-point meter
 * (held vs 24, points behind pace first) and the plan review (approve; return only with comments).
 */
let cloud: LocalCloud;
let org: CourseOrg;
let backend: Backend;
const YEAR = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

beforeAll(async () => {
  cloud = await startTestCloud();
  const api = typedApi(cloud);
  org = await setupSchool(cloud);
  backend = (name, event, openid) => cloud.call(name, event, openid);
  const start = `${YEAR}-01-15T09:00:00+08:00`;
  const c = await courseAt(cloud, org.pointA, start, '冬季养生');
  await walkIn(cloud, c, LEARNERS[0], `${YEAR}-01-15T09:10:00+08:00`);
  cloud.setClockOffset(0);
  await api.ok('org', 'setDemoPoint', { pointId: org.pointA, isDemo: true }, HEAD);
  await api.ok('org', 'setDemoPoint', { pointId: org.pointB, isDemo: true }, HEAD);
  // plans for next year: one submitted for review
  for (const pointId of [org.pointA, org.pointB]) {
    const { planId } = await api.ok('school', 'savePlan', { pointId, year: YEAR + 1, items: [{ month: 3, topic: '食', count: 2 }] }, HEAD);
    await api.ok('school', 'submitPlan', { planId }, HEAD);
  }
}, 60_000);
afterAll(() => cloud.close());

test('the meter: every demonstration point of the branch with held vs 24 and its pace', async () => {
  setupWx({ backend, storage: { devOpenid: { openid: BRANCH_ADMIN } } });
  const { comp, unmount } = await renderPage('packages/staff/pages/demo-meter/index');
  const rows = comp.querySelectorAll('.meter-row').map(textOf);
  expect(rows).toHaveLength(2);
  expect(rows.join('|')).toContain('已开课 1 / 24 次');
  expect(rows.join('|')).toContain('已开课 0 / 24 次');
  expect(textOf(comp.querySelector('#behind-count'))).toBe('进度落后：2 个');
  unmount();
});

test('a point admin is told the meter is not theirs', async () => {
  setupWx({ backend, storage: { devOpenid: { openid: POINT_ADMIN } } });
  const { comp, unmount } = await renderPage('packages/staff/pages/demo-meter/index');
  expect(textOf(comp.querySelector('#meter-state'))).toContain('分校或总校');
  unmount();
});

test('plan review: return needs a comment; approve and return move the plan and leave the queue', async () => {
  setupWx({ backend, storage: { devOpenid: { openid: BRANCH_ADMIN } } });
  const { comp, unmount } = await renderPage('packages/staff/pages/plan-review/index');
  comp.querySelector('#picker-year')!.dispatchEvent('change', { detail: { value: 0 } }); // next year's plans
  await settle();
  expect(textOf(comp.querySelector('#year'))).toContain(String(YEAR + 1));
  expect(comp.querySelectorAll('.plan')).toHaveLength(2);
  tap(comp.querySelectorAll('.return')[0]);
  await settle();
  expect(textOf(comp.querySelector('#notice'))).toBe('退回时请先填写修改意见');
  comp.querySelectorAll('.comment')[0].dispatchEvent('input', { detail: { value: '三月课程太少，请增加' } });
  tap(comp.querySelectorAll('.return')[0]);
  await settle();
  expect(textOf(comp.querySelector('#notice'))).toContain('已退回修改');
  expect(comp.querySelectorAll('.plan')).toHaveLength(1);
  tap(comp.querySelector('.approve'));
  await settle();
  expect(textOf(comp.querySelector('#notice'))).toContain('已通过');
  const plans = await database().collection('schoolPlans').where({ year: YEAR + 1 }).limit(10).get();
  expect(plans.data.map((p) => p.status).sort()).toEqual(['approved', 'returned']);
  expect(plans.data.find((p) => p.status === 'returned')!.reviewComment).toBe('三月课程太少，请增加');
  unmount();
});


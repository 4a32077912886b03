/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { startTestCloud, type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, textOf, type Backend } from '../support/simulate';
import { BRANCH_ADMIN, HEAD, POINT_ADMIN, setupCourseOrg, type CourseOrg } from '../course/fixtures';

/** 任命管理员 opened from the staff console (no unit given), against the real org function. */
let cloud: LocalCloud;
let org: CourseOrg;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
const as = (openid: string) => ({ devOpenid: { openid } });
const PAGE = 'packages/staff/pages/grants/index';

beforeAll(async () => {
  cloud = await startTestCloud();
  org = await setupCourseOrg(cloud);
});
afterAll(() => cloud.close());

test('a branch admin chooses one of the branch’s points and sees its 教学点负责人', async () => {
  setupWx({ backend, storage: as(BRANCH_ADMIN) });
  const { comp } = await renderPage(PAGE);
  const units = comp.instance.data.units as { id: string }[];
  expect(units.map((u) => u.id).sort()).toEqual([org.pointA, org.pointB].sort());
  const picker = comp.querySelector('#picker-unit');
  expect(picker).toBeDefined();
  picker!.dispatchEvent('change', { detail: { value: units.findIndex((u) => u.id === org.pointA) } });
  await settle();
  const text = textOf(comp.querySelector('#grants'));
  expect(text).toContain('教学点负责人');
  expect(text).toContain(POINT_ADMIN);
  expect(text).toContain('任命新的教学点负责人');
});

test('the head school chooses among the branches and appoints 分校管理员', async () => {
  setupWx({ backend, storage: as(HEAD) });
  const { comp } = await renderPage(PAGE);
  expect((comp.instance.data.units as { id: string }[]).length).toBeGreaterThanOrEqual(40);
  expect(comp.instance.data.role).toBe('branch_admin');
  expect(textOf(comp.querySelector('#grants'))).toContain('任命新的分校管理员');
});

test('a point admin, who cannot appoint, is told whom to ask and gets no form', async () => {
  setupWx({ backend, storage: as(POINT_ADMIN) });
  const { comp } = await renderPage(PAGE);
  const text = textOf(comp.querySelector('#grants'));
  expect(text).toContain('只有总校和分校管理员可以任命管理员');
  expect(comp.querySelector('#btn-grant')).toBeUndefined();
});

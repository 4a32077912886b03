/** @jest-environment jsdom */
import { shanghaiYear } from '../../cloudfunctions/_shared/time';
import { BRANCH_ADMIN, HEAD, POINT_ADMIN, setupCourseOrg, YUZHONG } from '../course/fixtures';
import { expectOk, startTestCloud, typedApi, type LocalCloud } from '../support/cloud';
import { installFakeFiles } from '../support/fake-files';
import { renderPage, settle, setupWx, tap, textOf, withDialogs, type Backend } from '../support/simulate';

/** The branch's case submission and the head school's selection and funding, against the real local cloud. */
const HOUR = 3600_000;
let cloud: LocalCloud;
let courseId: string;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
const as = (openid: string) => ({ devOpenid: { openid } });
const startsAt = new Date(Date.now() - 5 * HOUR);
const year = shanghaiYear(startsAt);

beforeAll(async () => {
  cloud = await startTestCloud();
  const org = await setupCourseOrg(cloud);
  // A 全国科普日 course held five hours ago (created the day before it, as staff would).
  cloud.setClockOffset(-30 * HOUR);
  courseId = expectOk<{ courseId: string }>(
    await cloud.call(
      'course',
      { action: 'create', pointId: org.pointA, title: '科普日健康讲座', topic: '病', teacherName: '刘医生', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(), location: '社区活动室', capacity: 30, keyDay: '全国科普日' },
      POINT_ADMIN,
    ),
  ).courseId;
  cloud.setClockOffset(0);
});
afterAll(() => cloud.close());

const summary = '本次活动围绕健康科普开展，社区居民踊跃参加，现场互动热烈，效果良好。';

test('the branch picks an ended science-day activity, sees the figures it will carry and its quota, adds photos and submits', async () => {
  setupWx({ backend, storage: as(BRANCH_ADMIN) });
  const files = installFakeFiles(cloud);
  const { comp } = await renderPage('packages/staff/pages/case-submit/index');
  await settle();
  if (comp.data.year !== year) {
    tap(comp.querySelectorAll('.year').find((y) => textOf(y) === `${year}年`));
    await settle();
  }
  expect(textOf(comp.querySelector('#quota'))).toBe(`${year}年名额 3 个，已用 0 个，还剩 3 个`);
  const cards = comp.querySelectorAll('.candidate');
  expect(comp.querySelectorAll('.candidate .title').map((t) => textOf(t))).toEqual(['科普日健康讲座']);
  expect(textOf(cards[0])).toContain('全国科普日');

  // Nothing chosen yet: the form is not there; after choosing, the figures to be attached show.
  expect(comp.querySelector('#case-form')).toBeUndefined();
  tap(cards[0]);
  await settle();
  expect(textOf(comp.querySelector('#attach'))).toContain('报名 0 人 · 签到 0 人 · 课时 2 小时');

  tap(comp.querySelector('#btn-submit'));
  await settle();
  expect(textOf(comp.querySelector('#form-error'))).toBe('请填写案例简介（至少20个字）');
  comp.querySelector('#input-summary')!.dispatchEvent('input', { detail: { value: summary } });
  files.media.push([
    { path: 'wxfile://tmp/p1.jpg', bytes: Buffer.from('JPG one') },
    { path: 'wxfile://tmp/p2.png', bytes: Buffer.from('PNG two') },
  ]);
  tap(comp.querySelector('#btn-photos'));
  await settle();
  expect(comp.querySelectorAll('.thumb')).toHaveLength(2);
  expect(textOf(comp.querySelector('#btn-photos'))).toContain('2/9');
  tap(comp.querySelector('#btn-submit'));
  await settle();

  expect(textOf(comp.querySelector('#done'))).toBe('“科普日健康讲座”已提交总校，本年还剩 2 个名额');
  expect(textOf(comp.querySelector('#quota'))).toContain('已用 1 个，还剩 2 个');
  expect(textOf(comp.querySelector('.candidate'))).toContain('已提交');
  expect(files.uploads.map((u) => u.cloudPath)).toEqual([expect.stringMatching(new RegExp(`^cases/${YUZHONG}/${courseId}/.+-1\\.jpg$`)), expect.stringMatching(/-2\.jpg$/)]);
  const [submitted] = (await typedApi(cloud).ok('cases', 'listCases', { year, branchId: YUZHONG }, BRANCH_ADMIN)).items;
  expect(submitted).toMatchObject({ activityId: courseId, summary, status: 'submitted', figures: { signups: 0, participants: 0, hours: 2 } });
});

test('the head school selects the case and records its funding; a wrong amount is said on the page', async () => {
  const wx = withDialogs(setupWx({ backend, storage: as(HEAD) }));
  const { comp } = await renderPage('packages/staff/pages/case-select/index');
  await settle();
  if (comp.data.year !== year) {
    tap(comp.querySelectorAll('.year').find((y) => textOf(y) === `${year}年`));
    await settle();
  }
  expect(comp.querySelectorAll('.case .title').map((t) => textOf(t))).toEqual(['科普日健康讲座']);
  expect(textOf(comp.querySelector('.case'))).toContain('渝中区分校');
  tap(comp.querySelector('.select'));
  await settle();
  expect(wx.modals.map((m) => m.title)).toEqual(['评为入选']);
  expect(textOf(comp.querySelector('#notice'))).toBe('已评为入选');
  expect(comp.querySelectorAll('.case')).toHaveLength(0);

  tap(comp.querySelectorAll('.tab').find((t) => textOf(t) === '已入选'));
  await settle();
  tap(comp.querySelector('.open-funding'));
  await settle();
  comp.querySelector('#input-amount')!.dispatchEvent('input', { detail: { value: '零' } });
  tap(comp.querySelector('#btn-fund'));
  await settle();
  expect(textOf(comp.querySelector('#action-error'))).toBe('请填写资助金额（元），如 3000');
  comp.querySelector('#input-amount')!.dispatchEvent('input', { detail: { value: '3000' } });
  tap(comp.querySelector('#btn-fund'));
  await settle();
  expect(comp.querySelector('#action-error')).toBeUndefined();
  expect(textOf(comp.querySelector('.funded'))).toContain('已资助 3000 元');

  const [seen] = (await typedApi(cloud).ok('cases', 'listCases', { year, branchId: YUZHONG }, BRANCH_ADMIN)).items;
  expect(seen).toMatchObject({ status: 'selected', funding: { amount: 3000, round: `${comp.data.year}年度` } });
});

test('only a branch admin may open the submission page', async () => {
  setupWx({ backend, storage: as(HEAD) });
  const { comp } = await renderPage('packages/staff/pages/case-submit/index');
  expect(textOf(comp.querySelector('#case-state'))).toContain('优秀活动案例由分校管理员提交');
});

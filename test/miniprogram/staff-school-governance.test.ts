/** @jest-environment jsdom */
import { TextEncoder } from 'node:util';
import { database } from '../../cloudfunctions/_shared/cloud';
import type { CourseOrg } from '../course/fixtures';
import { startTestCloud, typedApi, type LocalCloud } from '../support/cloud';
import { installFakeFiles } from '../support/fake-files';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';
import { BRANCH_ADMIN, courseAt, HEAD, LEARNERS, png, POINT_ADMIN, setupSchool, walkIn } from '../school/fixtures';

/**
 * The school pages a cadre works with, against the real function: the plan editor (save, submit,
 * the branch's item comments, progress with slipping months), 四化八有 with photo upload and the
 * branch's review, the demonstration-point application and its queue, the verification round,
 * the yearly archive with its Word download, and the to-do on the staff home.
 */
// The functions run inside this jsdom test, which lacks the TextEncoder the docx library uses (Node has it).
Object.assign(globalThis, { TextEncoder: globalThis.TextEncoder ?? TextEncoder });

let cloud: LocalCloud;
let api: ReturnType<typeof typedApi>;
let org: CourseOrg;
let backend: Backend;
const YEAR = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
const as = (openid: string) => setupWx({ backend, storage: { devOpenid: { openid } } });
const input = (el: { dispatchEvent(name: string, detail: unknown): void } | undefined, value: string) => el!.dispatchEvent('input', { detail: { value } });

beforeAll(async () => {
  cloud = await startTestCloud();
  api = typedApi(cloud);
  org = await setupSchool(cloud);
  backend = (name, event, openid) => cloud.call(name, event, openid);
  const c = await courseAt(cloud, org.pointA, `${YEAR}-01-15T09:00:00+08:00`, '冬季养生');
  await walkIn(cloud, c, LEARNERS[0], `${YEAR}-01-15T09:10:00+08:00`);
  cloud.setClockOffset(0);
}, 60_000);
afterAll(() => cloud.close());

test('plan editor: a point saves and submits; the returned comments show item by item; progress flags slipping months', async () => {
  as(POINT_ADMIN);
  let page = await renderPage('packages/staff/pages/plan-edit/index');
  let comp = page.comp;
  expect(textOf(comp.querySelector('#plan-status'))).toBe('尚未制定');
  tap(comp.querySelector('#submit'));
  await settle();
  expect(textOf(comp.querySelector('#form-error'))).toBe('请至少添加一个月的课程');
  // January: 3 courses of 饮食营养; February: 1 of 居家安全
  input(comp.querySelector('#new-count'), '3');
  comp.querySelector('#picker-topic')!.dispatchEvent('change', { detail: { value: 1 } });
  tap(comp.querySelector('#add-row'));
  comp.querySelector('#picker-month')!.dispatchEvent('change', { detail: { value: 1 } });
  comp.querySelector('#picker-topic')!.dispatchEvent('change', { detail: { value: 2 } });
  input(comp.querySelector('#new-count'), '1');
  tap(comp.querySelector('#add-row'));
  await settle();
  expect(comp.querySelectorAll('.plan-row').map(textOf)).toEqual([expect.stringContaining('1月 · 饮食营养'), expect.stringContaining('2月 · 居家安全')]);
  tap(comp.querySelectorAll('.chip')[2]); // 60至69岁
  input(comp.querySelector('#key-day-title'), '家庭急救知识讲座');
  tap(comp.querySelector('#add-key-day'));
  input(comp.querySelector('#note'), '冬季以养生为主');
  tap(comp.querySelector('#save'));
  await settle();
  expect(textOf(comp.querySelector('#notice'))).toContain('已保存为草稿');
  tap(comp.querySelector('#submit'));
  await settle();
  expect(textOf(comp.querySelector('#notice'))).toContain('已提交');
  expect(textOf(comp.querySelector('#plan-status'))).toContain('等待分校审核');
  expect(comp.querySelector('#save')).toBeFalsy();
  page.unmount();

  const plan = (await database().collection('schoolPlans').where({ pointId: org.pointA, year: YEAR }).get()).data[0];
  expect(plan.items).toEqual([{ month: 1, topic: '食', count: 3 }, { month: 2, topic: '住', count: 1 }]);
  expect((plan.groups as { ageBands?: string[] }).ageBands).toEqual(['60_69']);
  expect(plan.keyDays).toEqual([{ keyDay: '全国科普日', title: '家庭急救知识讲座' }]);
  await api.ok('school', 'reviewPlan', { planId: plan._id as string, approve: false, comment: '请补充下半年安排', itemComments: [{ index: 1, comment: '二月是春节，建议改到三月' }] }, BRANCH_ADMIN);

  as(POINT_ADMIN);
  page = await renderPage('packages/staff/pages/plan-edit/index');
  comp = page.comp;
  expect(textOf(comp.querySelector('#plan-status'))).toContain('已退回');
  expect(textOf(comp.querySelector('#review-comment'))).toBe('分校意见：请补充下半年安排');
  const rows = comp.querySelectorAll('.plan-row');
  expect(textOf(rows[0])).not.toContain('修改意见');
  expect(textOf(rows[1])).toContain('修改意见：二月是春节，建议改到三月');
  expect(comp.querySelectorAll('.item-comment').map(textOf)).toEqual(['修改意见：二月是春节，建议改到三月']);
  // planned 4 by February, held 1 (January): behind by 3 once those months have ended
  expect(textOf(comp.querySelector('#progress'))).toBe('全年计划 4 次，已开课 1 次');
  const months = comp.querySelectorAll('.month').map(textOf);
  expect(months[0]).toContain('1月：计划 3 次，已开 1 次');
  expect(months[0]).toContain('（落后）');
  expect(comp.querySelector('#slipping')).toBeTruthy();
  page.unmount();
});

test('四化八有: the point uploads photos into its evidence folder and submits; the branch sees them and asks for more inline', async () => {
  as(POINT_ADMIN);
  const files = installFakeFiles(cloud);
  let page = await renderPage(`packages/staff/pages/checklist/index`);
  let comp = page.comp;
  expect(textOf(comp.querySelector('#summary'))).toMatch(/^已通过 0 \/ (8|10) 项$/);
  // 固定的场所 is the first item; the page's nodes are read in order
  const first = (selector: string) => comp.querySelectorAll(selector)[0];
  expect(textOf(comp.querySelectorAll('.item')[0])).toContain('固定的场所');
  tap(first('.submit-item'));
  await settle();
  expect(comp.querySelectorAll('.item-error').map(textOf)).toEqual(['请先添加佐证照片']);
  files.media.push([{ path: 'wxfile://tmp/venue-1.png', bytes: png(400) }, { path: 'wxfile://tmp/venue-2.png', bytes: png(500) }]);
  tap(first('.add-photos'));
  await settle();
  expect(files.uploads).toHaveLength(2);
  for (const u of files.uploads) {
    expect(u.cloudPath).toMatch(new RegExp(`^evidence/${POINT_ADMIN}/venue-`));
    expect(u.openid).toBe(POINT_ADMIN);
  }
  expect(comp.querySelectorAll('.pending')).toHaveLength(2);
  input(first('.draft-note'), '活动室两间，可容纳四十人');
  tap(first('.submit-item'));
  await settle();
  expect(textOf(comp.querySelector('#notice'))).toBe('「固定的场所」已提交，请等待分校审核');
  expect(textOf(first('.item-status'))).toBe('已提交，等待审核');
  expect(comp.querySelectorAll('.evidence')).toHaveLength(2);
  expect(comp.querySelectorAll('.approve')).toHaveLength(0); // a point does not review itself
  page.unmount();

  as(BRANCH_ADMIN);
  page = await renderPage('packages/staff/pages/checklist/index', { pointId: org.pointA, year: String(YEAR) });
  comp = page.comp;
  expect(comp.querySelectorAll('.evidence')).toHaveLength(2);
  expect(page.comp.instance.data.items[0].urls).toEqual([expect.stringMatching(/^https?:\/\//), expect.stringMatching(/^https?:\/\//)]);
  tap(first('.needs-work'));
  await settle();
  expect(comp.querySelectorAll('.item-error').map(textOf)).toEqual(['请写明还需要完善什么']);
  input(first('.review-note'), '请补一张门牌照片');
  tap(first('.needs-work'));
  await settle();
  expect(textOf(first('.item-status'))).toContain('需完善');
  expect(textOf(first('.review-comment'))).toBe('审核意见：请补一张门牌照片');
  page.unmount();
  const doc = (await database().collection('checklistItems').where({ pointId: org.pointA, key: 'venue' }).get()).data[0];
  expect(doc.status).toBe('needs_work');
  expect(doc.evidence).toHaveLength(2);
});

test('demonstration points: a branch applies with the figures shown first; the head school rejects only with a reason, then names', async () => {
  as(BRANCH_ADMIN);
  let page = await renderPage('packages/staff/pages/demo-apply/index');
  let comp = page.comp;
  expect(textOf(comp.querySelector('#deadline'))).toMatch(/申报截止到\d{4}年10月31日/);
  const figures = comp.querySelectorAll('.figure').map(textOf);
  expect(figures.join('|')).toContain('学员出勤');
  expect(figures.join('|')).toContain('四化八有已通过');
  input(comp.querySelector('#statement'), '太短');
  tap(comp.querySelector('#apply'));
  await settle();
  expect(textOf(comp.querySelector('#form-error'))).toBe('请写明申报理由（至少10个字）');
  const pointName = textOf(comp.querySelector('#point')).replace('申报教学点：', '');
  input(comp.querySelector('#statement'), '场地固定、志愿者队伍稳定，全年开课不少于二十四次');
  tap(comp.querySelector('#apply'));
  await settle();
  expect(textOf(comp.querySelector('#notice'))).toBe(`${pointName}的申报已提交，请等待总校审核`);
  expect(comp.querySelectorAll('.application').map(textOf)).toEqual([expect.stringContaining(`${pointName}：等待总校审核`)]);
  page.unmount();
  // the figures are the branch's and the head school's to see, not a point's
  const denied = await api.call('school', 'demoFigures', { pointId: org.pointB, year: YEAR }, POINT_ADMIN);
  expect(denied.ok ? '' : denied.error.code).toBe('PERMISSION_DENIED');

  as(HEAD);
  page = await renderPage('packages/staff/pages/demo-queue/index');
  comp = page.comp;
  const apps = comp.querySelectorAll('.application');
  expect(apps).toHaveLength(1);
  expect(textOf(apps[0])).toContain(pointName);
  expect(textOf(apps[0])).toContain('开课');
  tap(comp.querySelectorAll('.reject')[0]);
  await settle();
  expect(textOf(comp.querySelector('.row-error'))).toBe('不予通过时请填写理由');
  tap(comp.querySelector('.approve'));
  await settle();
  expect(textOf(comp.querySelector('#notice'))).toMatch(/已命名为示范教学点（渝示范〔\d{4}〕第1号）/);
  expect(textOf(comp.querySelector('#queue-state'))).toContain('没有待审核的示范教学点申报');
  page.unmount();
});

test('verification: the ranking shows each figure with its weight; the head school confirms the bottom point and re-checks it', async () => {
  // the point named above is one; the other branch point becomes one too
  for (const pointId of [org.pointA, org.pointB]) await api.call('org', 'setDemoPoint', { pointId, isDemo: true }, HEAD);
  as(HEAD);
  const page = await renderPage('packages/staff/pages/verification/index');
  const { comp } = page;
  expect(textOf(comp.querySelector('#round'))).toBe('本年还没有开始复核排名');
  tap(comp.querySelector('#start'));
  await settle();
  const ranks = comp.querySelectorAll('.rank');
  expect(ranks.length).toBeGreaterThanOrEqual(2);
  expect(textOf(ranks[0])).toMatch(/^第1名/);
  expect(textOf(ranks[0])).toMatch(/权重 \d+/);
  expect(textOf(comp.querySelector('#weights'))).toContain('权重：');
  const proposed = comp.querySelectorAll('.proposed');
  expect(proposed.length).toBeGreaterThanOrEqual(1);
  tap(comp.querySelector('#confirm'));
  await settle();
  expect(textOf(comp.querySelector('#form-error'))).toBe('请填写整改要求');
  input(comp.querySelector('#confirm-reason'), '开课次数不足，须补足课程');
  tap(comp.querySelector('#confirm'));
  await settle();
  expect(textOf(comp.querySelector('#notice'))).toMatch(/个教学点须在\d{4}年\d+月\d+日前完成整改/);
  expect(textOf(comp.querySelector('#round'))).toContain('复核结果已确认');
  expect(textOf(comp.querySelectorAll('.rect-status')[0])).toBe('整改中');
  input(comp.querySelectorAll('.rect-text')[0], '已补足课程，复查合格');
  tap(comp.querySelectorAll('.keep')[0]);
  await settle();
  expect(textOf(comp.querySelector('#notice'))).toBe('复查通过，已保留示范教学点称号');
  expect(comp.querySelectorAll('.rect').map(textOf).join('|')).toContain('复查通过，保留称号');
  page.unmount();
});

test('archive: the point’s year on one page and the Word document downloaded and opened', async () => {
  as(POINT_ADMIN);
  const opened: Array<{ url: string; filePath?: string; fileType?: string }> = [];
  const g = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  g.downloadFile = (o: { url: string; success: (r: unknown) => void }) => {
    opened.push({ url: o.url });
    o.success({ statusCode: 200, tempFilePath: 'wxfile://tmp/archive.docx' });
  };
  g.openDocument = (o: { filePath: string; fileType: string; success: () => void }) => {
    opened.push({ url: '', filePath: o.filePath, fileType: o.fileType });
    o.success();
  };
  const page = await renderPage('packages/staff/pages/archive/index');
  const { comp } = page;
  expect(textOf(comp.querySelector('#title'))).toContain(`${YEAR}年档案`);
  const text = comp.querySelectorAll('.archive-section').map(textOf).join('|');
  expect(text).toContain('冬季养生');
  expect(text).toContain('固定的场所：需完善，照片 2 张');
  tap(comp.querySelector('#download'));
  await settle();
  expect(comp.querySelector('#download-error')).toBeFalsy();
  expect(opened[0].url).toMatch(/^https?:\/\//);
  expect(opened[1]).toEqual({ url: '', filePath: 'wxfile://tmp/archive.docx', fileType: 'docx' });
  expect(textOf(comp.querySelector('#notice'))).toContain('档案已打开');
  page.unmount();
});

test('staff home: one to-do call, counts per queue, each opening its page', async () => {
  const { planId } = await api.ok('school', 'savePlan', { pointId: org.pointB, year: YEAR, items: [{ month: 3, topic: '食', count: 2 }] }, HEAD);
  await api.ok('school', 'submitPlan', { planId }, HEAD);
  const wx = as(BRANCH_ADMIN);
  const page = await renderPage('packages/staff/pages/index/index');
  const { comp } = page;
  expect(wx.calls.filter((c) => c.name === 'school').map((c) => c.event.action)).toEqual(['todo']);
  const todos = comp.querySelectorAll('.todo');
  const review = todos.find((t) => textOf(t).startsWith('待审核的教学计划'));
  expect(textOf(review)).toBe('待审核的教学计划：1 项');
  tap(review);
  await settle();
  expect(wx.navigations).toContain('/packages/staff/pages/plan-review/index');
  page.unmount();
});

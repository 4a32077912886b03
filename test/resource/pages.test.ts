/** @jest-environment jsdom */
import { startTestCloud, typedApi, type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';
import { courseInput, createCourse } from '../course/fixtures';
import { BRANCH_ADMIN, enrollLearners, HEAD, POINT_ADMIN, publishedResource, putFile, resourceInput, setupCourseOrg } from './fixtures';

/** The resource library and the player against the real local cloud. */
let cloud: LocalCloud;
let video: string;
let ebook: string;
let pointA: string;
const LEARNER = 'res-page-learner';
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
const as = (openid: string) => ({ devOpenid: { openid } });
const wxGlobal = () => (globalThis as unknown as { wx: Record<string, unknown> }).wx;

beforeAll(async () => {
  cloud = await startTestCloud();
  const org = await setupCourseOrg(cloud);
  pointA = org.pointA;
  await enrollLearners(cloud, org.pointA, [LEARNER], {}, 900);
  video = await publishedResource(cloud, POINT_ADMIN, BRANCH_ADMIN, { pointId: org.pointA, title: '冬季防跌倒', topic: '老' });
  ebook = await publishedResource(cloud, POINT_ADMIN, BRANCH_ADMIN, { pointId: org.pointA, title: '家庭急救手册', topic: '死', kind: 'ebook', fileId: putFile(cloud, 'aid.pdf'), fileSize: 1024 });
  await typedApi(cloud).ok('resource', 'setPremium', { resourceId: ebook, premium: true }, HEAD);
  await typedApi(cloud).ok('resource', 'upload', { ...resourceInput(cloud), pointId: org.pointA, title: '赌博游戏' }, POINT_ADMIN);
});
afterAll(() => cloud.close());

const titles = (comp: { querySelectorAll(s: string): any[] }) => comp.querySelectorAll('.resource .title').map((n) => textOf(n));

test('the library: premium first, readable topic chips, topic filter, literal search; a blocked upload never shows', async () => {
  const wx = setupWx({ backend, storage: as(LEARNER) });
  const { comp } = await renderPage('pages/resources/index');
  expect(titles(comp)).toEqual(['【精品】家庭急救手册', '冬季防跌倒']);
  const chips = comp.querySelectorAll('.topic-chip').map((c) => textOf(c));
  expect(chips).toHaveLength(10);
  expect(chips).toContain('健康养老');
  expect(chips.every((c) => c.length >= 4)).toBe(true);

  tap(comp.querySelectorAll('.topic-chip').find((c) => textOf(c) === '健康养老'));
  await settle();
  expect(titles(comp)).toEqual(['冬季防跌倒']);
  expect(wx.calls[wx.calls.length - 1].event).toEqual({ action: 'list', topic: '老' });

  comp.querySelector('#input-keyword')!.dispatchEvent('input', { detail: { value: '赌博' } });
  tap(comp.querySelector('#btn-search'));
  await settle();
  expect(titles(comp)).toEqual([]);
  expect(textOf(comp.querySelector('#resources-state'))).toContain('没有找到相关资源');
  comp.querySelector('#input-keyword')!.dispatchEvent('input', { detail: { value: '急救' } });
  tap(comp.querySelector('#btn-search'));
  await settle();
  expect(titles(comp)).toEqual(['【精品】家庭急救手册']);
  tap(comp.querySelector('.resource'));
  await settle();
  expect(wx.navigations).toEqual([`/pages/resource/index?resourceId=${ebook}`]);
});

test('the player: a video plays in <video> from a temporary URL, and finishing counts once', async () => {
  setupWx({ backend, storage: as(LEARNER) });
  const { comp } = await renderPage('pages/resource/index', { resourceId: video });
  expect(textOf(comp.querySelector('#title'))).toBe('冬季防跌倒');
  tap(comp.querySelector('#btn-play'));
  await settle();
  expect(comp.instance.data.player).toBe('video');
  expect(comp.instance.data.url).toMatch(/^http.*sign=/);
  await comp.instance.onEnded();
  await comp.instance.onEnded();
  const detail = await typedApi(cloud).ok('resource', 'get', { resourceId: video });
  expect([detail.views, detail.completions]).toEqual([1, 1]);
});

test('the player: an e-book is downloaded and opened as a document', async () => {
  setupWx({ backend, storage: as(LEARNER) });
  const opened: string[] = [];
  wxGlobal().downloadFile = (o: { url: string; success: (r: { statusCode: number; tempFilePath: string }) => void }) =>
    setTimeout(() => o.success({ statusCode: 200, tempFilePath: `wxfile://tmp/${o.url.includes('sign=') ? 'signed' : 'unsigned'}.pdf` }), 0);
  wxGlobal().openDocument = (o: { filePath: string; success: () => void }) => {
    opened.push(o.filePath);
    o.success();
  };
  const { comp } = await renderPage('pages/resource/index', { resourceId: ebook });
  expect(textOf(comp.querySelector('#btn-play'))).toBe('打开阅读');
  tap(comp.querySelector('#btn-play'));
  await settle();
  expect(opened).toEqual(['wxfile://tmp/signed.pdf']);
});

test('the course page lists its attached resources below 报名, each opening the player', async () => {
  const courseId = await createCourse(cloud, POINT_ADMIN, courseInput(pointA, { title: '冬季健康讲座' }));
  await typedApi(cloud).ok('resource', 'attachToCourse', { courseId, resourceId: video }, POINT_ADMIN);
  await typedApi(cloud).ok('resource', 'attachToCourse', { courseId, resourceId: ebook }, POINT_ADMIN);
  const wx = setupWx({ backend, storage: as(LEARNER) });
  const { comp } = await renderPage('pages/course/index', { id: courseId });
  await settle();
  expect(comp.querySelectorAll('.resource-link').map((r) => textOf(r))).toEqual(['视频冬季防跌倒', '电子书家庭急救手册']);
  // The primary action comes first: 报名 is above the list.
  expect(textOf(comp.querySelector('#signup'))).toBe('我要报名');
  const text = textOf(comp.querySelector('#course'));
  expect(text.indexOf('我要报名')).toBeLessThan(text.indexOf('课程资源'));
  tap(comp.querySelectorAll('.resource-link')[1]);
  await settle();
  expect(wx.navigations).toEqual([`/pages/resource/index?resourceId=${ebook}`]);
});

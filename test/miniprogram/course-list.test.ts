/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { startTestCloud, type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';
import { courseInput, createCourse, enrollLearners, HEAD, inDays, setupCourseOrg, type CourseOrg } from '../course/fixtures';

/** The course list page against the real course function on the local cloud. */
let cloud: LocalCloud;
let org: CourseOrg;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
const as = (openid: string) => ({ devOpenid: { openid } });
const LEARNER = 'page-list-learner';

beforeAll(async () => {
  cloud = await startTestCloud();
  org = await setupCourseOrg(cloud);
  await enrollLearners(cloud, org.pointA, [LEARNER]);
  await createCourse(cloud, HEAD, courseInput(org.pointA, { title: '秋冬饮食养生', topic: '食', startsAt: inDays(2, 9), endsAt: inDays(2, 10) }));
  await createCourse(cloud, HEAD, courseInput(org.pointB, { title: '居家用电安全', topic: '住', startsAt: inDays(3, 9), endsAt: inDays(3, 10), capacity: 1 }));
  for (let i = 0; i < 22; i++) {
    await createCourse(cloud, HEAD, courseInput(org.pointC, { title: `健康讲座第${i + 1}讲`, topic: '病', startsAt: inDays(4 + i, 14), endsAt: inDays(4 + i, 15) }));
  }
});
afterAll(() => cloud.close());

const titles = (comp: { querySelectorAll(s: string): unknown[] }) =>
  (comp.querySelectorAll('.course-item') as Parameters<typeof textOf>[0][]).map((c) => textOf(c));

test('a learner starts on their own point; 看全市课程 widens to the city', async () => {
  const wx = setupWx({ backend, storage: as(LEARNER) });
  const { comp } = await renderPage('pages/courses/index');
  expect(wx.calls.map((c) => c.event.action)).toEqual(['me', 'list']);
  expect(wx.calls[1].event).toMatchObject({ pointId: org.pointA });
  expect(titles(comp)).toEqual([expect.stringContaining('秋冬饮食养生')]);
  // The topic by name on the card, and the course's state named as the course's.
  expect(titles(comp)[0]).toContain('饮食营养');
  expect(titles(comp)[0]).toContain('课程：可报名');
  expect(textOf(comp.querySelector('#my-point'))).toContain('我的教学点：解放碑');
  tap(comp.querySelector('#whole-city'));
  await settle();
  expect(titles(comp)).toHaveLength(20);
});

test('lists courses earliest first with time, place and seats; loads more with the cursor', async () => {
  const wx = setupWx({ backend, storage: as('page-list-anonymous') });
  const { comp } = await renderPage('pages/courses/index');
  const first = titles(comp);
  expect(first).toHaveLength(20);
  expect(first[0]).toContain('秋冬饮食养生');
  expect(first[0]).toContain('解放碑');
  expect(first[0]).toContain('剩余 30 个名额');
  expect(first[1]).toContain('居家用电安全');
  expect(first[0]).toMatch(/\d+月\d+日 周[一二三四五六日] 09:00–10:00/);
  tap(comp.querySelector('#more'));
  await settle();
  expect(titles(comp)).toHaveLength(24);
  expect(textOf(comp.querySelector('#courses'))).toContain('已经到底了');
  const listCalls = wx.calls.filter((c) => c.event.action === 'list');
  expect(listCalls[1].event.cursor).toEqual(expect.any(String));
});

test('topic chips and "只看我的教学点" filter through the function', async () => {
  const wx = setupWx({ backend, storage: as(LEARNER) });
  const { comp } = await renderPage('pages/courses/index');
  tap(comp.querySelector('#whole-city'));
  await settle();
  const chip = comp.querySelectorAll('.chip').find((c) => textOf(c) === '居家安全');
  tap(chip);
  await settle();
  expect(titles(comp)).toHaveLength(1);
  expect(titles(comp)[0]).toContain('居家用电安全');
  expect(wx.calls[wx.calls.length - 1].event).toMatchObject({ action: 'list', topic: '住' });

  tap(comp.querySelectorAll('.chip').find((c) => textOf(c) === '全部主题'));
  await settle();
  tap(comp.querySelector('#my-point'));
  await settle();
  expect(wx.calls[wx.calls.length - 1].event).toMatchObject({ action: 'list', pointId: org.pointA });
  expect(titles(comp)).toEqual([expect.stringContaining('秋冬饮食养生')]);

  tap(comp.querySelectorAll('.chip').find((c) => textOf(c) === '生命与急救'));
  await settle();
  expect(textOf(comp.querySelector('#list-state'))).toContain('暂时没有符合条件的课程');
});

test('an anonymous visitor sees the list without the point filter; errors offer 重试', async () => {
  let offline = true;
  setupWx({ backend: (n, e, o) => (offline ? Promise.reject(new Error('offline')) : backend(n, e, o)), storage: as('') });
  const { comp } = await renderPage('pages/courses/index');
  expect(textOf(comp.querySelector('#list-state'))).toContain('网络不太好，请稍后再试');
  offline = false;
  tap(comp.querySelector('#list-state')?.querySelector('.retry'));
  await settle();
  expect(titles(comp)).toHaveLength(20);
  expect(comp.querySelector('#my-point')).toBeUndefined();
});

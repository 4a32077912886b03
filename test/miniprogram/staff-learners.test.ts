/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { startTestCloud, type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';
import { BRANCH_ADMIN, enrollLearners, nameFor, OTHER_POINT_ADMIN, POINT_ADMIN, setupCourseOrg, type CourseOrg } from '../course/fixtures';

/** 学员名册 against the real user/org functions on the local cloud. */
let cloud: LocalCloud;
let org: CourseOrg;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
const as = (openid: string) => ({ devOpenid: { openid } });
const PAGE = 'packages/staff/pages/learners/index';
const LEARNERS = Array.from({ length: 23 }, (_, i) => `roster-${String(i).padStart(2, '0')}`);

beforeAll(async () => {
  cloud = await startTestCloud();
  org = await setupCourseOrg(cloud);
  // One second apart on the functions' clock, so "newest first" has a single right answer.
  for (const [i, openid] of LEARNERS.entries()) {
    cloud.setClockOffset((i - LEARNERS.length) * 1000);
    await enrollLearners(cloud, org.pointA, [openid], {}, i);
  }
  cloud.setClockOffset(0);
});
afterAll(() => cloud.close());

function recordCalls(): string[] {
  const dialled: string[] = [];
  (globalThis as unknown as { wx: Record<string, unknown> }).wx.makePhoneCall = (o: { phoneNumber: string }) => {
    dialled.push(o.phoneNumber);
  };
  return dialled;
}

test('the point admin pages through every learner, sees full phones and calls one with a tap', async () => {
  const wx = setupWx({ backend, storage: as(POINT_ADMIN) });
  const dialled = recordCalls();
  // From the console: no point given, the admin's own point is chosen.
  const { comp } = await renderPage(PAGE);
  expect(textOf(comp.querySelector('#learner-count'))).toContain('在读学员共 23 人');
  let cards = comp.querySelectorAll('.learner');
  expect(cards).toHaveLength(20);
  const first = textOf(cards[0]);
  // Newest first: the last one enrolled.
  expect(first).toContain(nameFor(22));
  expect(first).toMatch(/手机：139\d{8}/);
  expect(first).toMatch(/(男|女) · \d+岁 · 离退休人员/);

  tap(comp.querySelector('#more'));
  await settle();
  cards = comp.querySelectorAll('.learner');
  expect(cards).toHaveLength(23);
  expect(comp.querySelector('#more')).toBeUndefined();
  expect(textOf(comp.querySelector('#learners'))).toContain('已显示全部学员');
  // Every learner exactly once.
  const names = cards.map((c) => textOf(c));
  for (let i = 0; i < 23; i++) expect(names.filter((n) => n.includes(nameFor(i)))).toHaveLength(1);

  // One 打电话 per learner (all phones are full for the point's admin); the last is the first enrolled.
  const callButtons = comp.querySelectorAll('.call');
  expect(callButtons).toHaveLength(23);
  tap(callButtons[22]);
  await settle();
  expect(dialled).toEqual(['13910000000']);
  const listCalls = wx.calls.filter((c) => c.event.action === 'listLearners');
  expect(listCalls.map((c) => c.event.cursor === undefined)).toEqual([true, false]);
});

test('a branch admin picks among the branch’s points; an empty point says so', async () => {
  setupWx({ backend, storage: as(BRANCH_ADMIN) });
  const { comp } = await renderPage(PAGE);
  const picker = comp.querySelector('#picker-point');
  expect(picker).toBeDefined();
  const names = comp.instance.data.pointNames as string[];
  const emptyIndex = comp.instance.data.points.findIndex((p: { id: string }) => p.id === org.pointB);
  expect(names.length).toBe(2);
  picker!.dispatchEvent('change', { detail: { value: emptyIndex } });
  await settle();
  expect(textOf(comp.querySelector('#learners-state'))).toContain('这个教学点还没有学员报名');
});

test('opened from a point page (pointId given) by staff of another point: the refusal is shown with 重试', async () => {
  const wx = setupWx({ backend, storage: as(OTHER_POINT_ADMIN) });
  const { comp } = await renderPage(PAGE, { pointId: org.pointA, pointName: encodeURIComponent('解放碑') });
  const state = comp.querySelector('#learners-state');
  expect(textOf(state)).toContain('只有本教学点、所属分校或总校的管理员可以查看学员名单');
  expect(comp.querySelectorAll('.learner')).toHaveLength(0);
  tap(state?.querySelector('.retry'));
  await settle();
  expect(wx.calls.filter((c) => c.event.action === 'listLearners')).toHaveLength(2);
});

test('a masked phone (as a server may return it) is shown as is and cannot be called', async () => {
  setupWx({
    backend: async (name, event) => {
      if (name === 'user' && event.action === 'listLearners') {
        return {
          ok: true,
          data: {
            items: [{ openid: 'x1', name: '张建华', gender: 'male', birthYear: 1950, occupation: 'teacher', phone: '139****0001', phoneMasked: true, enrolledAt: '2026-03-10T10:00:00+08:00' }],
            nextCursor: null,
          },
        };
      }
      return { ok: false, error: { code: 'NOT_FOUND', message: '没有找到这个教学点' } };
    },
    storage: as(POINT_ADMIN),
  });
  const { comp } = await renderPage(PAGE, { pointId: 'pt_x', pointName: encodeURIComponent('解放碑') });
  const card = comp.querySelector('.learner');
  expect(textOf(card)).toContain('手机：139****0001');
  expect(textOf(card)).toContain('2026年3月10日报名');
  expect(textOf(card)).toContain('教师');
  expect(comp.querySelectorAll('.learner')).toHaveLength(1);
  expect(comp.querySelectorAll('.call')).toHaveLength(0);
  // The point's name from the link, since its details could not be read.
  expect(textOf(comp.querySelector('#learners'))).toContain('解放碑');
});

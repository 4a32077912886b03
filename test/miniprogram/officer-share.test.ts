/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { TextEncoder } from 'node:util';
import { expectOk, startTestCloud, type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';
import { courseInput, createCourse, enrollLearners, HEAD as COURSE_HEAD, POINT_ADMIN, setupCourseOrg, type CourseOrg } from '../course/fixtures';
import { createQuiz, HEAD as QUIZ_HEAD, importBank, makeQuestions } from '../quiz/helpers';

// Node export conditions: the quiz function (csv-parse, exceljs) runs in this test as the backend.
// jsdom has no TextEncoder; the course function's QR library needs it.
Object.assign(globalThis, { TextEncoder });

/**
 * 科普信息员 shares from the course, quiz list and quiz pages, against the real functions on the
 * local cloud: the share path carries the officer, and opening it credits the officer once.
 */
let cloud: LocalCloud;
let org: CourseOrg;
let courseId: string;
let quizId: string;
let officerId: string;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
const OFFICER = 'share-officer';
const as = (openid: string, officer?: string) => ({ devOpenid: { openid }, ...(officer ? { volunteerOfficerId: officer } : {}) });

beforeAll(async () => {
  cloud = await startTestCloud();
  org = await setupCourseOrg(cloud);
  process.env.HEAD_ADMIN_OPENIDS = `${COURSE_HEAD},${QUIZ_HEAD}`;
  await enrollLearners(cloud, org.pointA, [OFFICER]);
  officerId = expectOk<{ officerId: string }>(await cloud.call('volunteer', { action: 'registerOfficer' }, OFFICER)).officerId;
  courseId = await createCourse(cloud, POINT_ADMIN, courseInput(org.pointA, { title: '冬季防跌倒讲座' }));
  await importBank(cloud, makeQuestions(6));
  quizId = await createQuiz(cloud, { title: '分享测试竞答', questionCount: 3 });
});
afterAll(() => cloud.close());

const opens = async () => {
  const { officer } = expectOk<{ officer: { opens: number; opensByKind: Record<string, number> } | null }>(
    await cloud.call('volunteer', { action: 'myOfficer' }, OFFICER),
  );
  return officer!;
};
const shareOf = (comp: { instance: Record<string, any> }) => comp.instance.onShareAppMessage() as { title: string; path: string };

describe('course page', () => {
  test('an officer’s share of a course carries their officer id; anyone else’s does not', async () => {
    setupWx({ backend, storage: as(OFFICER, officerId) });
    const mine = await renderPage('pages/course/index', { id: courseId });
    expect(shareOf(mine.comp)).toEqual({ title: '冬季防跌倒讲座', path: `/pages/course/index?id=${courseId}&officer=${officerId}&kind=course&id=${courseId}` });
    mine.unmount();

    setupWx({ backend, storage: as('share-plain') });
    const plain = await renderPage('pages/course/index', { id: courseId });
    expect(shareOf(plain.comp).path).toBe(`/pages/course/index?id=${courseId}`);
    plain.unmount();
  });

  test('a new user opening the shared course credits the officer once', async () => {
    const before = await opens();
    const query = { id: courseId, officer: officerId, kind: 'course' };
    const wx = setupWx({ backend, storage: as('share-newcomer-1') });
    const first = await renderPage('pages/course/index', query);
    expect(textOf(first.comp.querySelector('.container'))).toContain('冬季防跌倒讲座');
    expect(wx.calls.filter((c) => c.name === 'volunteer')).toEqual([
      expect.objectContaining({ event: { action: 'recordShare', officer: officerId, kind: 'course', id: courseId }, openid: 'share-newcomer-1' }),
    ]);
    first.unmount();
    let after = await opens();
    expect(after.opens).toBe(before.opens + 1);
    expect(after.opensByKind.course).toBe(before.opensByKind.course + 1);

    // The same person again: not counted twice. The officer opening their own share: not counted.
    setupWx({ backend, storage: as('share-newcomer-1') });
    (await renderPage('pages/course/index', query)).unmount();
    setupWx({ backend, storage: as(OFFICER, officerId) });
    (await renderPage('pages/course/index', query)).unmount();
    after = await opens();
    expect(after.opens).toBe(before.opens + 1);
  });

  test('an invalid or failing credit never disturbs the page', async () => {
    setupWx({ backend, storage: as('share-newcomer-2') });
    const { comp } = await renderPage('pages/course/index', { id: courseId, officer: 'of_gone000', kind: 'course' });
    expect(textOf(comp.querySelector('.container'))).toContain('冬季防跌倒讲座');
  });
});

describe('quiz pages', () => {
  test('the quiz list: shared with the officer, opening it credits once', async () => {
    setupWx({ backend, storage: as(OFFICER, officerId) });
    const mine = await renderPage('pages/quizzes/index');
    expect(shareOf(mine.comp).path).toBe(`/pages/quizzes/index?officer=${officerId}&kind=quiz&id=quiz-list`);
    mine.unmount();

    const before = await opens();
    for (let i = 0; i < 2; i++) {
      setupWx({ backend, storage: as('share-newcomer-3') });
      (await renderPage('pages/quizzes/index', { officer: officerId, kind: 'quiz', id: 'quiz-list' })).unmount();
    }
    const after = await opens();
    expect(after.opensByKind.quiz).toBe(before.opensByKind.quiz + 1);
  });

  test('a quiz: shared from its intro, credited when opened, and not shareable during an attempt', async () => {
    setupWx({ backend, storage: as(OFFICER, officerId) });
    const mine = await renderPage('pages/quiz/index', { quizId });
    expect(shareOf(mine.comp)).toEqual({ title: '分享测试竞答', path: `/pages/quiz/index?quizId=${quizId}&officer=${officerId}&kind=quiz&id=${quizId}` });
    mine.unmount();

    const before = await opens();
    setupWx({ backend, storage: as('share-newcomer-4') });
    const menu: string[] = [];
    Object.assign((globalThis as unknown as { wx: Record<string, unknown> }).wx, {
      showShareMenu: () => menu.push('show'),
      hideShareMenu: () => menu.push('hide'),
      showModal: (o: { success?: (r: { confirm: boolean }) => void }) => o.success?.({ confirm: true }),
      redirectTo: () => undefined,
    });
    const { comp, unmount } = await renderPage('pages/quiz/index', { quizId, officer: officerId, kind: 'quiz', id: quizId });
    expect((await opens()).opensByKind.quiz).toBe(before.opensByKind.quiz + 1);
    expect(menu).toEqual(['show']);
    tap(comp.querySelector('#start'));
    await settle();
    expect(textOf(comp.querySelector('#question'))).toContain('第 1 / 3 题');
    expect(menu).toEqual(['show', 'hide']);
    unmount();
  });
});

/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// Node export conditions: the quiz function itself (csv-parse, exceljs) runs in this test as the backend.
import { expectOk, type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';
import { answersFor, bankAnswers, createQuiz, importBank, LEARNERS, makeQuestions, POINT_A, POINT_C, startQuizCloud, type Started } from '../quiz/helpers';

/** 科学达人 on 我的 and on the point page, against the real quiz/user/org functions on the local cloud. */
let cloud: LocalCloud;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
const as = (openid: string) => ({ devOpenid: { openid } });
const [L1, L2] = LEARNERS.map((l) => l.openid);

async function play(quizId: string, openid: string, bank: Awaited<ReturnType<typeof bankAnswers>>) {
  const s = expectOk<Started>(await cloud.call('quiz', { action: 'start', quizId }, openid));
  expectOk(await cloud.call('quiz', { action: 'submit', attemptId: s.attemptId, answers: answersFor(s, bank, s.questions.length) }, openid));
}

beforeAll(async () => {
  cloud = await startQuizCloud();
  await importBank(cloud, makeQuestions(9));
  const bank = await bankAnswers(cloud);
  const quizzes = [];
  for (let i = 0; i < 3; i++) quizzes.push(await createQuiz(cloud, { title: `达人测试${i}`, questionCount: 3 }));
  // L1 (张三明, point A): full marks in three quizzes = 科学达人. L2: one quiz.
  for (const q of quizzes) await play(q, L1, bank);
  await play(quizzes[0], L2, bank);
});
afterAll(() => cloud.close());

describe('我的', () => {
  test('a 科学达人 sees the title', async () => {
    setupWx({ backend, storage: as(L1) });
    const { comp } = await renderPage('pages/me/index');
    await settle();
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    expect(textOf(comp.querySelector('#title-headline'))).toBe(`您是 ${year} 年度「科学达人」`);
    expect(textOf(comp.querySelector('#title-detail'))).toMatch(/^\d+月\d+日获得，今年已有 3 场竞答达到 90 分$/);
    expect(comp.querySelector('#btn-quizzes')).toBeUndefined();
  });

  test('a learner on the way sees the progress and the way to the quizzes', async () => {
    const wx = setupWx({ backend, storage: as(L2) });
    const { comp } = await renderPage('pages/me/index');
    await settle();
    expect(textOf(comp.querySelector('#title-headline'))).toContain('年已有 1 场竞答达到 90 分');
    expect(textOf(comp.querySelector('#title-detail'))).toBe('再有 2 场竞答达到 90 分，就能获得「科学达人」称号');
    tap(comp.querySelector('#btn-quizzes'));
    await settle();
    expect(wx.navigations).toEqual(['/pages/quizzes/index']);
  });

  test('a resident who has not enrolled sees no title card; a failure offers 重试', async () => {
    setupWx({ backend, storage: as('titles-guest') });
    const guest = await renderPage('pages/me/index');
    await settle();
    expect(guest.comp.querySelector('#not-enrolled')).toBeDefined();
    expect(guest.comp.querySelector('#title-card')).toBeUndefined();
    guest.unmount();

    let fail = true;
    setupWx({
      backend: (name, event, openid) =>
        fail && event.action === 'myTitle' ? Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: '服务暂时不可用，请稍后再试' } }) : backend(name, event, openid),
      storage: as(L1),
    });
    const { comp } = await renderPage('pages/me/index');
    await settle();
    expect(textOf(comp.querySelector('#title-card'))).toContain('服务暂时不可用，请稍后再试');
    fail = false;
    tap(comp.querySelector('#title-retry'));
    await settle();
    expect(textOf(comp.querySelector('#title-headline'))).toContain('科学达人');
  });
});

describe('point page', () => {
  test('lists the point’s 科学达人 with masked names', async () => {
    setupWx({ backend, storage: as('titles-visitor') });
    const { comp } = await renderPage('pages/point/index', { id: POINT_A });
    await settle();
    const text = textOf(comp.querySelector('#point-titles'));
    expect(text).toContain('张*明');
    expect(text).not.toContain('张三明');
    expect(text).toMatch(/\d+月\d+日获得 · 3 场竞答高分/);
    // Only title holders: L2 has one good score.
    expect(text).not.toContain('李');
  });

  test('a point without one says so', async () => {
    setupWx({ backend, storage: as('titles-visitor') });
    const { comp } = await renderPage('pages/point/index', { id: POINT_C });
    await settle();
    expect(textOf(comp.querySelector('#point-titles'))).toContain('今年还没有学员获得「科学达人」称号');
  });
});

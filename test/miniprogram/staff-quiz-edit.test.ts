/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// Node export conditions: the quiz function itself (csv-parse, exceljs) runs in this test as the backend.
import type { QuizItem } from '../../typings/quiz';
import { expectOk, type LocalCloud } from '../support/cloud';
import { hasClass, renderPage, settle, setupWx, tap, textOf, withDialogs, type Dialogs, type FakeWx, type SimComponent } from '../support/simulate';
import { BRANCH_ADMIN_YUZHONG, createQuiz, HEAD, importBank, LEARNERS, makeQuestions, startQuizCloud, YUZHONG } from '../quiz/helpers';

/**
 * 修改竞答 (quiz-edit `?id=`) and its way in from 竞答参与情况, against the real quiz function on
 * the local cloud: an upcoming quiz's rules change (only what was changed is sent), an open quiz
 * offers only its end time, cancelling needs a reason and a confirmation, and learners then see
 * the quiz as cancelled with the reason.
 */
let cloud: LocalCloud;
const DAY = 86_400_000;
const EDIT = 'packages/staff/pages/quiz-edit/index';

beforeAll(async () => {
  cloud = await startQuizCloud();
  await importBank(cloud, makeQuestions(12, '健康', '健康题'));
  await importBank(cloud, makeQuestions(4, '防诈骗', '防诈题'));
});
afterAll(() => cloud.close());

function setup(openid: string): FakeWx & Dialogs {
  return withDialogs(setupWx({ backend: (name, event, who) => cloud.call(name, event, who), storage: { devOpenid: { openid } } }));
}

async function input(node: SimComponent | undefined, value: string): Promise<void> {
  if (!node) throw new Error('input: node not found');
  node.dispatchEvent('input', { detail: { value } });
  await settle();
}

async function pick(node: SimComponent | undefined, value: string | number): Promise<void> {
  if (!node) throw new Error('pick: node not found');
  node.dispatchEvent('change', { detail: { value } });
  await settle();
}

async function quiz(quizId: string): Promise<QuizItem> {
  return expectOk<QuizItem>(await cloud.call('quiz', { action: 'get', quizId }));
}

const updates = (wx: FakeWx) => wx.calls.filter((c) => c.event.action === 'update').map((c) => c.event);

/** A Shanghai date `days` from now, YYYY-MM-DD. */
const dateIn = (days: number) => new Date(Date.now() + days * DAY + 8 * 3600_000).toISOString().slice(0, 10);

describe('修改竞答', () => {
  test('an upcoming quiz: the form holds it, only the changed fields are sent, the result shows', async () => {
    const quizId = await createQuiz(cloud, { title: '秋季健康知识竞答', startsAt: new Date(Date.now() + DAY), endsAt: new Date(Date.now() + 5 * DAY), questionCount: 3 });
    const wx = setup(HEAD);
    const { comp, unmount } = await renderPage(EDIT, { id: quizId });
    expect(textOf(comp.querySelector('.section-title'))).toBe('修改竞答');
    expect(textOf(comp.querySelector('#state-text'))).toContain('竞答还没开始');
    expect(comp.data.form).toMatchObject({ title: '秋季健康知识竞答', questionCount: '3', timeLimitMin: '10', attemptsPerDay: '3', topic: '' });

    // Nothing changed: nothing is sent.
    tap(comp.querySelector('#save'));
    await settle();
    expect(textOf(comp.querySelector('#form-error'))).toBe('没有修改任何内容');
    expect(updates(wx)).toHaveLength(0);

    await input(comp.querySelector('#title'), '秋季防诈骗知识竞答');
    await input(comp.querySelector('#attempts'), '1');
    await pick(comp.querySelector('#end-date-picker'), dateIn(9));
    const topicPicker = comp.querySelector('#topic-picker');
    expect(textOf(topicPicker)).toBe('全部主题');
    const fraud = comp.data.topics.findIndex((t: { id: string }) => t.id === '防诈骗');
    await pick(topicPicker, fraud);
    tap(comp.querySelector('#save'));
    await settle();
    expect(updates(wx)).toEqual([{ action: 'update', quizId, title: '秋季防诈骗知识竞答', attemptsPerDay: 1, endsAt: `${dateIn(9)}T${comp.data.form.endTime}:00+08:00`, topic: '防诈骗' }]);
    expect(wx.toasts.map((t) => t.title)).toContain('修改已保存');
    const saved = await quiz(quizId);
    expect(saved).toMatchObject({ title: '秋季防诈骗知识竞答', attemptsPerDay: 1, topic: '防诈骗', questionCount: 3 });
    expect(saved.endsAt.slice(0, 10)).toBe(dateIn(9));
    expect(textOf(comp.querySelector('.summary'))).toContain('即将开始');

    // A problem the server finds (more questions than the topic holds) is shown on the form.
    await input(comp.querySelector('#question-count'), '8');
    tap(comp.querySelector('#save'));
    await settle();
    expect(textOf(comp.querySelector('#form-error'))).toContain('只有 4 道可用题目');
    unmount();
  });

  test('an open quiz offers only its end time; the stats page leads here', async () => {
    const quizId = await createQuiz(cloud, { title: '全市科普日竞答', questionCount: 3 });
    const wx = setup(HEAD);
    const stats = await renderPage('packages/staff/pages/quiz-stats/index', { quizId });
    expect(textOf(stats.comp.querySelector('#quiz-note'))).toContain('进行中');
    tap(stats.comp.querySelector('#edit'));
    await settle();
    expect(wx.navigations).toEqual([`/${EDIT}?id=${quizId}`]);
    stats.unmount();

    const { comp, unmount } = await renderPage(EDIT, { id: quizId });
    expect(textOf(comp.querySelector('#state-text'))).toContain('只能调整结束时间');
    expect(comp.data.level).toBe('end');
    expect(hasClass(comp.querySelector('#title'), 'locked')).toBe(true);
    expect(hasClass(comp.querySelector('#end-date'), 'locked')).toBe(false);
    // A changed title is not sent once the quiz is open; the new end time is.
    await input(comp.querySelector('#title'), '想改的名字');
    await pick(comp.querySelector('#end-date-picker'), dateIn(20));
    tap(comp.querySelector('#save'));
    await settle();
    expect(updates(wx)).toHaveLength(1);
    expect(Object.keys(updates(wx)[0]).sort()).toEqual(['action', 'endsAt', 'quizId']);
    const saved = await quiz(quizId);
    expect(saved.title).toBe('全市科普日竞答');
    expect(saved.endsAt.slice(0, 10)).toBe(dateIn(20));
    unmount();
  });

  test('cancelling needs a reason and a confirmation; learners then see it cancelled with the reason', async () => {
    const quizId = await createQuiz(cloud, { title: '渝中区防诈骗竞答', scope: 'branch', branchId: YUZHONG, questionCount: 3 }, BRANCH_ADMIN_YUZHONG);
    const wx = setup(BRANCH_ADMIN_YUZHONG);
    const { comp, unmount } = await renderPage(EDIT, { id: quizId });
    tap(comp.querySelector('#cancel'));
    await settle();
    expect(textOf(comp.querySelector('#cancel-error'))).toContain('请填写取消原因');
    expect(wx.modals).toHaveLength(0);

    await input(comp.querySelector('#reason'), '题目需要更新');
    wx.confirm = false;
    tap(comp.querySelector('#cancel'));
    await settle();
    expect(wx.modals[0].content).toContain('不能再开始答题');
    expect(wx.calls.some((c) => c.event.action === 'cancel')).toBe(false);

    wx.confirm = true;
    tap(comp.querySelector('#cancel'));
    await settle();
    expect(wx.calls.filter((c) => c.event.action === 'cancel').map((c) => c.event)).toEqual([{ action: 'cancel', quizId, reason: '题目需要更新' }]);
    expect(textOf(comp.querySelector('#state-text'))).toContain('这场竞答已取消：题目需要更新');
    expect(comp.querySelector('#cancel-box')).toBeUndefined();
    expect(comp.querySelector('#save')).toBeUndefined();
    unmount();

    // A learner's list: among the closed ones, labelled 已取消, with the reason.
    setup(LEARNERS[0].openid);
    const list = await renderPage('pages/quizzes/index');
    const card = list.comp.querySelectorAll('.quiz').find((c) => textOf(c).includes('渝中区防诈骗竞答'));
    expect(textOf(card)).toContain('已取消');
    expect(textOf(card)).toContain('取消原因：题目需要更新');
    list.unmount();
  });

  test('a branch admin cannot open a city quiz for editing; the stats page offers no edit button', async () => {
    const quizId = await createQuiz(cloud, { title: '全市竞答（总校）', questionCount: 3 });
    setup(BRANCH_ADMIN_YUZHONG);
    const { comp, unmount } = await renderPage(EDIT, { id: quizId });
    expect(comp.data.status).toBe('error');
    expect(comp.data.errorText).toBe('全市竞答只有总校管理员可以修改');
    unmount();
    const stats = await renderPage('packages/staff/pages/quiz-stats/index', { quizId });
    expect(stats.comp.querySelector('#edit')).toBeUndefined();
    stats.unmount();
  });
});

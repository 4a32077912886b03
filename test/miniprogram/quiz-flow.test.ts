/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// Node export conditions: the quiz function itself (csv-parse, exceljs) runs in this test as the backend.
import { expectOk, type LocalCloud } from '../support/cloud';
import { hasClass, renderPage, settle, setupWx, tap, textOf, withDialogs, type Dialogs, type FakeWx, type SimComponent } from '../support/simulate';
import { createQuiz, HEAD, importBank, LEARNERS, makeQuestions, startQuizCloud } from '../quiz/helpers';

/**
 * The quiz pages against the real quiz function on the local cloud (the backend of the fake wx
 * is the local cloud itself): list, intro, one question per screen, hand-in with confirmation,
 * result with review, recovery after the app was closed mid-attempt, leaderboard, practice.
 */
let cloud: LocalCloud;
let quizId: string;
const L1 = LEARNERS[0].openid;

beforeAll(async () => {
  cloud = await startQuizCloud();
  await importBank(cloud, makeQuestions(12));
  quizId = await createQuiz(cloud, { title: '页面测试竞答', questionCount: 3, timeLimitSec: 600 });
  // Practice serves only questions no running quiz draws from.
  await importBank(cloud, makeQuestions(4, '练习', '练'));
});
afterAll(() => cloud.close());

/** The fake wx with the local cloud as its backend, signed in as `openid`, answering dialogs. */
function setup(openid: string): FakeWx & Dialogs {
  return withDialogs(setupWx({ backend: (name, event, who) => cloud.call(name, event, who), storage: { devOpenid: { openid } } }));
}

function options(page: SimComponent): SimComponent[] {
  return page.querySelector('#question')!.querySelectorAll('.option');
}

describe('quiz pages', () => {
  test('the list groups quizzes and offers practice', async () => {
    setup(L1);
    const { comp, unmount } = await renderPage('pages/quizzes/index');
    const text = textOf(comp.querySelector('#quizzes'));
    expect(text).toContain('进行中');
    expect(text).toContain('页面测试竞答');
    expect(text).toContain('每次 3 题 · 限时 10 分钟 · 每天 3 次');
    expect(text).toContain('练习模式');
    expect(textOf(comp.querySelector('#title-line'))).toContain('科学达人');
    unmount();
  });

  test('answer one question per screen, confirm, hand in, see the result with review', async () => {
    const wx = setup(L1);
    const { comp, unmount } = await renderPage('pages/quiz/index', { quizId });
    expect(textOf(comp.querySelector('#intro'))).toContain('共 3 题，限时 10 分钟');
    tap(comp.querySelector('#start'));
    await settle();
    expect(textOf(comp.querySelector('#question'))).toContain('第 1 / 3 题');
    expect(textOf(comp.querySelector('#timer'))).toMatch(/剩余 (9分5\d|10分00)秒/);
    // Each screen: pick the first option, go on.
    for (let i = 0; i < 3; i++) {
      const opts = options(comp);
      expect(opts.length).toBeGreaterThanOrEqual(2);
      tap(opts[0]);
      await settle();
      expect(textOf(options(comp)[0])).toContain('已选');
      if (i < 2) {
        tap(comp.querySelector('#next'));
        await settle();
      }
    }
    expect(comp.querySelector('#hand-in')).toBeDefined();
    // First "再看看": nothing is submitted.
    wx.confirm = false;
    tap(comp.querySelector('#hand-in'));
    await settle();
    expect(wx.modals[0].title).toBe('确认交卷');
    expect(wx.calls.filter((c) => c.event.action === 'submit')).toHaveLength(0);
    wx.confirm = true;
    tap(comp.querySelector('#hand-in'));
    await settle();
    const submitCall = wx.calls.find((c) => c.event.action === 'submit')!;
    expect(submitCall.event.answers).toHaveLength(3);
    const url = wx.navigations[wx.navigations.length - 1];
    expect(url).toMatch(/^\/pages\/quiz-result\/index\?attemptId=/);
    unmount();

    const attemptId = decodeURIComponent(url.split('attemptId=')[1]);
    const result = await renderPage('pages/quiz-result/index', { attemptId: encodeURIComponent(attemptId) });
    const text = textOf(result.comp.querySelector('#result'));
    expect(textOf(result.comp.querySelector('#summary'))).toMatch(/答对 \d \/ 3 题/);
    expect(text).toContain('逐题回顾');
    expect(text).toContain('解析');
    expect(result.comp.querySelectorAll('.review')).toHaveLength(3);
    result.unmount();
  });

  test('closing the app mid-attempt loses nothing: the same attempt resumes with the chosen answers', async () => {
    const who = LEARNERS[1].openid;
    const wx = setup(who);
    const first = await renderPage('pages/quiz/index', { quizId });
    tap(first.comp.querySelector('#start'));
    await settle();
    const startedId = (wx.calls.find((c) => c.event.action === 'start') && first.comp.instance.data.attemptId) as string;
    tap(options(first.comp)[1]);
    await settle();
    tap(first.comp.querySelector('#next'));
    await settle();
    tap(options(first.comp)[0]);
    await settle();
    const question2 = textOf(first.comp.querySelector('#question'));
    first.unmount();

    // The app is opened again (storage survives).
    const second = await renderPage('pages/quiz/index', { quizId });
    expect(textOf(second.comp.querySelector('#start'))).toBe('继续上次的答题');
    tap(second.comp.querySelector('#start'));
    await settle();
    expect(second.comp.instance.data.attemptId).toBe(startedId);
    // Goes to the first unanswered question (3), with 1 and 2 answered as before.
    expect(textOf(second.comp.querySelector('#question'))).toContain('第 3 / 3 题');
    expect(second.comp.instance.data.answers.slice(0, 2).map((a: number[]) => a.length)).toEqual([1, 1]);
    tap(second.comp.querySelector('#prev'));
    await settle();
    expect(textOf(second.comp.querySelector('#question'))).toBe(question2);
    expect(textOf(options(second.comp)[0])).toContain('已选');
    second.unmount();
  });

  test('the timer can be hidden', async () => {
    setup(LEARNERS[2].openid);
    const { comp, unmount } = await renderPage('pages/quiz/index', { quizId });
    tap(comp.querySelector('#start'));
    await settle();
    expect(comp.querySelector('#timer')).toBeDefined();
    tap(comp.querySelector('#toggle-timer'));
    await settle();
    expect(comp.querySelector('#timer')).toBeUndefined();
    expect(textOf(comp.querySelector('#answering'))).toContain('计时已隐藏');
    unmount();
  });

  test('leaderboard with scope tabs and my rank', async () => {
    setup(L1);
    const { comp, unmount } = await renderPage('pages/leaderboard/index', { quizId });
    expect(textOf(comp.querySelector('#me'))).toMatch(/我的排名：第 1 名/);
    expect(textOf(comp.querySelector('#board'))).toContain('张*明');
    expect(textOf(comp.querySelector('#board'))).not.toContain('张三明');
    // My own row is marked: the first, and only that one.
    const mine = comp.querySelectorAll('.row').filter((r) => hasClass(r, 'mine'));
    expect(mine.map((r) => textOf(r))).toEqual([expect.stringContaining('张*明（我）')]);
    tap(comp.querySelectorAll('.tab')[2]);
    await settle();
    expect(textOf(comp.querySelector('#board'))).toContain('解放碑社区');
    unmount();

    setup('not-enrolled');
    const guest = await renderPage('pages/leaderboard/index', { quizId });
    tap(guest.comp.querySelectorAll('.tab')[1]);
    await settle();
    expect(textOf(guest.comp.querySelector('#board-state'))).toContain('报名入学后');
    guest.unmount();
  });

  test('practice: choose, confirm, see the answer and explanation, next', async () => {
    const wx = setup('practice-page');
    const { comp, unmount } = await renderPage('pages/practice/index');
    tap(comp.querySelector('#confirm'));
    await settle();
    expect(wx.modals.map((m) => m.content)).toContain('请先选择答案');
    tap(options(comp)[0]);
    await settle();
    tap(comp.querySelector('#confirm'));
    await settle();
    expect(textOf(comp.querySelector('#verdict'))).toMatch(/答对了|答错了，正确答案是/);
    expect(textOf(comp.querySelector('#question'))).toMatch(/解析\s*解析\d+/);
    expect(textOf(comp.querySelector('#tally'))).toContain('已练习 1 题');
    tap(comp.querySelector('#next'));
    await settle();
    expect(comp.querySelector('#confirm')).toBeDefined();
    unmount();
  });

  test('staff import: a CSV chosen from a chat, with a row-by-row report', async () => {
    const wx = setup(HEAD);
    const csv = '题型,题干,选项A,选项B,答案,解析,主题\n单选,页面导入：正确的洗手时间至少多久？,20秒,3秒,A,七步洗手法,健康\n多选,页面导入：坏行,甲,乙,A,,\n';
    const g = globalThis as unknown as { wx: Record<string, unknown> };
    Object.assign(g.wx, {
      chooseMessageFile: (opts: { success: (r: unknown) => void }) => opts.success({ tempFiles: [{ name: '题库.csv', path: 'wxfile://tmp/1.csv', size: csv.length }] }),
      getFileSystemManager: () => ({
        readFile: (opts: { encoding: string; success: (r: { data: string }) => void }) => opts.success({ data: Buffer.from(csv, 'utf8').toString('base64') }),
      }),
    });
    const { comp, unmount } = await renderPage('packages/staff/pages/question-import/index');
    tap(comp.querySelector('#choose'));
    await settle();
    expect(wx.calls.map((c) => c.event.action)).toEqual(['importQuestionsFile']);
    expect(textOf(comp.querySelector('#import-error'))).toBe('');
    expect(textOf(comp.querySelector('#report-summary'))).toBe('共读取 2 行：成功导入 1 道，未导入 1 行');
    expect(textOf(comp.querySelector('#report'))).toContain('第 3 行：多选题至少应有两个正确答案');
    unmount();
    expect(expectOk<{ items: unknown[] }>(await cloud.call('quiz', { action: 'listQuestions', topic: '健康', limit: 100 }, HEAD)).items.length).toBeGreaterThan(0);
  });
});

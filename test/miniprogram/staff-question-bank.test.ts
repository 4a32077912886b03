/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// Node export conditions: the quiz function itself (csv-parse, exceljs) runs in this test as the backend.
import { expectOk, type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, withDialogs, type Dialogs, type FakeWx, type SimComponent } from '../support/simulate';
import {
  answersFor,
  bankAnswers,
  BRANCH_ADMIN_YUZHONG,
  createQuiz,
  HEAD,
  importBank,
  LEARNERS,
  makeQuestions,
  POINT_ADMIN_A,
  startQuizCloud,
  type Started,
} from '../quiz/helpers';

/**
 * 题库管理 and 科学达人名单 against the real quiz function on the local cloud: listing by status
 * and topic with paging, editing as a new version (and a concurrent edit refused), retiring and
 * restoring behind a confirmation, and the staff list of title holders by unit.
 */
let cloud: LocalCloud;
const L1 = LEARNERS[0];

beforeAll(async () => {
  cloud = await startQuizCloud();
  await importBank(cloud, makeQuestions(24, '健康', '健康题'));
  await importBank(cloud, makeQuestions(3, '防诈骗', '防诈题'));
  // L1 scores 100 in three quizzes: 科学达人 of this year.
  const bank = await bankAnswers(cloud);
  for (let i = 0; i < 3; i++) {
    const quizId = await createQuiz(cloud, { title: `达人竞答${i}`, questionCount: 3 });
    const started = expectOk<Started>(await cloud.call('quiz', { action: 'start', quizId }, L1.openid));
    const result = expectOk<{ score: number }>(await cloud.call('quiz', { action: 'submit', attemptId: started.attemptId, answers: answersFor(started, bank, 3) }, L1.openid));
    expect(result.score).toBe(100);
  }
});
afterAll(() => cloud.close());

/** The fake wx with the local cloud as its backend, signed in as `openid`, answering dialogs. */
function setup(openid: string): FakeWx & Dialogs {
  return withDialogs(setupWx({ backend: (name, event, who) => cloud.call(name, event, who), storage: { devOpenid: { openid } } }));
}

const questions = (page: SimComponent) => page.querySelectorAll('.question');
/** Position of the question whose stem starts with `prefix` in the list, -1 when absent. */
const rowIndex = (page: SimComponent, prefix: string) => page.querySelectorAll('.stem').findIndex((n) => textOf(n).startsWith(prefix));
const actions = (wx: FakeWx) => wx.calls.map((c) => c.event.action);

async function input(node: SimComponent | undefined, value: string): Promise<void> {
  if (!node) throw new Error('input: node not found');
  node.dispatchEvent('input', { detail: { value } });
  await settle();
}

describe('题库管理', () => {
  test('lists active questions newest first, pages on, filters by topic and links to the import', async () => {
    const wx = setup(HEAD);
    const { comp, unmount } = await renderPage('packages/staff/pages/question-bank/index');
    expect(textOf(comp.querySelector('#tab-active'))).toBe('启用中（27）');
    expect(textOf(comp.querySelector('.topics'))).toContain('健康（24）');
    expect(questions(comp)).toHaveLength(20);
    const first = textOf(questions(comp)[0]);
    expect(first).toContain('防诈题');
    expect(first).toContain('第 1 版');
    expect(first).toContain('（正确答案）');
    tap(comp.querySelector('#more'));
    await settle();
    expect(questions(comp)).toHaveLength(27);
    expect(comp.querySelector('#more')).toBeUndefined();
    expect(wx.calls.filter((c) => c.event.action === 'listQuestions')[1].event.cursor).toBeTruthy();

    const chip = comp.querySelectorAll('.topic').find((t) => textOf(t).startsWith('防诈骗'));
    tap(chip);
    await settle();
    expect(questions(comp)).toHaveLength(3);
    expect(wx.calls[wx.calls.length - 1].event).toMatchObject({ action: 'listQuestions', topic: '防诈骗', status: 'active' });

    tap(comp.querySelector('#go-import'));
    await settle();
    expect(wx.navigations).toEqual(['/packages/staff/pages/question-import/index']);
    unmount();
  });

  test('an edit is saved as a new version, with the note that past attempts keep the old one', async () => {
    const wx = setup(HEAD);
    const { comp, unmount } = await renderPage('packages/staff/pages/question-bank/index');
    tap(comp.querySelectorAll('.edit')[rowIndex(comp, '防诈题0：')]);
    await settle();
    const note = textOf(comp.querySelector('#version-note'));
    expect(note).toContain('保存后成为第 2 版');
    expect(note).toContain('已经交卷的答题记录仍按原来的版本显示和计分');

    // A blank option is caught on the page: nothing is sent.
    const optionInputs = comp.querySelectorAll('.opt-input');
    await input(optionInputs[1], '  ');
    tap(comp.querySelector('#save'));
    await settle();
    expect(textOf(comp.querySelector('#edit-error'))).toBe('选项B还没有填写内容，请填写或删除这个选项');
    expect(actions(wx)).not.toContain('updateQuestion');

    await input(comp.querySelectorAll('.opt-input')[1], '拨打110核实');
    await input(comp.querySelector('#stem'), '防诈题0：接到自称公检法的电话要求转账，应该怎么做？');
    tap(comp.querySelectorAll('.mark')[1]);
    await settle();
    tap(comp.querySelector('#save'));
    await settle();
    expect(wx.toasts.map((t) => t.title)).toContain('已保存为第 2 版');
    expect(comp.querySelector('#editor')).toBeUndefined();
    const row = textOf(questions(comp).find((q) => textOf(q).includes('防诈题0：'))!);
    expect(row).toContain('接到自称公检法的电话');
    expect(row).toContain('第 2 版');
    expect(row).toContain('B. 拨打110核实（正确答案）');

    const stored = expectOk<{ items: Array<{ stem: string; version: number; answer: number[]; options: string[] }> }>(
      await cloud.call('quiz', { action: 'listQuestions', topic: '防诈骗' }, HEAD),
    ).items.find((q) => q.stem.startsWith('防诈题0：'))!;
    expect(stored).toMatchObject({ version: 2, answer: [1] });
    expect(stored.options[1]).toBe('拨打110核实');
    unmount();
  });

  test('a concurrent edit by another admin is refused, and the page offers to refresh', async () => {
    const wx = setup(HEAD);
    const { comp, unmount } = await renderPage('packages/staff/pages/question-bank/index');
    tap(comp.querySelectorAll('.edit')[rowIndex(comp, '防诈题1：')]);
    await settle();
    // Meanwhile, another admin saves version 2.
    const q = expectOk<{ items: Array<{ id: string; stem: string; type: 'multiple'; options: string[]; answer: number[]; version: number }> }>(
      await cloud.call('quiz', { action: 'listQuestions', topic: '防诈骗' }, HEAD),
    ).items.find((x) => x.stem.startsWith('防诈题1：'))!;
    expectOk(await cloud.call('quiz', { action: 'updateQuestion', questionId: q.id, version: q.version, type: q.type, stem: `${q.stem}（他人修改）`, options: q.options, answer: q.answer }, HEAD));

    await input(comp.querySelector('#explanation'), '我的解析');
    tap(comp.querySelector('#save'));
    await settle();
    expect(textOf(comp.querySelector('#edit-error'))).toContain('已被其他管理员修改');
    expect(textOf(comp.querySelector('#cancel'))).toBe('放弃修改并刷新列表');
    tap(comp.querySelector('#cancel'));
    await settle();
    expect(textOf(comp.querySelector('#questions'))).toContain('（他人修改）');
    expect(actions(wx).filter((a) => a === 'updateQuestion')).toHaveLength(1);
    unmount();
  });

  test('retire and restore ask first; a retired question moves to 已停用', async () => {
    const wx = setup(HEAD);
    const { comp, unmount } = await renderPage('packages/staff/pages/question-bank/index');
    wx.confirm = false;
    tap(comp.querySelectorAll('.retire')[rowIndex(comp, '防诈题2：')]);
    await settle();
    expect(wx.modals[0].title).toBe('停用这道题？');
    expect(wx.modals[0].content).toContain('已经交卷的答题记录不受影响');
    expect(actions(wx)).not.toContain('retireQuestion');

    wx.confirm = true;
    tap(comp.querySelectorAll('.retire')[rowIndex(comp, '防诈题2：')]);
    await settle();
    expect(actions(wx)).toContain('retireQuestion');
    expect(wx.toasts.map((t) => t.title)).toContain('已停用');
    expect(rowIndex(comp, '防诈题2：')).toBe(-1);
    expect(textOf(comp.querySelector('#tab-active'))).toBe('启用中（26）');

    tap(comp.querySelector('#tab-retired'));
    await settle();
    expect(questions(comp)).toHaveLength(1);
    expect(comp.querySelectorAll('.edit')).toHaveLength(0);
    tap(comp.querySelector('.restore'));
    await settle();
    expect(wx.modals[wx.modals.length - 1].title).toBe('恢复启用这道题？');
    expect(wx.toasts.map((t) => t.title)).toContain('已恢复启用');
    expect(textOf(comp.querySelector('#bank-state'))).toContain('没有已停用的题目');
    const active = expectOk<{ items: Array<{ stem: string }> }>(await cloud.call('quiz', { action: 'listQuestions', topic: '防诈骗' }, HEAD)).items;
    expect(active.some((q) => q.stem.startsWith('防诈题2：'))).toBe(true);
    unmount();
  });

  test('someone who is not the head admin sees why, with a retry', async () => {
    setup(BRANCH_ADMIN_YUZHONG);
    const { comp, unmount } = await renderPage('packages/staff/pages/question-bank/index');
    const state = comp.querySelector('#bank-state')!;
    expect(state.querySelector('.state-error')).toBeDefined();
    expect(textOf(state)).toMatch(/[\u4e00-\u9fa5]/);
    expect(textOf(state)).toContain('重试');
    expect(questions(comp)).toHaveLength(0);
    unmount();
  });
});

describe('科学达人名单', () => {
  test('branch staff see their branch holders with enrolled names; head admin the city', async () => {
    setup(BRANCH_ADMIN_YUZHONG);
    const branch = await renderPage('packages/staff/pages/quiz-titles/index');
    const text = textOf(branch.comp.querySelector('#titles'));
    expect(text).toContain('张三明');
    expect(text).toContain('解放碑社区');
    expect(text).toContain('达标竞答 3 场');
    branch.unmount();

    const wx = setup(HEAD);
    const city = await renderPage('packages/staff/pages/quiz-titles/index');
    expect(wx.calls.find((c) => c.event.action === 'titles')!.event).not.toHaveProperty('branchId');
    expect(textOf(city.comp.querySelector('#titles'))).toContain('张三明');
    expect(city.comp.querySelector('#branch-picker')).toBeDefined();
    // Head admin narrows to one branch with the picker.
    const yuzhong = expectOk<{ items: Array<{ id: string }> }>(await cloud.call('org', { action: 'listBranches' })).items.findIndex((b) => b.id === 'br_500103');
    city.comp.querySelector('#picker-branch')!.dispatchEvent('change', { detail: { value: yuzhong } });
    await settle();
    expect(wx.calls[wx.calls.length - 1].event).toMatchObject({ action: 'titles', branchId: 'br_500103' });
    expect(textOf(city.comp.querySelector('#titles'))).toContain('张三明');
    city.unmount();
  });

  test('a point with no holder shows the empty state; a resident without a staff role is told why', async () => {
    setup(POINT_ADMIN_A);
    const point = await renderPage('packages/staff/pages/quiz-titles/index');
    expect(textOf(point.comp.querySelector('#titles'))).toContain('张三明');
    // The previous year has none.
    point.comp.querySelector('#picker-year')!.dispatchEvent('change', { detail: { value: 1 } });
    await settle();
    expect(textOf(point.comp.querySelector('#titles-state'))).toContain('这一年还没有科学达人');
    point.unmount();

    setup(LEARNERS[1].openid);
    const learner = await renderPage('packages/staff/pages/quiz-titles/index');
    expect(textOf(learner.comp.querySelector('#titles-state'))).toContain('只有总校、分校或教学点管理员');
    learner.unmount();
  });
});

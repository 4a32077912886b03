/**
 * CONTRACT.md `quiz`, over HTTP, from an outside attacker's chair: every row with its exact params
 * and fields, then every way a client could try to cheat — answers before submit (in any public
 * answer), someone else's attempt, double and concurrent submits, late submits, forged scores,
 * times and identities, out-of-range and duplicated answers, the daily limit under 20 concurrent
 * starts, branch quizzes from another branch. The server clock is moved with `cloud.setClockOffset`.
 */
import {
  createPoint,
  days,
  enrollEvent,
  expectChineseError,
  expectIso,
  expectNoLeak,
  grantRole,
  HEAD,
  hours,
  isoIn,
  JIANGBEI,
  MINUTE,
  nameFor,
  startBlackBox,
  walkPages,
  YUZHONG,
  type BlackBox,
  type Envelope,
} from './support';

const SECOND = 1000;
const BA = 'bb-quiz-ba-yz';
const PA = 'bb-quiz-pa-a';
const GUEST = 'bb-quiz-guest';
const GUEST2 = 'bb-quiz-guest2';

/** Learners (index = nameFor index, so every masked name on a board is distinct). */
const L = {
  victim: 0,
  attacker: 1,
  s1: 2,
  s2: 3,
  o1: 4,
  p1: 5,
  c1: 6,
  c2: 7,
  d1: 8,
  d2: 9,
  r0: 10,
  r1: 11,
  r2: 12,
  r3: 13,
  t1: 14,
  t2: 15,
  brY: 16,
  brJ: 17,
} as const;
type Who = keyof typeof L;
const openidOf = (w: Who) => `bb-quiz-l${String(L[w]).padStart(2, '0')}`;
const nameOf = (w: Who) => nameFor(L[w]);
const maskedOf = (w: Who) => {
  const n = Array.from(nameOf(w));
  return `${n[0]}${'*'.repeat(n.length - 2)}${n[n.length - 1]}`;
};
/** Where each learner is enrolled: a = 解放碑 (渝中), b = 七星岗 (渝中), c = 观音桥 (江北). */
const HOME: Partial<Record<Who, 'a' | 'b' | 'c'>> = { r1: 'b', r2: 'c', brY: 'b', brJ: 'c' };

// ------------------------------------------------------------------ the question bank

interface Q {
  type: 'single' | 'multiple' | 'judge';
  stem: string;
  options: string[];
  answer: number[];
  explanation: string;
  topic?: string;
}
/** Every explanation carries this marker: it must never appear in anything before a submit. */
const EXPL = '【解析';
const BANK: Q[] = [
  { type: 'single', stem: '成年人每天食盐摄入量建议不超过多少克？', options: ['5克', '10克', '15克', '20克'], answer: [0], explanation: `${EXPL}01】中国居民膳食指南建议每天不超过5克。`, topic: '食' },
  { type: 'single', stem: '发现燃气泄漏，第一步应该做什么？', options: ['打开电灯查看', '关闭燃气阀门并开窗通风', '拨打手机求助', '点火检查'], answer: [1], explanation: `${EXPL}02】先关阀开窗，切勿产生明火或电火花。`, topic: '住' },
  { type: 'single', stem: '接到自称“公检法”要求转账到“安全账户”的电话，应当？', options: ['按要求转账', '挂断并拨打110核实', '告诉对方银行卡密码', '下载对方发来的软件'], answer: [1], explanation: `${EXPL}03】公检法不会要求转账到所谓安全账户。`, topic: '用' },
  { type: 'single', stem: '正常成年人静息心率一般在每分钟多少次？', options: ['30-40次', '60-100次', '120-140次', '150次以上'], answer: [1], explanation: `${EXPL}04】正常静息心率为每分钟60到100次。`, topic: '病' },
  { type: 'multiple', stem: '下列哪些是中风（脑卒中）的早期信号？', options: ['口角歪斜', '一侧肢体无力', '食欲旺盛', '说话含糊不清'], answer: [0, 1, 3], explanation: `${EXPL}05】记住“中风120”：看脸、查手臂、听语言。`, topic: '病' },
  { type: 'multiple', stem: '预防老年人跌倒，家中可以怎么做？', options: ['浴室铺防滑垫', '夜间保留小夜灯', '地面堆放杂物', '常用物品放在顺手处'], answer: [0, 1, 3], explanation: `${EXPL}06】防滑、照明、减少障碍物是关键。`, topic: '老' },
  { type: 'multiple', stem: '下列哪些食物富含钙？', options: ['牛奶', '豆腐', '白糖', '虾皮'], answer: [0, 1, 3], explanation: `${EXPL}07】奶类、豆制品和虾皮都是补钙的好来源。`, topic: '食' },
  { type: 'multiple', stem: '乘坐公交车时，哪些做法是安全的？', options: ['车停稳后再上下车', '扶好扶手', '在车门口逗留', '主动让座给行动不便的人'], answer: [0, 1, 3], explanation: `${EXPL}08】车停稳再上下，扶稳站好。`, topic: '行' },
  { type: 'judge', stem: '隔夜的绿叶蔬菜最好不要反复加热食用。', options: ['正确', '错误'], answer: [0], explanation: `${EXPL}09】反复加热会增加亚硝酸盐含量。`, topic: '食' },
  { type: 'judge', stem: '保健品可以代替药物治疗高血压。', options: ['正确', '错误'], answer: [1], explanation: `${EXPL}10】保健品不能代替药物，需遵医嘱服药。`, topic: '病' },
  { type: 'judge', stem: '冬季用炭火取暖时应保持室内通风。', options: ['正确', '错误'], answer: [0], explanation: `${EXPL}11】通风可防一氧化碳中毒。`, topic: '住' },
  { type: 'judge', stem: '衣物标签上的洗涤符号可以不看，所有衣服都能机洗。', options: ['正确', '错误'], answer: [1], explanation: `${EXPL}12】按洗涤标识洗护可以延长衣物寿命。`, topic: '衣' },
];
const byStem = new Map(BANK.map((q) => [q.stem, q]));

/** Invalid items appended after the bank in the first import, with the index each must be reported at. */
const BAD: unknown[] = [
  { type: 'essay', stem: '请论述健康的生活方式。', options: ['甲', '乙'], answer: [0] },
  { type: 'single', stem: '   ', options: ['甲', '乙'], answer: [0] },
  { type: 'single', stem: '答案超出选项范围的题目', options: ['甲', '乙', '丙', '丁'], answer: [5] },
  { type: 'single', stem: '单选题却有两个答案', options: ['甲', '乙', '丙'], answer: [0, 1] },
  { type: 'multiple', stem: '多选题只有一个答案', options: ['甲', '乙', '丙'], answer: [2] },
  { ...BANK[0], explanation: '与第1题题干相同' },
  '这不是一个题目对象',
  { type: 'single', stem: '选项重复的题目', options: ['甲', '甲', '乙'], answer: [0] },
  { type: 'single', stem: '没有答案的题目', options: ['甲', '乙'] },
];

// ------------------------------------------------------------------ helpers

interface Asked {
  id: string;
  type: string;
  stem: string;
  options: string[];
}
interface Started {
  attemptId: string;
  questions: Asked[];
  startedAt: string;
  deadline: string;
}
interface Answer {
  questionId: string;
  choice: unknown;
}

/** The correct shown indexes of an asked question (the options may be shuffled per attempt). */
function correctOf(q: Asked): number[] {
  const src = byStem.get(q.stem);
  if (!src) throw new Error(`unknown stem ${q.stem}`);
  const right = new Set(src.answer.map((i) => src.options[i]));
  return q.options.map((o, i) => (right.has(o) ? i : -1)).filter((i) => i >= 0);
}
function wrongOf(q: Asked): number[] {
  const right = correctOf(q);
  return [q.options.findIndex((_o, i) => !right.includes(i))];
}
function answersFor(s: Started, pick: (q: Asked, i: number) => 'right' | 'wrong' | 'skip' = () => 'right'): Answer[] {
  const out: Answer[] = [];
  s.questions.forEach((q, i) => {
    const how = pick(q, i);
    if (how !== 'skip') out.push({ questionId: q.id, choice: how === 'right' ? correctOf(q) : wrongOf(q) });
  });
  return out;
}

/** Every key anywhere in a JSON value. */
function keysDeep(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysDeep(v, into));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysDeep(v, into);
    }
  }
  return into;
}
const SECRET_KEYS = ['answer', 'answers', 'explanation', 'perm', 'permutation', 'choices', 'correct', 'correctCount', 'isCorrect', 'key', 'pool', 'result'];
/** No answer, explanation, permutation or answer key anywhere in `value` (before a submit). */
function expectNoAnswers(value: unknown, allow: string[] = []): void {
  const keys = keysDeep(value);
  for (const k of SECRET_KEYS) if (!allow.includes(k) && keys.has(k)) throw new Error(`"${k}" present in ${JSON.stringify(value).slice(0, 400)}`);
  expect(JSON.stringify(value)).not.toContain(EXPL);
}

let bb: BlackBox;
let pointA: string;
let pointB: string;
let pointC: string;
let report: any;

const quiz = (action: string, params: Record<string, unknown>, openid?: string) => bb.post('quiz', { action, ...params }, openid);
const ok = (action: string, params: Record<string, unknown>, openid?: string) => bb.ok('quiz', { action, ...params }, openid);
const fail = (action: string, params: Record<string, unknown>, openid?: string) => bb.fail('quiz', { action, ...params }, openid);
const start = (quizId: string, who: string): Promise<Started> => ok('start', { quizId }, who);
const submit = (attemptId: string, answers: Answer[], who: string, extra: Record<string, unknown> = {}) => quiz('submit', { attemptId, answers, ...extra }, who);

function quizInput(extra: Record<string, unknown> = {}) {
  return {
    title: '全市网络科普竞答',
    scope: 'city',
    startsAt: isoIn(-hours(1)),
    endsAt: isoIn(days(3)),
    questionCount: 5,
    timeLimitSec: 600,
    attemptsPerDay: 3,
    ...extra,
  };
}
async function createQuiz(caller: string, extra: Record<string, unknown> = {}): Promise<string> {
  const data = await ok('create', quizInput(extra), caller);
  expect(data).toEqual({ quizId: expect.any(String) });
  return data.quizId;
}
async function board(quizId: string, scope: string, who?: string, extra: Record<string, unknown> = {}) {
  return ok('leaderboard', { quizId, scope, ...extra }, who);
}
/** An answer that is refused (any code but INTERNAL, Chinese) or, if accepted, scores at most `max`. */
function expectRefusedOrAtMost(res: Envelope, max: number): void {
  if (res.ok) {
    expect(res.data.score).toBeLessThanOrEqual(max);
    return;
  }
  expect(expectChineseError(res)).not.toBe('INTERNAL');
}
/**
 * Opens `n` keep-alive connections (n concurrent cheap calls) so that the race that follows goes
 * out over ready sockets and its requests really arrive together rather than staggered by
 * connection set-up.
 */
async function warm(n = 20): Promise<void> {
  await Promise.all(Array.from({ length: n }, () => bb.post('quiz', { action: 'list', limit: 1 })));
}
const setClock = (ms: number) => bb.cloud.setClockOffset(ms);
/** Moves the server clock so that its "now" is `at` (ms since epoch) plus `plus` ms. */
const clockTo = (at: number, plus = 0) => setClock(at - Date.now() + plus);

beforeAll(async () => {
  bb = await startBlackBox();
  pointA = await createPoint(bb, HEAD, YUZHONG, '解放碑');
  pointB = await createPoint(bb, HEAD, YUZHONG, '七星岗');
  pointC = await createPoint(bb, HEAD, JIANGBEI, '观音桥');
  await grantRole(bb, HEAD, BA, 'branch_admin', YUZHONG);
  await grantRole(bb, HEAD, PA, 'point_admin', pointA);
  const points = { a: pointA, b: pointB, c: pointC };
  for (const who of Object.keys(L) as Who[]) {
    await bb.ok('user', enrollEvent(points[HOME[who] ?? 'a'], L[who]), openidOf(who));
  }
  report = await ok('importQuestions', { questions: [...BANK, ...BAD] }, HEAD);
}, 30_000);
afterEach(() => setClock(0));
afterAll(async () => {
  setClock(0);
  await bb.close();
});

test('unknown or missing action: INVALID_ARGUMENT in Chinese', async () => {
  expect(await fail('cheat', {}, openidOf('attacker'))).toBe('INVALID_ARGUMENT');
  expect(await bb.fail('quiz', {}, openidOf('attacker'))).toBe('INVALID_ARGUMENT');
  expect(await fail('startQuiz', { quizId: 'x' })).toBe('INVALID_ARGUMENT');
  // Inherited property names and timer events are not actions an outside caller can reach.
  for (const action of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    expect(await fail(action, {}, openidOf('attacker'))).toBe('INVALID_ARGUMENT');
  }
  expect(await bb.fail('quiz', { Type: 'Timer', TriggerName: 'constructor' })).toBe('INVALID_ARGUMENT');
  expect(await bb.fail('quiz', { action: 123 })).toBe('INVALID_ARGUMENT');
});

// ------------------------------------------------------------------ importQuestions

describe('importQuestions (head_admin)', () => {
  test('{ imported, rejected: [{ index, reason }] }: valid ones stored, each invalid one reported, none lost', async () => {
    expect(report).toEqual(expect.objectContaining({ imported: BANK.length, rejected: expect.any(Array) }));
    const indexes = report.rejected.map((r: any) => r.index);
    expect(indexes).toEqual(BAD.map((_b, i) => BANK.length + i));
    for (const r of report.rejected) {
      expect(r).toEqual(expect.objectContaining({ index: expect.any(Number), reason: expect.any(String) }));
      expect(r.reason).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(report.imported + report.rejected.length).toBe(BANK.length + BAD.length);
  });

  test('a question already in the bank is reported, not stored twice; a fresh one is stored', async () => {
    const again = await ok('importQuestions', { questions: [{ ...BANK[3], stem: `  ${BANK[3].stem}  ` }] }, HEAD);
    expect(again).toEqual(expect.objectContaining({ imported: 0, rejected: [expect.objectContaining({ index: 0, reason: expect.any(String) })] }));
  });

  test('non-head callers: PERMISSION_DENIED (branch admin, point admin, learner); anonymous UNAUTHENTICATED', async () => {
    const questions = [{ type: 'judge', stem: '越权导入的题目', options: ['正确', '错误'], answer: [0] }];
    expect(await fail('importQuestions', { questions }, BA)).toBe('PERMISSION_DENIED');
    expect(await fail('importQuestions', { questions }, PA)).toBe('PERMISSION_DENIED');
    expect(await fail('importQuestions', { questions }, openidOf('attacker'))).toBe('PERMISSION_DENIED');
    // Impersonating the head admin through the event does not work.
    expect(await fail('importQuestions', { questions, openid: HEAD, userInfo: { openId: HEAD } }, openidOf('attacker'))).toBe('PERMISSION_DENIED');
    expect(await fail('importQuestions', { questions })).toBe('UNAUTHENTICATED');
  });

  test('side doors to the bank (answers, edits, retirements) are head-admin only', async () => {
    const bankIds: string[] = report.questionIds ?? [];
    const questionId = bankIds[0] ?? 'q_unknown';
    const csv = Buffer.from('题型,题干,选项A,选项B,答案\n判断,越权文件导入的题目,正确,错误,A\n').toString('base64');
    const doors: Array<[string, Record<string, unknown>]> = [
      ['listQuestions', {}],
      ['updateQuestion', { questionId, version: 1, ...BANK[0], answer: [1] }],
      ['retireQuestion', { questionId }],
      ['importQuestionsFile', { fileName: 'bank.csv', contentBase64: csv }],
    ];
    for (const [action, params] of doors) {
      for (const who of [BA, PA, openidOf('attacker')]) {
        const res = await quiz(action, { ...params, openid: HEAD, userInfo: { openId: HEAD } }, who);
        expect(expectChineseError(res)).toBe('PERMISSION_DENIED');
      }
      expect(expectChineseError(await quiz(action, params))).toBe('UNAUTHENTICATED');
    }
    // Practice answers only the question practice served to that person.
    const res = await quiz('practiceAnswer', { questionId, choice: [0] }, openidOf('attacker'));
    expect(expectChineseError(res)).not.toBe('INTERNAL');
    expectNoAnswers(res);
  });

  test('not a list, or an empty list: INVALID_ARGUMENT', async () => {
    expect(await fail('importQuestions', { questions: 'abc' }, HEAD)).toBe('INVALID_ARGUMENT');
    expect(await fail('importQuestions', { questions: [] }, HEAD)).toBe('INVALID_ARGUMENT');
    expect(await fail('importQuestions', {}, HEAD)).toBe('INVALID_ARGUMENT');
  });
});

// ------------------------------------------------------------------ create / list

describe('create (head_admin city, branch_admin its branch) and list (anyone)', () => {
  let cityId: string;
  let branchId: string;
  let upcomingId: string;
  let closingId: string;

  test('head admin creates a city quiz, branch admin a quiz of its branch: { quizId }', async () => {
    cityId = await createQuiz(HEAD, { title: '全市科普竞答（列表）' });
    branchId = await createQuiz(BA, { title: '渝中区分校竞答（列表）', scope: 'branch', branchId: YUZHONG });
    upcomingId = await createQuiz(HEAD, { title: '即将开始的竞答', startsAt: isoIn(days(1)), endsAt: isoIn(days(2)) });
    closingId = await createQuiz(HEAD, { title: '快要结束的竞答', endsAt: isoIn(MINUTE) });
    expect(await createQuiz(HEAD, { title: '江北区分校竞答', scope: 'branch', branchId: JIANGBEI })).toEqual(expect.any(String));
  });

  test('who may not: branch admin for the city or another branch, point admin, learner, anonymous', async () => {
    expect(await fail('create', quizInput(), BA)).toBe('PERMISSION_DENIED');
    expect(await fail('create', quizInput({ scope: 'branch', branchId: JIANGBEI }), BA)).toBe('PERMISSION_DENIED');
    expect(await fail('create', quizInput({ scope: 'branch', branchId: YUZHONG }), PA)).toBe('PERMISSION_DENIED');
    expect(await fail('create', quizInput(), openidOf('attacker'))).toBe('PERMISSION_DENIED');
    expect(await fail('create', quizInput({ userInfo: { openId: HEAD }, openid: HEAD }), openidOf('attacker'))).toBe('PERMISSION_DENIED');
    expect(await fail('create', quizInput())).toBe('UNAUTHENTICATED');
  });

  test('FAILED_PRECONDITION when the bank holds fewer questions than questionCount (also per topic)', async () => {
    expect(await fail('create', quizInput({ questionCount: BANK.length + 1 }), HEAD)).toBe('FAILED_PRECONDITION');
    const food = BANK.filter((q) => q.topic === '食').length;
    expect(await fail('create', quizInput({ topic: '食', questionCount: food + 1 }), HEAD)).toBe('FAILED_PRECONDITION');
    expect(await createQuiz(HEAD, { title: '饮食专题竞答', topic: '食', questionCount: food })).toEqual(expect.any(String));
    expect(await createQuiz(HEAD, { title: '全题库竞答', questionCount: BANK.length })).toEqual(expect.any(String));
  });

  test('bad params: INVALID_ARGUMENT', async () => {
    for (const bad of [
      { scope: 'point' },
      { scope: 'branch' },
      { title: '' },
      { startsAt: '2026-12-05 09:00' },
      { endsAt: isoIn(-hours(2)) },
      { questionCount: 0 },
      { attemptsPerDay: 0 },
      { timeLimitSec: '600' },
    ]) {
      expect(await fail('create', quizInput(bad), HEAD)).toBe('INVALID_ARGUMENT');
    }
  });

  test('list: the contracted fields and statuses upcoming / open / closed, nothing secret', async () => {
    const items = await walkPages(bb, 'quiz', { action: 'list' }, 100);
    const find = (id: string) => items.find((i) => i.id === id);
    for (const item of items) {
      expect(item).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          title: expect.any(String),
          scope: expect.stringMatching(/^(city|branch)$/),
          questionCount: expect.any(Number),
          timeLimitSec: expect.any(Number),
          attemptsPerDay: expect.any(Number),
          status: expect.stringMatching(/^(upcoming|open|closed)$/),
        }),
      );
      expectIso(item.startsAt);
      expectIso(item.endsAt);
    }
    expectNoAnswers(items);
    expectNoLeak(items, [HEAD, BA]);
    expect(find(cityId)).toEqual(expect.objectContaining({ title: '全市科普竞答（列表）', scope: 'city', questionCount: 5, timeLimitSec: 600, attemptsPerDay: 3, status: 'open' }));
    expect(find(branchId)).toEqual(expect.objectContaining({ scope: 'branch', status: 'open' }));
    expect(find(upcomingId).status).toBe('upcoming');
    expect(find(closingId).status).toBe('open');
    setClock(2 * MINUTE);
    const later = await walkPages(bb, 'quiz', { action: 'list' }, 100, openidOf('p1'));
    expect(later.find((i) => i.id === closingId).status).toBe('closed');
    expect(later.find((i) => i.id === cityId).status).toBe('open');
  });

  test('start outside the window: FAILED_PRECONDITION (upcoming and closed)', async () => {
    expect(await fail('start', { quizId: upcomingId }, openidOf('p1'))).toBe('FAILED_PRECONDITION');
    setClock(2 * MINUTE);
    expect(await fail('start', { quizId: closingId }, openidOf('p1'))).toBe('FAILED_PRECONDITION');
  });
});

// ------------------------------------------------------------------ start / submit

describe('start (user) and submit (owner): payloads and scoring', () => {
  let allId: string;
  let s: Started;

  beforeAll(async () => {
    allId = await createQuiz(HEAD, { title: '全题库竞答（评分）', questionCount: BANK.length });
  });

  test('start: { attemptId, questions: [{ id, type, stem, options }], startedAt, deadline }, never an answer or explanation', async () => {
    const before = Date.now();
    s = await start(allId, openidOf('p1'));
    expect(s).toEqual(expect.objectContaining({ attemptId: expect.any(String), questions: expect.any(Array), startedAt: expect.any(String), deadline: expect.any(String) }));
    expectIso(s.startedAt);
    expectIso(s.deadline);
    expect(Date.parse(s.startedAt)).toBeGreaterThanOrEqual(before - 2 * SECOND);
    expect(Date.parse(s.startedAt)).toBeLessThanOrEqual(Date.now() + 2 * SECOND);
    expect(Date.parse(s.deadline) - Date.parse(s.startedAt)).toBe(600 * SECOND);
    expect(s.questions).toHaveLength(BANK.length);
    expect(new Set(s.questions.map((q) => q.id)).size).toBe(BANK.length);
    for (const q of s.questions) {
      expect(Object.keys(q).sort()).toEqual(['id', 'options', 'stem', 'type']);
      const src = byStem.get(q.stem)!;
      expect(src).toBeDefined();
      expect(q.type).toBe(src.type);
      expect([...q.options].sort()).toEqual([...src.options].sort());
    }
    expectNoAnswers(s);
  });

  test('a second start resumes the same attempt with the same questions and times', async () => {
    const again = await start(allId, openidOf('p1'));
    expect(again.attemptId).toBe(s.attemptId);
    expect(again.questions).toEqual(s.questions);
    expect(again.startedAt).toBe(s.startedAt);
    expect(again.deadline).toBe(s.deadline);
    expectNoAnswers(again);
  });

  test('before submitting, nothing else gives the answers away either (list, get, getAttempt, myAttempts, leaderboard, practice)', async () => {
    const who = openidOf('p1');
    expectNoAnswers(await walkPages(bb, 'quiz', { action: 'list' }, 100, who));
    const get = await quiz('get', { quizId: allId }, who);
    if (get.ok) expectNoAnswers(get.data);
    const attempt = await quiz('getAttempt', { attemptId: s.attemptId }, who);
    if (attempt.ok) {
      expectNoAnswers(attempt.data, ['result']);
      expect(attempt.data.result ?? null).toBeNull();
    }
    const mine = await quiz('myAttempts', { quizId: allId }, who);
    if (mine.ok) expectNoAnswers(mine.data);
    for (const scope of ['city', 'branch', 'point']) {
      const lb = await quiz('leaderboard', { quizId: allId, scope, unitId: scope === 'branch' ? YUZHONG : scope === 'point' ? pointA : undefined }, who);
      expect(lb.ok).toBe(true);
      expectNoAnswers(lb);
    }
    // Practice mode must not be a side door to a running quiz's answers.
    const next = await quiz('practiceNext', {}, who);
    if (next.ok) {
      // (`correct` here is the person's running count of right practice answers.)
      expectNoAnswers(next.data, ['correct']);
      if (next.data.question) expect(Object.keys(next.data.question).filter((k) => !['id', 'type', 'stem', 'options', 'topic'].includes(k))).toEqual([]);
    }
    for (const q of s.questions) {
      const res = await quiz('practiceAnswer', { questionId: q.id, choice: [0] }, who);
      expect(res.ok).toBe(false);
      expectChineseError(res);
      expectNoAnswers(res);
    }
    if (next.ok && next.data.question) {
      const res = await quiz('practiceAnswer', { questionId: next.data.question.id, choice: [0] }, who);
      expect(res.ok).toBe(false);
      expectNoAnswers(res);
    }
  });

  test('submit: { score, correctCount, total, durationMs, review: [{ questionId, correct, answer, explanation }] }; multiple choice is all-or-nothing; answers withheld until the quiz closes (default after_close)', async () => {
    // Right on every single/judge question; on multiple-choice questions only part of the answer.
    const answers = s.questions.map((q) => {
      const right = correctOf(q);
      return { questionId: q.id, choice: q.type === 'multiple' ? right.slice(0, right.length - 1) : right };
    });
    setClock(12 * SECOND);
    const res = await submit(s.attemptId, answers, openidOf('p1'));
    if (!res.ok) throw new Error(JSON.stringify(res));
    const r = res.data;
    const multiples = s.questions.filter((q) => q.type === 'multiple').length;
    const correct = BANK.length - multiples;
    expect(r).toEqual(expect.objectContaining({ score: Math.round((100 * correct) / BANK.length), correctCount: correct, total: BANK.length, durationMs: expect.any(Number), review: expect.any(Array) }));
    expect(r.durationMs).toBeGreaterThanOrEqual(12 * SECOND);
    expect(r.durationMs).toBeLessThan(20 * SECOND);
    expect(r.review).toHaveLength(BANK.length);
    for (const item of r.review) {
      // The quiz is still open: the review says right or wrong, never the answer or explanation.
      expect(item).toEqual(expect.objectContaining({ questionId: expect.any(String), correct: expect.any(Boolean), answer: null, explanation: null }));
      const q = s.questions.find((x) => x.id === item.questionId)!;
      expect(item.correct).toBe(q.type !== 'multiple');
    }
    expect(JSON.stringify(r)).not.toContain(EXPL);
    // getAttempt: the contract's fields, the result as submit answered it, still withheld.
    const attempt = await ok('getAttempt', { attemptId: s.attemptId }, openidOf('p1'));
    expect(attempt).toEqual(expect.objectContaining({ attemptId: s.attemptId, quizId: allId, status: 'submitted', startedAt: s.startedAt, deadline: s.deadline }));
    expect(attempt.result).toEqual(expect.objectContaining({ score: r.score, correctCount: r.correctCount, total: r.total, durationMs: r.durationMs }));
    expect(JSON.stringify(attempt)).not.toContain(EXPL);
    expect(await fail('getAttempt', { attemptId: s.attemptId }, openidOf('o1'))).toBe('NOT_FOUND');
    const lb = await board(allId, 'city', openidOf('p1'));
    expect(lb.me).toEqual({ rank: 1, score: r.score, durationMs: r.durationMs });
    // Once the quiz has closed, the same review (as of now) shows the answers and explanations.
    const info = await ok('get', { quizId: allId }, openidOf('p1'));
    clockTo(Date.parse(info.endsAt), MINUTE);
    const closed = await ok('getAttempt', { attemptId: s.attemptId }, openidOf('p1'));
    expect(closed.result.review).toHaveLength(BANK.length);
    for (const item of closed.result.review) {
      const q = s.questions.find((x) => x.id === item.questionId)!;
      // The answer as indexes into the options as this attempt showed them.
      expect([...item.answer].sort()).toEqual(correctOf(q));
      expect(item.explanation).toBe(byStem.get(q.stem)!.explanation);
    }
  });

  test('reviewAnswers: "after_submit" shows answers and explanations with the result', async () => {
    const quizId = await createQuiz(HEAD, { title: '交卷即看答案', questionCount: 3, reviewAnswers: 'after_submit' });
    const t = await start(quizId, openidOf('o1'));
    const res = await submit(t.attemptId, answersFor(t), openidOf('o1'));
    if (!res.ok) throw new Error(JSON.stringify(res));
    for (const item of res.data.review) {
      const q = t.questions.find((x) => x.id === item.questionId)!;
      expect(item.correct).toBe(true);
      expect([...item.answer].sort()).toEqual(correctOf(q));
      expect(item.explanation).toBe(byStem.get(q.stem)!.explanation);
    }
    expect(await fail('create', quizInput({ reviewAnswers: 'never' }), HEAD)).toBe('INVALID_ARGUMENT');
  });

  test('unanswered questions count as wrong; after submit a new start is a new attempt', async () => {
    const second = await start(allId, openidOf('p1'));
    expect(second.attemptId).not.toBe(s.attemptId);
    expectNoAnswers(second);
    const res = await submit(second.attemptId, answersFor(second, (_q, i) => (i < 3 ? 'right' : 'skip')), openidOf('p1'));
    expect(res.ok && res.data).toEqual(expect.objectContaining({ correctCount: 3, total: BANK.length, score: Math.round(300 / BANK.length) }));
  });

  test('anonymous start/submit: UNAUTHENTICATED; unknown quiz: NOT_FOUND; missing quizId: INVALID_ARGUMENT', async () => {
    expect(await fail('start', { quizId: allId })).toBe('UNAUTHENTICATED');
    expect(await fail('start', { quizId: allId, userInfo: { openId: openidOf('p1') }, openid: openidOf('p1') })).toBe('UNAUTHENTICATED');
    expect(await fail('submit', { attemptId: s.attemptId, answers: [] })).toBe('UNAUTHENTICATED');
    expect(await fail('start', { quizId: 'qz_nope' }, openidOf('p1'))).toBe('NOT_FOUND');
    expect(await fail('start', {}, openidOf('p1'))).toBe('INVALID_ARGUMENT');
  });

  test('a non-enrolled WeChat user may take a city quiz', async () => {
    const g = await start(allId, GUEST2);
    expectNoAnswers(g);
    const res = await submit(g.attemptId, answersFor(g, () => 'wrong'), GUEST2);
    expect(res.ok && res.data.score).toBe(0);
  });
});

// ------------------------------------------------------------------ cheating

describe('cheating at submit', () => {
  let mainId: string;
  beforeAll(async () => {
    mainId = await createQuiz(HEAD, { title: '防作弊竞答', questionCount: 5, attemptsPerDay: 5 });
  });

  test("someone else's attempt: refused (even with a forged openid/userInfo), the owner's attempt untouched", async () => {
    const v = await start(mainId, openidOf('victim'));
    const atk = openidOf('attacker');
    for (const extra of [{}, { openid: openidOf('victim') }, { userInfo: { openId: openidOf('victim'), appId: 'wx' } }, { OPENID: openidOf('victim') }]) {
      const res = await submit(v.attemptId, answersFor(v, () => 'wrong'), atk, extra);
      expect(['NOT_FOUND', 'PERMISSION_DENIED']).toContain(expectChineseError(res));
    }
    expect(['NOT_FOUND', 'PERMISSION_DENIED']).toContain(await fail('getAttempt', { attemptId: v.attemptId }, atk));
    // Start with a forged identity: the attacker gets an attempt of their own, not the victim's.
    const own = await ok('start', { quizId: mainId, openid: openidOf('victim'), userInfo: { openId: openidOf('victim') } }, atk);
    expect(own.attemptId).not.toBe(v.attemptId);
    expect(['NOT_FOUND', 'PERMISSION_DENIED']).toContain(expectChineseError(await submit(own.attemptId, answersFor(own), openidOf('victim'))));
    // The victim's attempt still scores normally.
    const res = await submit(v.attemptId, answersFor(v), openidOf('victim'));
    expect(res.ok && res.data).toEqual(expect.objectContaining({ score: 100, correctCount: 5, total: 5 }));
    const lb = await board(mainId, 'city', openidOf('victim'));
    expect(lb.items.filter((i: any) => i.displayName === maskedOf('victim'))).toHaveLength(1);
    expect(lb.items.some((i: any) => i.displayName === maskedOf('attacker'))).toBe(false);
    expect((await board(mainId, 'city', atk)).me).toBeNull();
  });

  test('forged score / correctCount / durationMs / startedAt / deadline in the submit event are ignored', async () => {
    const who = openidOf('d2');
    const s = await start(mainId, who);
    setClock(15 * SECOND);
    const res = await submit(s.attemptId, answersFor(s, () => 'wrong'), who, {
      score: 100,
      correctCount: 5,
      total: 5,
      durationMs: 1,
      startedAt: isoIn(14 * SECOND),
      deadline: isoIn(days(1)),
      submittedAt: isoIn(0),
      result: { score: 100, durationMs: 1 },
    });
    if (!res.ok) throw new Error(JSON.stringify(res));
    expect(res.data.score).toBe(0);
    expect(res.data.correctCount).toBe(0);
    expect(res.data.total).toBe(5);
    expect(res.data.durationMs).toBeGreaterThanOrEqual(15 * SECOND);
    expect(res.data.durationMs).toBeLessThan(25 * SECOND);
    // Forged fields inside the answers are ignored as well.
    const t = await start(mainId, who);
    const forged = answersFor(t, () => 'wrong').map((a) => ({ ...a, correct: true, answer: a.choice, score: 100 }));
    const res2 = await submit(t.attemptId, forged, who);
    expect(res2.ok && res2.data.score).toBe(0);
  });

  test('out-of-range, non-integer and malformed choices: refused or scored as wrong, never a crash', async () => {
    const who = openidOf('o1');
    const s = await start(mainId, who);
    const q0 = s.questions[0];
    for (const choice of [[q0.options.length], [9], [99], [-1], [1.5], ['0'], [null], '0', 0, null, [0, 0, 0, 0, 0, 0, 0]]) {
      expectRefusedOrAtMost(await submit(s.attemptId, [{ questionId: q0.id, choice }], who), 0);
    }
    for (const bad of [[{ questionId: 'q_forged', choice: [0] }], [{ choice: [0] }], [{ questionId: q0.id }], 'all', { [q0.id]: [0] }]) {
      expectRefusedOrAtMost(await quiz('submit', { attemptId: s.attemptId, answers: bad }, who), 0);
    }
    // Choosing every option never counts as right (single, multiple and judge alike).
    const everything = s.questions.map((q) => ({ questionId: q.id, choice: q.options.map((_o, i) => i) }));
    expectRefusedOrAtMost(await submit(s.attemptId, everything, who), 0);
  });

  test('duplicated questionIds cannot inflate the score', async () => {
    const who = openidOf('o1');
    const s = await start(mainId, who);
    const q0 = s.questions[0];
    const sameRight = Array.from({ length: 5 }, () => ({ questionId: q0.id, choice: correctOf(q0) }));
    expectRefusedOrAtMost(await submit(s.attemptId, sameRight, who), 20);
    expectRefusedOrAtMost(await submit(s.attemptId, [{ questionId: q0.id, choice: wrongOf(q0) }, { questionId: q0.id, choice: correctOf(q0) }], who), 20);
    const padded = [...answersFor(s), ...Array.from({ length: 200 }, () => ({ questionId: q0.id, choice: correctOf(q0) }))];
    expectRefusedOrAtMost(await submit(s.attemptId, padded, who), 100);
    // Whatever was refused above, the attempt scores exactly its answers.
    const res = await submit(s.attemptId, answersFor(s, (_q, i) => (i === 0 ? 'right' : 'wrong')), who);
    expect(res.ok).toBe(true);
    expect(res.ok && res.data.score).toBeLessThanOrEqual(20);
  });

  test('a second submit does not score again (sequential): same result, one leaderboard entry', async () => {
    const who = openidOf('s1');
    const s = await start(mainId, who);
    const first = await submit(s.attemptId, answersFor(s, (_q, i) => (i < 2 ? 'right' : 'wrong')), who);
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect(first.data.score).toBe(40);
    const second = await submit(s.attemptId, answersFor(s), who);
    if (second.ok) {
      expect(second.data.score).toBe(40);
      expect(second.data.correctCount).toBe(2);
    } else expect(expectChineseError(second)).not.toBe('INTERNAL');
    const lb = await board(mainId, 'city', who);
    expect(lb.items.filter((i: any) => i.displayName === maskedOf('s1'))).toHaveLength(1);
    expect(lb.me).toEqual(expect.objectContaining({ score: 40 }));
  });

  test('20 concurrent submits of one attempt (mixed answers) score once: one result, one leaderboard entry', async () => {
    const who = openidOf('s2');
    const s = await start(mainId, who);
    await warm();
    const all = await Promise.all(Array.from({ length: 20 }, (_x, i) => submit(s.attemptId, answersFor(s, () => (i % 2 ? 'right' : 'wrong')), who)));
    const oks = all.filter((r) => r.ok) as Array<{ ok: true; data: any }>;
    expect(oks.length).toBeGreaterThanOrEqual(1);
    for (const r of all) if (!r.ok) expect(expectChineseError(r)).not.toBe('INTERNAL');
    const scores = new Set(oks.map((r) => r.data.score));
    expect(scores.size).toBe(1);
    const score = [...scores][0];
    expect([0, 100]).toContain(score);
    expect(new Set(oks.map((r) => r.data.durationMs)).size).toBe(1);
    const lb = await board(mainId, 'city', who);
    expect(lb.items.filter((i: any) => i.displayName === maskedOf('s2'))).toHaveLength(1);
    expect(lb.me).toEqual(expect.objectContaining({ score }));
    // A later, better attempt replaces the best, still one entry.
    if (score === 0) {
      const t = await start(mainId, who);
      expect((await submit(t.attemptId, answersFor(t), who)).ok).toBe(true);
      const after = await board(mainId, 'city', who);
      expect(after.items.filter((i: any) => i.displayName === maskedOf('s2'))).toHaveLength(1);
      expect(after.me.score).toBe(100);
    }
  });
});

describe('deadline: server time only; after deadline + at most 10 s grace, DEADLINE_EXCEEDED', () => {
  let shortId: string;
  beforeAll(async () => {
    shortId = await createQuiz(HEAD, { title: '限时竞答', questionCount: 3, timeLimitSec: 30, attemptsPerDay: 5 });
  });

  test('a late submit is refused, stays refused, forged times do not help, and never reaches the leaderboard', async () => {
    const who = openidOf('d1');
    const s = await start(shortId, who);
    expect(Date.parse(s.deadline) - Date.parse(s.startedAt)).toBe(30 * SECOND);
    clockTo(Date.parse(s.deadline), 11 * SECOND);
    expect(expectChineseError(await submit(s.attemptId, answersFor(s), who))).toBe('DEADLINE_EXCEEDED');
    expect(expectChineseError(await submit(s.attemptId, answersFor(s), who, { startedAt: isoIn(0), deadline: isoIn(days(1)), durationMs: 1000 }))).toBe('DEADLINE_EXCEEDED');
    clockTo(Date.parse(s.deadline), 5 * MINUTE);
    expect(expectChineseError(await submit(s.attemptId, answersFor(s), who))).toBe('DEADLINE_EXCEEDED');
    const lb = await board(shortId, 'city', who);
    expect(lb.me).toBeNull();
    expect(lb.items.some((i: any) => i.displayName === maskedOf('d1'))).toBe(false);
    // The expired attempt is not resumed: a new start is a new attempt.
    const next = await start(shortId, who);
    expect(next.attemptId).not.toBe(s.attemptId);
  });

  test('20 concurrent late submits: all DEADLINE_EXCEEDED', async () => {
    const who = openidOf('d1');
    const s = await start(shortId, who);
    clockTo(Date.parse(s.deadline), 11 * SECOND);
    await warm();
    const all = await Promise.all(Array.from({ length: 20 }, () => submit(s.attemptId, answersFor(s), who)));
    for (const r of all) expect(expectChineseError(r)).toBe('DEADLINE_EXCEEDED');
  });

  test('in time: accepted, durationMs measured by the server and never above the limit + grace', async () => {
    const who = openidOf('d2');
    const s = await start(shortId, who);
    clockTo(Date.parse(s.deadline), -2 * SECOND);
    const res = await submit(s.attemptId, answersFor(s), who, { durationMs: 5 });
    if (!res.ok) throw new Error(JSON.stringify(res));
    expect(res.data.score).toBe(100);
    expect(res.data.durationMs).toBeGreaterThanOrEqual(27 * SECOND);
    expect(res.data.durationMs).toBeLessThanOrEqual(40 * SECOND);
  });
});

describe('attemptsPerDay under concurrency (attemptsPerDay 2)', () => {
  let limitId: string;
  beforeAll(async () => {
    limitId = await createQuiz(HEAD, { title: '每日两次竞答', questionCount: 3, timeLimitSec: 60, attemptsPerDay: 2 });
  });

  const starts = async (who: string, n = 20) => {
    await warm(n);
    return Promise.all(Array.from({ length: n }, () => quiz('start', { quizId: limitId }, who)));
  };
  const idsOf = (all: Envelope[]) => {
    for (const r of all) if (!r.ok) expect(expectChineseError(r)).toBe('RESOURCE_EXHAUSTED');
    return new Set(all.filter((r) => r.ok).map((r: any) => r.data.attemptId as string));
  };

  test('20 concurrent starts → one attempt (resumed by all), then one more, then RESOURCE_EXHAUSTED', async () => {
    const who = openidOf('c1');
    const first = await starts(who);
    const ids1 = idsOf(first);
    expect(ids1.size).toBe(1);
    const a1 = first.find((r) => r.ok) as { ok: true; data: Started };
    for (const r of first) if (r.ok) expectNoAnswers(r.data);

    // Submit and 20 more starts all at once: never more than the limit.
    await warm(21);
    const [sub, ...second] = await Promise.all([submit(a1.data.attemptId, answersFor(a1.data), who), ...Array.from({ length: 20 }, () => quiz('start', { quizId: limitId }, who))]);
    expect(sub.ok).toBe(true);
    const ids2 = idsOf(second);
    const all = new Set([...ids1, ...ids2]);
    expect(all.size).toBeLessThanOrEqual(2);

    // Finish whatever is open, then 20 more concurrent starts: all RESOURCE_EXHAUSTED (or none open to resume).
    const again = await starts(who, 1);
    if (again[0].ok) {
      all.add(again[0].data.attemptId);
      expect(all.size).toBeLessThanOrEqual(2);
      expect((await submit(again[0].data.attemptId, answersFor(again[0].data), who)).ok).toBe(true);
    }
    const third = await starts(who);
    for (const r of third) expect(expectChineseError(r)).toBe('RESOURCE_EXHAUSTED');
    const mine = await quiz('myAttempts', { quizId: limitId }, who);
    if (mine.ok) expect(mine.data.items).toHaveLength(2);
  });

  test('letting attempts expire does not give free attempts: expired ones count', async () => {
    const who = openidOf('c2');
    const a = await start(limitId, who);
    clockTo(Date.parse(a.deadline), 11 * SECOND);
    const second = await starts(who);
    const ids = idsOf(second);
    expect(ids.size).toBe(1);
    expect(ids.has(a.attemptId)).toBe(false);
    const b = (second.find((r) => r.ok) as { ok: true; data: Started }).data;
    expect(expectChineseError(await submit(a.attemptId, answersFor(a), who))).toBe('DEADLINE_EXCEEDED');
    clockTo(Date.parse(b.deadline), 11 * SECOND);
    const third = await starts(who, 10);
    for (const r of third) expect(expectChineseError(r)).toBe('RESOURCE_EXHAUSTED');
  });

  test('"per day" is the Asia/Shanghai calendar day: the next day brings new attempts', async () => {
    const who = openidOf('c1');
    const shanghaiNow = Date.now() + hours(8);
    const nextMidnight = (Math.floor(shanghaiNow / days(1)) + 1) * days(1) - hours(8);
    // Just before that midnight it is still the same (exhausted) day.
    clockTo(nextMidnight, -MINUTE);
    expect(await fail('start', { quizId: limitId }, who)).toBe('RESOURCE_EXHAUSTED');
    clockTo(nextMidnight, MINUTE);
    const res = await starts(who);
    expect(idsOf(res).size).toBe(1);
  });
});

describe('branch quizzes are for learners of that branch', () => {
  let brId: string;
  beforeAll(async () => {
    brId = await createQuiz(BA, { title: '渝中区分校科普竞答', scope: 'branch', branchId: YUZHONG, questionCount: 3 });
  });

  test('another branch’s learner or a non-learner: PERMISSION_DENIED, also with a forged branchId/identity', async () => {
    expect(await fail('start', { quizId: brId }, openidOf('brJ'))).toBe('PERMISSION_DENIED');
    expect(await fail('start', { quizId: brId, branchId: YUZHONG, pointId: pointB, userInfo: { openId: openidOf('brY') }, openid: openidOf('brY') }, openidOf('brJ'))).toBe('PERMISSION_DENIED');
    expect(await fail('start', { quizId: brId }, GUEST)).toBe('PERMISSION_DENIED');
    expect(await fail('start', { quizId: brId })).toBe('UNAUTHENTICATED');
  });

  test('a learner of the branch takes it; the branch board lists them', async () => {
    const s = await start(brId, openidOf('brY'));
    expectNoAnswers(s);
    const res = await submit(s.attemptId, answersFor(s), openidOf('brY'));
    expect(res.ok && res.data.score).toBe(100);
    const lb = await board(brId, 'branch', undefined, { unitId: YUZHONG });
    expect(lb.items).toEqual([expect.objectContaining({ rank: 1, displayName: maskedOf('brY'), score: 100 })]);
  });
});

// ------------------------------------------------------------------ leaderboard

describe('leaderboard (anyone): best per person, score desc, duration asc, earlier submit; masked names', () => {
  let rankId: string;
  const result: Partial<Record<Who | 'guest', { score: number; durationMs: number }>> = {};

  async function play(who: Who | 'guest', s: Started, pick: (q: Asked, i: number) => 'right' | 'wrong' | 'skip') {
    const res = await submit(s.attemptId, answersFor(s, pick), who === 'guest' ? GUEST : openidOf(who));
    if (!res.ok) throw new Error(JSON.stringify(res));
    return res.data as { score: number; durationMs: number };
  }

  beforeAll(async () => {
    rankId = await createQuiz(HEAD, { title: '排行榜竞答', questionCount: 4, attemptsPerDay: 3 });
    const players: Array<Who | 'guest'> = ['r0', 'r1', 'r2', 'r3', 'guest'];
    const s = await Promise.all(players.map((p) => start(rankId, p === 'guest' ? GUEST : openidOf(p))));
    const [s0, s1, s2, s3, sg] = s;
    setClock(5 * SECOND);
    const r3a = await play('r3', s3, (_q, i) => (i < 2 ? 'right' : 'wrong')); // 50, 5 s
    setClock(10 * SECOND);
    result.r2 = await play('r2', s2, (_q, i) => (i < 3 ? 'right' : 'wrong')); // 75, 10 s
    setClock(20 * SECOND);
    result.r0 = await play('r0', s0, () => 'right'); // 100, 20 s
    setClock(40 * SECOND);
    result.r1 = await play('r1', s1, () => 'right'); // 100, 40 s
    setClock(50 * SECOND);
    result.guest = await play('guest', sg, (_q, i) => (i < 3 ? 'right' : 'wrong')); // 75, 50 s
    // r3 improves on a second attempt (100, 60 s); r0 does worse on a second one (kept: 100, 20 s).
    const s3b = await start(rankId, openidOf('r3'));
    const s0b = await start(rankId, openidOf('r0'));
    setClock(110 * SECOND);
    result.r3 = await play('r3', s3b, () => 'right');
    await play('r0', s0b, () => 'wrong');
    expect(r3a.score).toBe(50);
  }, 20_000);

  const expectItem = (item: any) => {
    expect(item).toEqual({ rank: expect.any(Number), displayName: expect.any(String), unitName: expect.any(String), score: expect.any(Number), durationMs: expect.any(Number) });
  };

  test('city: { items: [{ rank, displayName, unitName, score, durationMs }], me } in the contracted order', async () => {
    const lb = await board(rankId, 'city');
    expect(lb).toEqual(expect.objectContaining({ items: expect.any(Array), me: null }));
    lb.items.forEach(expectItem);
    expect(lb.items.map((i: any) => i.displayName)).toEqual([maskedOf('r0'), maskedOf('r1'), maskedOf('r3'), maskedOf('r2'), expect.any(String)]);
    expect(lb.items.map((i: any) => i.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(lb.items.map((i: any) => i.score)).toEqual([100, 100, 100, 75, 75]);
    expect(lb.items[0].durationMs).toBe(result.r0!.durationMs);
    expect(lb.items[2].durationMs).toBe(result.r3!.durationMs);
    expect(result.r3!.durationMs).toBeGreaterThanOrEqual(60 * SECOND);
    expect(lb.items[4].displayName).not.toMatch(/bb-quiz/);
    // Units name the learner's branch/point.
    expect(lb.items[0].unitName).toMatch(/渝中|解放碑/);
    expect(lb.items[3].unitName).toMatch(/江北|观音桥/);
  });

  test('names are masked (张*明), no full name, OPENID or phone anywhere', async () => {
    const lb = await board(rankId, 'city', openidOf('r1'));
    for (const item of lb.items.slice(0, 4)) expect(item.displayName).toMatch(/^[\u4e00-\u9fa5]\*+[\u4e00-\u9fa5]$/);
    expectNoLeak(lb, [...(['r0', 'r1', 'r2', 'r3'] as Who[]).flatMap((w) => [nameOf(w), openidOf(w)]), GUEST]);
    expectNoAnswers(lb);
  });

  test('me: my rank and best, also when outside the top N; null for anonymous and non-players', async () => {
    expect((await board(rankId, 'city', openidOf('r1'))).me).toEqual({ rank: 2, score: 100, durationMs: result.r1!.durationMs });
    const top1 = await board(rankId, 'city', openidOf('r2'), { limit: 1 });
    expect(top1.items).toHaveLength(1);
    expect(top1.me).toEqual({ rank: 4, score: 75, durationMs: result.r2!.durationMs });
    expect((await board(rankId, 'city', openidOf('r0'))).me).toEqual({ rank: 1, score: 100, durationMs: result.r0!.durationMs });
    expect((await board(rankId, 'city', openidOf('p1'))).me).toBeNull();
    // A forged identity in the event does not change "me".
    expect((await board(rankId, 'city', undefined, { openid: openidOf('r0'), userInfo: { openId: openidOf('r0') } })).me).toBeNull();
  });

  test('branch and point scopes with unitId', async () => {
    const yz = await board(rankId, 'branch', openidOf('r1'), { unitId: YUZHONG });
    yz.items.forEach(expectItem);
    expect(yz.items.map((i: any) => i.displayName)).toEqual([maskedOf('r0'), maskedOf('r1'), maskedOf('r3')]);
    expect(yz.me).toEqual(expect.objectContaining({ rank: 2 }));
    const jb = await board(rankId, 'branch', openidOf('r1'), { unitId: JIANGBEI });
    expect(jb.items.map((i: any) => i.displayName)).toEqual([maskedOf('r2')]);
    expect(jb.items[0].rank).toBe(1);
    expect(jb.me).toBeNull();
    const pa = await board(rankId, 'point', undefined, { unitId: pointA });
    expect(pa.items.map((i: any) => i.displayName)).toEqual([maskedOf('r0'), maskedOf('r3')]);
    expect(pa.items.map((i: any) => i.rank)).toEqual([1, 2]);
    expect((await board(rankId, 'point', undefined, { unitId: pointB })).items.map((i: any) => i.displayName)).toEqual([maskedOf('r1')]);
    expect((await board(rankId, 'point', openidOf('r3'), { unitId: pointA })).me).toEqual({ rank: 2, score: 100, durationMs: result.r3!.durationMs });
  });

  test('bad params: INVALID_ARGUMENT; unknown quiz: NOT_FOUND', async () => {
    expect(await fail('leaderboard', { quizId: rankId, scope: 'world' })).toBe('INVALID_ARGUMENT');
    expect(await fail('leaderboard', { quizId: rankId, scope: 'city', limit: 0 })).toBe('INVALID_ARGUMENT');
    expect(await fail('leaderboard', { scope: 'city' })).toBe('INVALID_ARGUMENT');
    expect(await fail('leaderboard', { quizId: 'qz_nope', scope: 'city' })).toBe('NOT_FOUND');
  });

  test('equal score and duration: the earlier submission ranks first', async () => {
    const tieId = await createQuiz(HEAD, { title: '并列排名竞答', questionCount: 2, timeLimitSec: 30 });
    const [a, b] = await Promise.all([start(tieId, openidOf('t1')), start(tieId, openidOf('t2'))]);
    // Both finish after the time limit but within the grace: the duration is capped at the limit.
    clockTo(Math.max(Date.parse(a.deadline), Date.parse(b.deadline)), 2 * SECOND);
    const ra = await submit(a.attemptId, answersFor(a), openidOf('t1'));
    clockTo(Math.max(Date.parse(a.deadline), Date.parse(b.deadline)), 4 * SECOND);
    const rb = await submit(b.attemptId, answersFor(b), openidOf('t2'));
    const lb = await board(tieId, 'city');
    if (ra.ok && rb.ok && ra.data.durationMs === rb.data.durationMs) {
      expect(lb.items.map((i: any) => i.displayName)).toEqual([maskedOf('t1'), maskedOf('t2')]);
      expect(lb.items.map((i: any) => i.rank)).toEqual([1, 2]);
    } else {
      // Without a grace period both are late; nobody ranks.
      for (const r of [ra, rb]) if (!r.ok) expect(r.error.code).toBe('DEADLINE_EXCEEDED');
    }
  });
});

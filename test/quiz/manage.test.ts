import { database } from '../../cloudfunctions/_shared/cloud';
import type { InvocationRecord } from '../../emulator/host';
import type { QuizItem } from '../../typings/quiz';
import { errorCode, expectOk, type LocalCloud } from '../support/cloud';
import {
  answersFor,
  bankAnswers,
  BRANCH_ADMIN_YUZHONG,
  createQuiz,
  HEAD,
  importBank,
  iso,
  JIANGBEI,
  LEARNERS,
  makeQuestions,
  POINT_ADMIN_A,
  startQuizCloud,
  YUZHONG,
  type Started,
} from './helpers';

/**
 * Quiz administration after creation: `update` (upcoming: the rules; open: only the end time; the
 * pool never changes once attempts can exist) and `cancel` (closed with the reason, no new starts,
 * the leaderboard stays), both scoped like `create` and audited.
 */
let cloud: LocalCloud;
let bank: Map<string, { options: string[]; answer: number[] }>;
const records: InvocationRecord[] = [];
const HOUR = 3600_000;
const DAY = 86_400_000;
const L1 = LEARNERS[0];
const L2 = LEARNERS[1];

beforeAll(async () => {
  cloud = await startQuizCloud({ log: (_line, record) => records.push(record) });
  await importBank(cloud, makeQuestions(12, '健康', '健康题'));
  await importBank(cloud, makeQuestions(4, '防诈骗', '防诈题'));
  bank = await bankAnswers(cloud);
});
afterEach(() => cloud.setClockOffset(0));
afterAll(() => cloud.close());

/** `null`: an anonymous caller. */
const call = (params: Record<string, unknown>, openid: string | null = HEAD) => cloud.call('quiz', params, openid ?? undefined);
const update = (quizId: string, fields: Record<string, unknown>, openid: string | null = HEAD) => call({ action: 'update', quizId, ...fields }, openid);
const cancel = (quizId: string, reason: string, openid: string | null = HEAD) => call({ action: 'cancel', quizId, reason }, openid);

async function listed(quizId: string): Promise<QuizItem> {
  const page = expectOk<{ items: QuizItem[] }>(await call({ action: 'list', limit: 100 }, null));
  const item = page.items.find((q) => q.id === quizId);
  if (!item) throw new Error(`quiz ${quizId} not listed`);
  return item;
}

async function stored(quizId: string): Promise<Record<string, any>> {
  return (await database().collection('quizzes').doc(quizId).get()).data as Record<string, any>;
}

async function audits(quizId: string): Promise<Array<Record<string, any>>> {
  const res = await database().collection('audit').where({ targetId: quizId }).get();
  return res.data as Array<Record<string, any>>;
}

async function cost(fn: () => Promise<unknown>): Promise<{ reads: number; writes: number }> {
  records.length = 0;
  await fn();
  const r = records[records.length - 1];
  return { reads: r.reads, writes: r.writes };
}

const upcoming = (options: Parameters<typeof createQuiz>[1] = {}, caller = HEAD) =>
  createQuiz(cloud, { startsAt: new Date(Date.now() + DAY), endsAt: new Date(Date.now() + 8 * DAY), questionCount: 3, ...options }, caller);

describe('who may change a quiz', () => {
  test('head admin: city quizzes; branch admin: its own branch; nobody else', async () => {
    const city = await upcoming();
    const yuzhong = await upcoming({ scope: 'branch', branchId: YUZHONG }, BRANCH_ADMIN_YUZHONG);
    const jiangbei = await upcoming({ scope: 'branch', branchId: JIANGBEI });

    expect(errorCode(await update(city, { title: '改个名字' }, null))).toBe('UNAUTHENTICATED');
    expect(errorCode(await update(city, { title: '改个名字' }, BRANCH_ADMIN_YUZHONG))).toBe('PERMISSION_DENIED');
    expect(errorCode(await cancel(city, '天气原因', BRANCH_ADMIN_YUZHONG))).toBe('PERMISSION_DENIED');
    expect(errorCode(await update(jiangbei, { title: '改个名字' }, BRANCH_ADMIN_YUZHONG))).toBe('PERMISSION_DENIED');
    expect(errorCode(await cancel(jiangbei, '天气原因', BRANCH_ADMIN_YUZHONG))).toBe('PERMISSION_DENIED');
    expect(errorCode(await update(yuzhong, { title: '改个名字' }, POINT_ADMIN_A))).toBe('PERMISSION_DENIED');
    expect(errorCode(await update(yuzhong, { title: '改个名字' }, L1.openid))).toBe('PERMISSION_DENIED');
    expect(errorCode(await update('qz_missing', { title: '改个名字' }))).toBe('NOT_FOUND');

    expect(expectOk<{ changed: string[] }>(await update(yuzhong, { title: '渝中区健康知识竞答' }, BRANCH_ADMIN_YUZHONG)).changed).toEqual(['title']);
    expect(expectOk<{ changed: string[] }>(await update(jiangbei, { title: '江北区健康知识竞答' }, HEAD)).changed).toEqual(['title']);
    expect((await stored(city)).title).toBe('全市科普知识竞答');
  });
});

describe('update', () => {
  test('while upcoming: title, window, limit, attempts, count and topic change; audited; the list shows them', async () => {
    const quizId = await upcoming();
    const startsAt = new Date(Date.now() + 2 * DAY);
    const endsAt = new Date(Date.now() + 5 * DAY);
    const res = expectOk<{ quiz: QuizItem; changed: string[] }>(
      await update(quizId, { title: '防诈骗知识竞答', startsAt: iso(startsAt), endsAt: iso(endsAt), timeLimitSec: 300, attemptsPerDay: 1, questionCount: 4, topic: '防诈骗' }),
    );
    expect(res.changed.sort()).toEqual(['attemptsPerDay', 'endsAt', 'questionCount', 'startsAt', 'timeLimitSec', 'title', 'topic']);
    expect(res.quiz).toMatchObject({ id: quizId, title: '防诈骗知识竞答', status: 'upcoming', timeLimitSec: 300, attemptsPerDay: 1, questionCount: 4, topic: '防诈骗' });
    const item = await listed(quizId);
    expect(item).toMatchObject({ title: '防诈骗知识竞答', startsAt: iso(startsAt), endsAt: iso(endsAt), timeLimitSec: 300, attemptsPerDay: 1, questionCount: 4, topic: '防诈骗' });
    expect(item.cancelled).toBeUndefined();

    // The pool was drawn again for the new topic: an attempt asks only 防诈骗 questions.
    const doc = await stored(quizId);
    expect(doc.pool).toHaveLength(4);
    cloud.setClockOffset(2 * DAY + HOUR);
    const s = expectOk<Started>(await call({ action: 'start', quizId }, L1.openid));
    expect(s.questions.map((q) => q.stem.slice(0, 3)).sort()).toEqual(['防诈题', '防诈题', '防诈题', '防诈题']);
    expect(Date.parse(s.deadline) - Date.parse(s.startedAt)).toBe(300_000);
    expect(expectOk<Started>(await call({ action: 'start', quizId }, L1.openid)).resumed).toBe(true);

    const trail = await audits(quizId);
    const entry = trail.find((a) => a.action === 'quiz.update');
    expect(entry).toMatchObject({ actor: HEAD, targetType: 'quiz', before: { title: '全市科普知识竞答', questionCount: 3 }, after: { title: '防诈骗知识竞答', topic: '防诈骗', questionCount: 4 } });
  });

  test('validates the new rules and the bank; repeating the current values writes nothing', async () => {
    const quizId = await upcoming();
    const now = Date.now();
    expect(errorCode(await update(quizId, { endsAt: iso(new Date(now + HOUR)) }))).toBe('INVALID_ARGUMENT'); // before the start
    expect(errorCode(await update(quizId, { startsAt: iso(new Date(now - 3 * DAY)), endsAt: iso(new Date(now - DAY)) }))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await update(quizId, { endsAt: iso(new Date(now + 400 * DAY)) }))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await update(quizId, { timeLimitSec: 10 }))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await update(quizId, { attemptsPerDay: 0 }))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await update(quizId, { title: '改' }))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await update(quizId, { topic: '防诈骗', questionCount: 5 }))).toBe('FAILED_PRECONDITION'); // 4 in the bank
    expect(errorCode(await update(quizId, { questionCount: 17 }))).toBe('FAILED_PRECONDITION'); // 16 in the bank

    const before = await stored(quizId);
    const c = await cost(() => update(quizId, { title: before.title, timeLimitSec: before.timeLimitSec }));
    expect(c.writes).toBe(0);
    expect((await stored(quizId)).pool).toEqual(before.pool);
    expect((await audits(quizId)).filter((a) => a.action === 'quiz.update')).toHaveLength(0);

    // A topic can be cleared again (null = all topics).
    expectOk(await update(quizId, { topic: '防诈骗', questionCount: 4 }));
    const cleared = expectOk<{ quiz: QuizItem }>(await update(quizId, { topic: null, questionCount: 10 }));
    expect(cleared.quiz.topic).toBeUndefined();
    expect((await stored(quizId)).pool).toHaveLength(16);
  });

  test('once open: only the end time, extended or shortened to not before now; the pool never changes', async () => {
    const quizId = await createQuiz(cloud, { questionCount: 3 });
    const s = expectOk<Started>(await call({ action: 'start', quizId }, L1.openid));
    const pool = (await stored(quizId)).pool;

    for (const fields of [{ title: '开始后改名' }, { questionCount: 4 }, { topic: '防诈骗' }, { timeLimitSec: 60 }, { attemptsPerDay: 5 }, { startsAt: iso(new Date(Date.now() - 2 * HOUR)) }]) {
      expect(errorCode(await update(quizId, fields))).toBe('FAILED_PRECONDITION');
    }
    expect((await stored(quizId)).pool).toEqual(pool);
    expect(errorCode(await update(quizId, { endsAt: iso(new Date(Date.now() - 60_000)) }))).toBe('INVALID_ARGUMENT');

    const later = new Date(Date.now() + 14 * DAY);
    const c = await cost(() => update(quizId, { endsAt: iso(later) }));
    // quiz, audit, and the pool's contest mark moved to the later end (practice stays off it).
    expect(c).toEqual({ reads: 2, writes: 3 });
    expect((await listed(quizId)).endsAt).toBe(iso(later));

    const soon = new Date(Date.now() + HOUR);
    expect(expectOk<{ quiz: QuizItem }>(await update(quizId, { endsAt: iso(soon) })).quiz).toMatchObject({ status: 'open', endsAt: iso(soon) });
    // The running attempt keeps its own deadline and is scored.
    expectOk(await call({ action: 'submit', attemptId: s.attemptId, answers: answersFor(s, bank, 3) }, L1.openid));

    cloud.setClockOffset(2 * HOUR);
    expect((await listed(quizId)).status).toBe('closed');
    expect(errorCode(await update(quizId, { endsAt: iso(new Date(Date.now() + 4 * HOUR)) }))).toBe('FAILED_PRECONDITION');
    expect(errorCode(await call({ action: 'start', quizId }, L2.openid))).toBe('FAILED_PRECONDITION');
  });
});

describe('cancel', () => {
  test('a cancelled quiz lists as closed with the reason, refuses starts, keeps its leaderboard and a running attempt', async () => {
    const quizId = await createQuiz(cloud, { questionCount: 3, attemptsPerDay: 2 });
    const done = expectOk<Started>(await call({ action: 'start', quizId }, L1.openid));
    expectOk(await call({ action: 'submit', attemptId: done.attemptId, answers: answersFor(done, bank, 2) }, L1.openid));
    const running = expectOk<Started>(await call({ action: 'start', quizId }, L2.openid));

    expect(errorCode(await cancel(quizId, ''))).toBe('INVALID_ARGUMENT');
    const c = await cost(() => cancel(quizId, '题目有误，改期重办'));
    expect(c).toEqual({ reads: 2, writes: 2 });

    const item = await listed(quizId);
    expect(item.status).toBe('closed');
    expect(item.cancelled?.reason).toBe('题目有误，改期重办');
    expect(item.cancelled?.at).toMatch(/\+08:00$/);
    expect(expectOk<QuizItem>(await call({ action: 'get', quizId }, L1.openid)).cancelled?.reason).toBe('题目有误，改期重办');

    const refused = await call({ action: 'start', quizId }, LEARNERS[2].openid);
    expect(errorCode(refused)).toBe('FAILED_PRECONDITION');
    expect(JSON.stringify(refused)).toContain('题目有误，改期重办');
    expect(errorCode(await call({ action: 'start', quizId }, L1.openid))).toBe('FAILED_PRECONDITION'); // a second attempt of today

    // The attempt running when it was cancelled may still be finished.
    expect(expectOk<Started>(await call({ action: 'start', quizId }, L2.openid)).resumed).toBe(true);
    expectOk(await call({ action: 'submit', attemptId: running.attemptId, answers: answersFor(running, bank, 3) }, L2.openid));

    const board = expectOk<{ items: Array<{ rank: number; score: number; displayName: string }> }>(await call({ action: 'leaderboard', quizId, scope: 'city' }, null));
    expect(board.items.map((i) => [i.rank, i.score, i.displayName])).toEqual([
      [1, 100, '李*'],
      [2, 67, '张*明'],
    ]);

    // Cancelling again answers the first cancellation; nothing may be changed any more.
    const again = expectOk<{ cancelled: { reason: string } }>(await cancel(quizId, '别的原因'));
    expect(again.cancelled.reason).toBe('题目有误，改期重办');
    expect(errorCode(await update(quizId, { endsAt: iso(new Date(Date.now() + 30 * DAY)) }))).toBe('FAILED_PRECONDITION');
    const trail = (await audits(quizId)).filter((a) => a.action === 'quiz.cancel');
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ actor: HEAD, reason: '题目有误，改期重办', before: { status: 'open' }, after: { status: 'closed', cancelled: true } });
  });

  test('an upcoming quiz can be cancelled (by its branch admin); an ended one cannot', async () => {
    const quizId = await upcoming({ scope: 'branch', branchId: YUZHONG }, BRANCH_ADMIN_YUZHONG);
    expectOk(await cancel(quizId, '与社区活动时间冲突', BRANCH_ADMIN_YUZHONG));
    cloud.setClockOffset(2 * DAY);
    expect(errorCode(await call({ action: 'start', quizId }, L1.openid))).toBe('FAILED_PRECONDITION');
    expect((await listed(quizId)).status).toBe('closed');
    cloud.setClockOffset(0);

    const ended = await createQuiz(cloud, { startsAt: new Date(Date.now() - 2 * HOUR), endsAt: new Date(Date.now() + HOUR), questionCount: 3 });
    cloud.setClockOffset(2 * HOUR);
    expect(errorCode(await cancel(ended, '补记取消'))).toBe('FAILED_PRECONDITION');
    expect((await listed(ended)).cancelled).toBeUndefined();
  });

  test('20 concurrent cancels (and an edit racing them) cancel once, with one audit entry', async () => {
    const quizId = await upcoming();
    const results = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => cancel(quizId, `并发取消${i}`)),
      update(quizId, { title: '并发修改的名称' }),
    ]);
    const cancels = results.slice(0, 20).map((r) => expectOk<{ cancelled: { reason: string } }>(r).cancelled.reason);
    expect(new Set(cancels).size).toBe(1);
    const doc = await stored(quizId);
    expect(doc.cancelled).toBe(true);
    expect(doc.cancelReason).toBe(cancels[0]);
    expect((await audits(quizId)).filter((a) => a.action === 'quiz.cancel')).toHaveLength(1);
    // The edit either landed before the cancellation or was refused after it.
    const edit = results[20] as { ok: boolean };
    if (edit.ok) expect(doc.title).toBe('并发修改的名称');
    else expect(errorCode(edit)).toBe('FAILED_PRECONDITION');
  });
});

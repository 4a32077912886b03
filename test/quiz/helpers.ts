import { database } from '../../cloudfunctions/_shared/cloud';
import type { QuestionInput } from '../../typings/quiz';
import { expectOk, startTestCloud, type LocalCloud } from '../support/cloud';

/**
 * Fixtures of the quiz tests: an organisation (points, learners, roles) written straight into the
 * local database as test data (the org/user functions own those writes; quiz only reads them),
 * and a question bank imported through the real quiz actions.
 */
export const HEAD = 'head-1';
export const YUZHONG = 'br_500103';
export const JIANGBEI = 'br_500105';
export const POINT_A = 'pt_jiefangbei';
export const POINT_B = 'pt_qixinggang';
export const POINT_C = 'pt_guanyinqiao';
export const BRANCH_ADMIN_YUZHONG = 'ba-yuzhong';
export const POINT_ADMIN_A = 'pa-a';

export interface Learner {
  openid: string;
  name: string;
  pointId: string;
  branchId: string;
}

export const LEARNERS: Learner[] = [
  { openid: 'learner-1', name: '张三明', pointId: POINT_A, branchId: YUZHONG },
  { openid: 'learner-2', name: '李四', pointId: POINT_A, branchId: YUZHONG },
  { openid: 'learner-3', name: '欧阳娜娜', pointId: POINT_B, branchId: YUZHONG },
  { openid: 'learner-4', name: '王五福', pointId: POINT_C, branchId: JIANGBEI },
  { openid: 'learner-5', name: '赵六', pointId: POINT_C, branchId: JIANGBEI },
];

export async function startQuizCloud(options: Parameters<typeof startTestCloud>[0] = {}): Promise<LocalCloud> {
  process.env.HEAD_ADMIN_OPENIDS = HEAD;
  const cloud = await startTestCloud(options);
  await seedOrg();
  return cloud;
}

export async function seedOrg(): Promise<void> {
  const db = database();
  const now = new Date();
  const points = [
    { _id: POINT_A, branchId: YUZHONG, name: '解放碑社区' },
    { _id: POINT_B, branchId: YUZHONG, name: '七星岗社区' },
    { _id: POINT_C, branchId: JIANGBEI, name: '观音桥社区' },
  ];
  for (const p of points) {
    await db.collection('points').add({
      data: { ...p, address: '社区服务中心二楼', leaderName: '王建华', leaderTitle: '社区党委副书记', isDemo: false, active: true, learnerCount: 0, createdAt: now, updatedAt: now },
    });
  }
  for (const l of LEARNERS) {
    await db.collection('learners').add({
      data: {
        _id: l.openid,
        pointId: l.pointId,
        branchId: l.branchId,
        name: l.name,
        gender: 'male',
        birthYear: 1955,
        occupation: 'retired',
        phone: '13812345678',
        consentAt: now,
        enrolledAt: now,
        transfers: [],
      },
    });
  }
  const roles = [
    { openid: BRANCH_ADMIN_YUZHONG, role: 'branch_admin', scopeId: YUZHONG },
    { openid: POINT_ADMIN_A, role: 'point_admin', scopeId: POINT_A },
  ];
  for (const r of roles) {
    await db.collection('roles').add({ data: { _id: `${r.role}:${r.scopeId}:${r.openid}`, ...r, grantedBy: HEAD, grantedAt: now } });
  }
}

/** n distinct valid questions, cycling through the three types. */
export function makeQuestions(n: number, topic = '健康', prefix = '题'): QuestionInput[] {
  return Array.from({ length: n }, (_, i) => {
    const kind = i % 3;
    if (kind === 0) return { type: 'single', stem: `${prefix}${i}：下列哪项正确？`, options: ['甲', '乙', '丙', '丁'], answer: [i % 4], explanation: `解析${i}`, topic };
    if (kind === 1) return { type: 'multiple', stem: `${prefix}${i}：下列哪些正确？`, options: ['甲', '乙', '丙', '丁'], answer: [0, 2], explanation: `解析${i}`, topic };
    return { type: 'judge', stem: `${prefix}${i}：这个说法对吗？`, options: ['正确', '错误'], answer: [i % 2], explanation: `解析${i}`, topic };
  });
}

export async function importBank(cloud: LocalCloud, questions: QuestionInput[]): Promise<string[]> {
  const res = expectOk<{ imported: number; rejected: unknown[]; questionIds: string[] }>(
    await cloud.call('quiz', { action: 'importQuestions', questions }, HEAD),
  );
  if (res.rejected.length) throw new Error(`fixture questions rejected: ${JSON.stringify(res.rejected)}`);
  return res.questionIds;
}

export function iso(date: Date): string {
  return `${new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

export interface QuizOptions {
  title?: string;
  scope?: 'city' | 'branch';
  branchId?: string;
  startsAt?: Date;
  endsAt?: Date;
  questionCount?: number;
  timeLimitSec?: number;
  attemptsPerDay?: number;
  topic?: string;
  reviewAnswers?: 'after_submit' | 'after_close';
}

export async function createQuiz(cloud: LocalCloud, options: QuizOptions = {}, caller = HEAD): Promise<string> {
  const now = Date.now();
  const { startsAt = new Date(now - 3600_000), endsAt = new Date(now + 7 * 86_400_000), ...rest } = options;
  return expectOk<{ quizId: string }>(
    await cloud.call(
      'quiz',
      {
        action: 'create',
        title: '全市科普知识竞答',
        scope: 'city',
        questionCount: 5,
        timeLimitSec: 600,
        attemptsPerDay: 3,
        ...rest,
        startsAt: iso(startsAt),
        endsAt: iso(endsAt),
      },
      caller,
    ),
  ).quizId;
}

/** The bank's answer for each question id (original option order), read as a head admin. */
export async function bankAnswers(cloud: LocalCloud): Promise<Map<string, { options: string[]; answer: number[] }>> {
  const map = new Map<string, { options: string[]; answer: number[] }>();
  let cursor: string | undefined;
  do {
    const page = expectOk<{ items: Array<{ id: string; options: string[]; answer: number[] }>; nextCursor: string | null }>(
      await cloud.call('quiz', { action: 'listQuestions', limit: 100, ...(cursor ? { cursor } : {}) }, HEAD),
    );
    for (const q of page.items) map.set(q.id, { options: q.options, answer: q.answer });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return map;
}

export interface Started {
  attemptId: string;
  questions: Array<{ id: string; type: string; stem: string; options: string[] }>;
  startedAt: string;
  deadline: string;
  resumed: boolean;
}

/** Answers that score `correct` of the questions right, mapping the bank's answer through the shown options. */
export function answersFor(started: Started, bank: Map<string, { options: string[]; answer: number[] }>, correct: number) {
  return started.questions.map((q, i) => {
    const b = bank.get(q.id)!;
    const right = b.answer.map((a) => q.options.indexOf(b.options[a])).sort((x, y) => x - y);
    const wrong = [q.options.findIndex((_, j) => !right.includes(j))];
    return { questionId: q.id, choice: i < correct ? right : wrong };
  });
}

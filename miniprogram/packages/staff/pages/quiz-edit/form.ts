import type { CreateQuizParams, QuizItem, UpdateQuizParams } from '../../../../services/quiz';
import { shanghaiDate } from '../../../../utils/time';

export interface QuizForm {
  title: string;
  scope: 'city' | 'branch';
  branchId: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  questionCount: string;
  timeLimitMin: string;
  attemptsPerDay: string;
  topic: string;
}

function positiveInt(text: string): number | null {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** The form as `create` params, or the first problem in words a staff member can act on. */
export function toParams(f: QuizForm): { params?: CreateQuizParams; error?: string } {
  if (f.title.trim().length < 2) return { error: '请填写竞答名称（至少2个字）' };
  if (f.scope === 'branch' && !f.branchId) return { error: '请选择分校' };
  if (!f.startDate || !f.startTime || !f.endDate || !f.endTime) return { error: '请选择开始和结束时间' };
  const startsAt = `${f.startDate}T${f.startTime}:00+08:00`;
  const endsAt = `${f.endDate}T${f.endTime}:00+08:00`;
  if (Date.parse(endsAt) <= Date.parse(startsAt)) return { error: '结束时间应晚于开始时间' };
  const questionCount = positiveInt(f.questionCount);
  const timeLimitMin = positiveInt(f.timeLimitMin);
  const attemptsPerDay = positiveInt(f.attemptsPerDay);
  if (!questionCount || questionCount > 100) return { error: '每次题目数应为 1 到 100' };
  if (!timeLimitMin || timeLimitMin > 120) return { error: '答题限时应为 1 到 120 分钟' };
  if (!attemptsPerDay || attemptsPerDay > 20) return { error: '每天可答次数应为 1 到 20' };
  const params: CreateQuizParams = {
    title: f.title.trim(),
    scope: f.scope,
    startsAt,
    endsAt,
    questionCount,
    timeLimitSec: timeLimitMin * 60,
    attemptsPerDay,
  };
  if (f.scope === 'branch') params.branchId = f.branchId;
  if (f.topic) params.topic = f.topic;
  return { params };
}

/** YYYY-MM-DD of a moment in Asia/Shanghai. */
export { shanghaiDate };

/** The form filled with a quiz's current values (times as written, Asia/Shanghai). */
export function fromQuiz(q: QuizItem): QuizForm {
  return {
    title: q.title,
    scope: q.scope,
    branchId: q.branchId ?? '',
    startDate: q.startsAt.slice(0, 10),
    startTime: q.startsAt.slice(11, 16),
    endDate: q.endsAt.slice(0, 10),
    endTime: q.endsAt.slice(11, 16),
    questionCount: String(q.questionCount),
    timeLimitMin: String(Math.max(1, Math.round(q.timeLimitSec / 60))),
    attemptsPerDay: String(q.attemptsPerDay),
    topic: q.topic ?? '',
  };
}

/**
 * `update` params with only what the form changed from `q`, or the first problem in words. Once
 * the quiz is open only the end time may change, and only it is compared.
 */
export function toUpdate(f: QuizForm, q: QuizItem): { params?: UpdateQuizParams; error?: string } {
  const { params: p, error } = toParams(f);
  if (!p) return { error };
  const original = fromQuiz(q);
  const out: UpdateQuizParams = { quizId: q.id };
  // The form shows minutes: a time counts as changed when its date or minute differs.
  if (f.endDate !== original.endDate || f.endTime !== original.endTime) out.endsAt = p.endsAt;
  if (q.status === 'upcoming') {
    if (p.title !== q.title) out.title = p.title;
    if (f.startDate !== original.startDate || f.startTime !== original.startTime) out.startsAt = p.startsAt;
    if (f.timeLimitMin !== original.timeLimitMin) out.timeLimitSec = p.timeLimitSec;
    if (p.attemptsPerDay !== q.attemptsPerDay) out.attemptsPerDay = p.attemptsPerDay;
    if (p.questionCount !== q.questionCount) out.questionCount = p.questionCount;
    if (f.topic !== original.topic) out.topic = f.topic || null;
  }
  if (Object.keys(out).length === 1) return { error: '没有修改任何内容' };
  return { params: out };
}

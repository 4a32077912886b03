import type { Page } from '../../typings/envelope';
import type {
  AttemptSummary,
  BankSummary,
  BoardScope,
  CancelQuizResult,
  CreateQuizParams,
  CreateQuizResult,
  GetAttemptResult,
  GetQuizResult,
  ImportQuestionsFileResult,
  LeaderboardResult,
  ListQuizzesResult,
  MyTitleResult,
  PracticeAnswerResult,
  PracticeNextResult,
  QuestionInput,
  QuestionItem,
  QuestionStatusResult,
  QuizItem,
  QuizStatsResult,
  ReviewItem,
  StartResult,
  SubmitParams,
  SubmitResult,
  TitleHolder,
  UpdateQuestionResult,
  UpdateQuizParams,
  UpdateQuizResult,
} from '../../typings/quiz';
import { call } from './transport';

export type {
  AttemptSummary,
  BankSummary,
  BoardScope,
  CreateQuizParams,
  GetAttemptResult,
  GetQuizResult,
  ImportQuestionsFileResult,
  LeaderboardResult,
  MyTitleResult,
  PracticeAnswerResult,
  PracticeNextResult,
  QuestionInput,
  QuestionItem,
  QuizItem,
  QuizStatsResult,
  ReviewItem,
  StartResult,
  SubmitResult,
  TitleHolder,
  UpdateQuizParams,
};

export function listQuizzes(cursor?: string): Promise<ListQuizzesResult> {
  return call('quiz', 'list', cursor ? { cursor } : {});
}

export function getQuiz(quizId: string): Promise<GetQuizResult> {
  return call('quiz', 'get', { quizId });
}

/** Starts an attempt, or resumes the unfinished one (same id, same questions). */
export function startQuiz(quizId: string): Promise<StartResult> {
  return call('quiz', 'start', { quizId });
}

export function submitQuiz(attemptId: string, answers: SubmitParams['answers']): Promise<SubmitResult> {
  return call('quiz', 'submit', { attemptId, answers });
}

export function getAttempt(attemptId: string): Promise<GetAttemptResult> {
  return call('quiz', 'getAttempt', { attemptId });
}

export function myAttempts(quizId?: string, cursor?: string): Promise<Page<AttemptSummary>> {
  return call('quiz', 'myAttempts', { ...(quizId ? { quizId } : {}), ...(cursor ? { cursor } : {}) });
}

export function leaderboard(quizId: string, scope: BoardScope, unitId?: string): Promise<LeaderboardResult> {
  return call('quiz', 'leaderboard', { quizId, scope, ...(unitId ? { unitId } : {}) });
}

export function myTitle(): Promise<MyTitleResult> {
  return call('quiz', 'myTitle');
}

export function pointTitles(pointId: string, cursor?: string): Promise<Page<TitleHolder>> {
  return call('quiz', 'pointTitles', { pointId, ...(cursor ? { cursor } : {}) });
}

export function practiceNext(topic?: string): Promise<PracticeNextResult> {
  return call('quiz', 'practiceNext', topic ? { topic } : {});
}

export function practiceAnswer(questionId: string, choice: number[]): Promise<PracticeAnswerResult> {
  return call('quiz', 'practiceAnswer', { questionId, choice });
}

// ----- staff -----

export function importQuestionsFile(fileName: string, contentBase64: string): Promise<ImportQuestionsFileResult> {
  return call('quiz', 'importQuestionsFile', { fileName, contentBase64 });
}

export function bankSummary(): Promise<BankSummary> {
  return call('quiz', 'bankSummary');
}

export function createQuiz(params: CreateQuizParams): Promise<CreateQuizResult> {
  return call('quiz', 'create', params);
}

/** Staff: change a quiz (upcoming: its rules; open: only the end time). Send only the changed fields. */
export function updateQuiz(params: UpdateQuizParams): Promise<UpdateQuizResult> {
  return call('quiz', 'update', params);
}

/** Staff: cancel a quiz that has not ended; it refuses starts and keeps its leaderboard. */
export function cancelQuiz(quizId: string, reason: string): Promise<CancelQuizResult> {
  return call('quiz', 'cancel', { quizId, reason });
}

export function quizStats(quizId: string, branchId?: string): Promise<QuizStatsResult> {
  return call('quiz', 'quizStats', { quizId, ...(branchId ? { branchId } : {}) });
}

/** Head admin: the bank, newest first, answers included (default status: active). */
export function listQuestions(params: { status?: QuestionItem['status']; topic?: string; cursor?: string }): Promise<Page<QuestionItem>> {
  return call('quiz', 'listQuestions', params);
}

/** Saves an edit as a new version; `version` is the one edited (a concurrent edit fails instead of overwriting). */
export function updateQuestion(questionId: string, version: number, question: QuestionInput): Promise<UpdateQuestionResult> {
  return call('quiz', 'updateQuestion', { questionId, version, ...question });
}

export function retireQuestion(questionId: string): Promise<QuestionStatusResult> {
  return call('quiz', 'retireQuestion', { questionId });
}

export function restoreQuestion(questionId: string): Promise<QuestionStatusResult> {
  return call('quiz', 'restoreQuestion', { questionId });
}

export function staffTitles(params: { pointId?: string; branchId?: string; cursor?: string }): Promise<Page<TitleHolder>> {
  return call('quiz', 'titles', params);
}

// ----- display helpers (pure) -----

export const STATUS_LABELS: Record<QuizItem['status'], string> = { upcoming: '即将开始', open: '进行中', closed: '已结束' };

/** The status as shown: a cancelled quiz is closed, labelled 已取消. */
export function statusLabel(q: Pick<QuizItem, 'status' | 'cancelled'>): string {
  return q.cancelled ? '已取消' : STATUS_LABELS[q.status];
}

/** Whether the caller's roles let them change the quiz (as the server decides: head admin, or the branch's admin). */
export function canManageQuiz(q: Pick<QuizItem, 'scope' | 'branchId'>, roles: Array<{ role: string; scopeId?: string | null }>): boolean {
  if (roles.some((r) => r.role === 'head_admin')) return true;
  return q.scope === 'branch' && !!q.branchId && roles.some((r) => r.role === 'branch_admin' && r.scopeId === q.branchId);
}
export const TYPE_LABELS: Record<ReviewItem['type'], string> = { single: '单选题', multiple: '多选题（可选多项）', judge: '判断题' };
export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];

/** "2026-03-10T10:00:00+08:00" -> "3月10日 10:00" (the time as written, Asia/Shanghai). */
export function shortTime(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${Number(m[2])}月${Number(m[3])}日 ${m[4]}:${m[5]}` : iso;
}

/** 95_000 -> "1分35秒". */
export function durationText(ms: number): string {
  const total = Math.round(ms / 1000);
  const min = Math.floor(total / 60);
  const sec = total % 60;
  return min > 0 ? `${min}分${sec}秒` : `${sec}秒`;
}

export function lettersOf(indexes: number[]): string {
  return indexes.map((i) => LETTERS[i] ?? '?').join('、');
}

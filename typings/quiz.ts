/**
 * The `quiz` function's API (CONTRACT.md "quiz", plus the actions listed in the README's quiz
 * section). Shared by the function (zod schemas are checked against the params types) and the
 * mini-program (`import type`).
 */
import type { NoParams } from './api';
import type { IsoTime, Page, PageParams } from './envelope';

export type QuestionType = 'single' | 'multiple' | 'judge';
export type QuizScope = 'city' | 'branch';
export type QuizStatus = 'upcoming' | 'open' | 'closed';
export type BoardScope = 'city' | 'branch' | 'point';
/**
 * When a quiz's review shows the correct answers and explanations: right after each submit, or
 * only once the quiz has closed (default), so that answers do not pass between takers while it runs.
 */
export type ReviewAnswers = 'after_submit' | 'after_close';

// ---------------------------------------------------------------------------------------------
// Question bank (head_admin)
// ---------------------------------------------------------------------------------------------

/** One question as staff write it: `answer` holds indexes into `options` (0 = A). */
export interface QuestionInput {
  type: QuestionType;
  stem: string;
  options: string[];
  answer: number[];
  explanation?: string;
  topic?: string;
}

export interface ImportQuestionsParams {
  /** Items are validated one by one: a bad item is reported, never fatal to the others. */
  questions: QuestionInput[];
}

export interface ImportRejection {
  /** 0-based position in `questions` (importQuestions) or in the data rows (importQuestionsFile). */
  index: number;
  /** Spreadsheet row number (header = row 1), importQuestionsFile only. */
  row?: number;
  /** Chinese, says what to fix. */
  reason: string;
}

export interface ImportQuestionsResult {
  imported: number;
  rejected: ImportRejection[];
  /** Ids of the stored questions, in input order of the accepted items. */
  questionIds: string[];
}

/**
 * A CSV or XLSX file, base64-encoded. Columns (first row = header, any order):
 * 题型 (单选/多选/判断), 题干, 选项A … 选项F, 答案 ("A", "AC", "A,C", 判断题可填 正确/错误), 解析, 主题.
 */
export interface ImportQuestionsFileParams {
  fileName: string;
  contentBase64: string;
}

export interface ImportQuestionsFileResult extends ImportQuestionsResult {
  /** Data rows read (blank rows are not counted). */
  rows: number;
}

export interface QuestionItem {
  id: string;
  type: QuestionType;
  stem: string;
  options: string[];
  answer: number[];
  explanation: string;
  topic: string;
  status: 'active' | 'retired';
  version: number;
  updatedAt: IsoTime;
}

export interface ListQuestionsParams extends PageParams {
  status?: 'active' | 'retired';
  topic?: string;
}

export interface UpdateQuestionParams extends QuestionInput {
  questionId: string;
  /** The version the editor saw; a concurrent edit makes the save fail instead of overwrite. */
  version: number;
}

export interface UpdateQuestionResult {
  version: number;
}

export interface RetireQuestionParams {
  questionId: string;
}

export interface BankSummary {
  active: number;
  topics: Array<{ topic: string; count: number }>;
}

// ---------------------------------------------------------------------------------------------
// Quizzes
// ---------------------------------------------------------------------------------------------

export interface CreateQuizParams {
  title: string;
  scope: QuizScope;
  branchId?: string;
  startsAt: IsoTime;
  endsAt: IsoTime;
  questionCount: number;
  timeLimitSec: number;
  attemptsPerDay: number;
  topic?: string;
  /** Default `after_close`. */
  reviewAnswers?: ReviewAnswers;
}

export interface CreateQuizResult {
  quizId: string;
}

/**
 * Staff change a quiz (`update`, scoped like `create`). While `upcoming`: title, window, time
 * limit, attempts per day, question count and topic (`null` = all topics). Once open: only
 * `endsAt` (extended, or shortened to not before now). Omitted fields stay as they are.
 */
export interface UpdateQuizParams {
  quizId: string;
  title?: string;
  startsAt?: IsoTime;
  endsAt?: IsoTime;
  timeLimitSec?: number;
  attemptsPerDay?: number;
  questionCount?: number;
  topic?: string | null;
}

export interface UpdateQuizResult {
  quiz: QuizItem;
  /** Names of the fields that changed (empty when the params repeated the current values). */
  changed: string[];
}

/** Staff cancel an upcoming or open quiz: it refuses starts, keeps its leaderboard readable. */
export interface CancelQuizParams {
  quizId: string;
  reason: string;
}

export interface CancelQuizResult {
  status: 'closed';
  cancelled: { reason: string; at: IsoTime };
}

export interface MyBest {
  score: number;
  durationMs: number;
  submittedAt: IsoTime;
}

export interface QuizItem {
  id: string;
  title: string;
  scope: QuizScope;
  /** Branch quizzes only. */
  branchId?: string;
  branchName?: string;
  topic?: string;
  startsAt: IsoTime;
  endsAt: IsoTime;
  questionCount: number;
  timeLimitSec: number;
  attemptsPerDay: number;
  status: QuizStatus;
  reviewAnswers: ReviewAnswers;
  /** The caller's best attempt (null for anonymous callers or no attempt yet). */
  myBest: MyBest | null;
  /** Present once staff cancelled the quiz: it then lists as `closed`, with the reason. */
  cancelled?: { reason: string; at: IsoTime };
  /**
   * Additive (list): whether the caller may take this quiz (false: a branch quiz of another
   * branch, or a branch quiz for someone not enrolled). Absent on other actions.
   */
  canTake?: boolean;
}

export type ListQuizzesParams = PageParams;

export type ListQuizzesResult = Page<QuizItem>;

export interface GetQuizParams {
  quizId: string;
}

export interface GetQuizResult extends QuizItem {
  /** Attempts started today (Asia/Shanghai) by the caller. */
  attemptsToday: number;
  /** An unfinished, unexpired attempt `start` would resume. */
  openAttemptId: string | null;
}

// ---------------------------------------------------------------------------------------------
// Attempts
// ---------------------------------------------------------------------------------------------

export interface StartParams {
  quizId: string;
}

/** A question as the quiz taker sees it: options in this attempt's shuffled order. */
export interface AttemptQuestion {
  id: string;
  type: QuestionType;
  stem: string;
  options: string[];
}

export interface StartResult {
  attemptId: string;
  quizId: string;
  title: string;
  questions: AttemptQuestion[];
  startedAt: IsoTime;
  deadline: IsoTime;
  /** The server's time now, so the client's countdown does not trust the phone's clock. */
  serverNow: IsoTime;
  /** True when this is an attempt started earlier and not yet submitted. */
  resumed: boolean;
}

export interface SubmitParams {
  attemptId: string;
  /** `choice` = indexes into the options as shown by `start`. */
  answers: Array<{ questionId: string; choice: number[] }>;
}

export interface ReviewItem {
  questionId: string;
  correct: boolean;
  /** Correct option indexes, in the order the options were shown; null until `reviewAnswers` allows. */
  answer: number[] | null;
  /** Null until `reviewAnswers` allows (after_close: once the quiz has closed). */
  explanation: string | null;
  /** What was shown and chosen, so the review needs no second call. */
  type: QuestionType;
  stem: string;
  options: string[];
  choice: number[];
}

export interface SubmitResult {
  attemptId: string;
  score: number;
  correctCount: number;
  total: number;
  durationMs: number;
  submittedAt: IsoTime;
  review: ReviewItem[];
  /** False while the review's answers and explanations are still withheld (see `reviewAnswers`). */
  answersShown: boolean;
  /** Set once, on the submit that earned the 科学达人 title. */
  titleEarned?: boolean;
}

export interface GetAttemptParams {
  attemptId: string;
}

export type AttemptStatus = 'open' | 'submitted' | 'expired';

export interface GetAttemptResult {
  attemptId: string;
  quizId: string;
  quizTitle: string;
  status: AttemptStatus;
  startedAt: IsoTime;
  deadline: IsoTime;
  /** Only once submitted. */
  result: SubmitResult | null;
}

export interface MyAttemptsParams extends PageParams {
  quizId?: string;
}

export interface AttemptSummary {
  attemptId: string;
  quizId: string;
  quizTitle: string;
  status: AttemptStatus;
  score: number | null;
  startedAt: IsoTime;
  submittedAt: IsoTime | null;
}

export interface MyBestParams {
  quizId: string;
}

export interface MyBestResult {
  best: MyBest | null;
}

// ---------------------------------------------------------------------------------------------
// Rankings and 科学达人
// ---------------------------------------------------------------------------------------------

export interface LeaderboardParams {
  quizId: string;
  scope: BoardScope;
  /** Branch id (scope branch) or point id (scope point); defaults to the caller's own unit. */
  unitId?: string;
  /** 1..100, default 50. */
  limit?: number;
}

export interface LeaderboardItem {
  rank: number;
  displayName: string;
  unitName: string;
  score: number;
  durationMs: number;
}

export interface LeaderboardResult {
  items: LeaderboardItem[];
  me: null | { rank: number; score: number; durationMs: number };
  /** The board's unit (scope branch/point). */
  unitId?: string;
}

export interface TitleBar {
  minScore: number;
  minQuizzes: number;
}

export interface MyTitleParams {
  year?: number;
}

export interface MyTitleResult {
  year: number;
  earned: boolean;
  awardedAt: IsoTime | null;
  /** Distinct quizzes this year with a score at or above the bar. */
  qualifiedQuizzes: number;
  bar: TitleBar;
}

export interface TitlesParams extends PageParams {
  pointId?: string;
  branchId?: string;
  year?: number;
}

export interface TitleHolder {
  displayName: string;
  pointId: string | null;
  pointName: string;
  branchId: string | null;
  awardedAt: IsoTime;
  qualifiedQuizzes: number;
  /** Staff list only: the learner's enrolled name. */
  name?: string;
}

export interface PointTitlesParams extends PageParams {
  pointId: string;
  year?: number;
}

// ---------------------------------------------------------------------------------------------
// Practice
// ---------------------------------------------------------------------------------------------

export interface PracticeNextParams {
  topic?: string;
}

export interface PracticeQuestion {
  id: string;
  type: QuestionType;
  stem: string;
  options: string[];
  topic: string;
}

export interface PracticeNextResult {
  question: PracticeQuestion | null;
  answered: number;
  correct: number;
}

export interface PracticeAnswerParams {
  questionId: string;
  choice: number[];
}

export interface PracticeAnswerResult {
  correct: boolean;
  answer: number[];
  explanation: string;
  answered: number;
  correctTotal: number;
}

// ---------------------------------------------------------------------------------------------
// Staff statistics
// ---------------------------------------------------------------------------------------------

export interface QuizStatsParams {
  quizId: string;
  /** Rows per point of this branch; without it a head admin gets rows per branch. */
  branchId?: string;
}

export interface QuizStatsRow {
  unitId: string | null;
  unitName: string;
  participants: number;
  attempts: number;
  averageBest: number;
}

export interface QuizStatsResult {
  quizId: string;
  title: string;
  level: 'branch' | 'point';
  participants: number;
  attempts: number;
  /** Submitted attempts flagged as implausible (see flaggedAttempts), in the same scope. */
  flaggedAttempts: number;
  rows: QuizStatsRow[];
}

/**
 * Staff (as quizStats): the quiz's attempts flagged as implausible, newest first. An attempt is
 * flagged when it scored at least 80 in less time than reading its questions takes (the reading
 * floor: 2 s per question plus 50 ms per character of stem and options). Flags are shown to staff
 * only; the attempt still ranks until staff act on it.
 */
export interface FlaggedAttemptsParams extends PageParams {
  quizId: string;
  branchId?: string;
}

export interface FlaggedAttempt {
  attemptId: string;
  displayName: string;
  branchId: string | null;
  pointId: string | null;
  unitName: string;
  score: number;
  correctCount: number;
  total: number;
  durationMs: number;
  readingFloorMs: number;
  submittedAt: IsoTime;
}

// ---------------------------------------------------------------------------------------------
// The function's API map (typings/api.ts)
// ---------------------------------------------------------------------------------------------

/** retireQuestion / restoreQuestion: the question's status after the call. */
export interface QuestionStatusResult {
  status: 'active' | 'retired';
}

export interface QuizApi {
  importQuestions: { params: ImportQuestionsParams; result: ImportQuestionsResult };
  create: { params: CreateQuizParams; result: CreateQuizResult };
  list: { params: ListQuizzesParams; result: ListQuizzesResult };
  start: { params: StartParams; result: StartResult };
  submit: { params: SubmitParams; result: SubmitResult };
  leaderboard: { params: LeaderboardParams; result: LeaderboardResult };
  importQuestionsFile: { params: ImportQuestionsFileParams; result: ImportQuestionsFileResult };
  listQuestions: { params: ListQuestionsParams; result: Page<QuestionItem> };
  updateQuestion: { params: UpdateQuestionParams; result: UpdateQuestionResult };
  retireQuestion: { params: RetireQuestionParams; result: QuestionStatusResult };
  restoreQuestion: { params: RetireQuestionParams; result: QuestionStatusResult };
  bankSummary: { params: NoParams; result: BankSummary };
  get: { params: GetQuizParams; result: GetQuizResult };
  update: { params: UpdateQuizParams; result: UpdateQuizResult };
  cancel: { params: CancelQuizParams; result: CancelQuizResult };
  getAttempt: { params: GetAttemptParams; result: GetAttemptResult };
  myAttempts: { params: MyAttemptsParams; result: Page<AttemptSummary> };
  myBest: { params: MyBestParams; result: MyBestResult };
  myTitle: { params: MyTitleParams; result: MyTitleResult };
  titles: { params: TitlesParams; result: Page<TitleHolder> };
  pointTitles: { params: PointTitlesParams; result: Page<TitleHolder> };
  practiceNext: { params: PracticeNextParams; result: PracticeNextResult };
  practiceAnswer: { params: PracticeAnswerParams; result: PracticeAnswerResult };
  quizStats: { params: QuizStatsParams; result: QuizStatsResult };
  flaggedAttempts: { params: FlaggedAttemptsParams; result: Page<FlaggedAttempt> };
}

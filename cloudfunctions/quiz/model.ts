import type { QuestionType, QuizScope, ReviewAnswers } from '../../typings/quiz';
import { COLLECTIONS } from '../_shared/collections';

/** Collections of the quiz domain and the shapes stored in them. */
export const QUESTIONS = COLLECTIONS.questions;
export const QUESTION_VERSIONS = COLLECTIONS.questionVersions;
export const QUIZZES = COLLECTIONS.quizzes;
export const ATTEMPTS = COLLECTIONS.quizAttempts;
export const BESTS = COLLECTIONS.quizBests;
export const TITLES = COLLECTIONS.quizTitles;
export const PRACTICE = COLLECTIONS.quizPractice;
export const RANK_COUNTS = COLLECTIONS.quizRankCounts;

export interface QuestionContent {
  type: QuestionType;
  stem: string;
  options: string[];
  /** Indexes into options, ascending. */
  answer: number[];
  explanation: string;
  topic: string;
}

export interface QuestionDoc extends QuestionContent {
  _id: string;
  /** Normalised stem (unique index): the bank never holds the same question twice. */
  stemKey: string;
  status: 'active' | 'retired';
  /** 1 on import; every edit adds one (the previous content goes to questionVersions). */
  version: number;
  /** Uniform in [0,1): random draws walk the (status, rand) index from a random point. */
  rand: number;
  /**
   * The latest end of a quiz whose pool holds this question (raised with `_.max` when a quiz is
   * created or its pool or end changes): practice never serves or answers it before then.
   */
  contestUntil?: Date;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
}

export interface QuizDoc {
  _id: string;
  title: string;
  scope: QuizScope;
  branchId: string | null;
  topic: string | null;
  startsAt: Date;
  endsAt: Date;
  questionCount: number;
  timeLimitSec: number;
  attemptsPerDay: number;
  /** Question ids the quiz draws from, fixed when the quiz is created. */
  pool: string[];
  /** When reviews show answers; absent on quizzes created before the option: `after_close`. */
  reviewAnswers?: ReviewAnswers;
  /** Set at creation: its boards keep rank counters (ranks.ts); older quizzes count instead. */
  rankCounts?: boolean;
  createdBy: string;
  createdAt: Date;
  /** Set by `update` (absent on a quiz never edited). */
  updatedBy?: string;
  updatedAt?: Date;
  /** Set by `cancel`: a cancelled quiz lists as closed, refuses starts, keeps its leaderboard. */
  cancelled?: boolean;
  cancelReason?: string;
  cancelledAt?: Date;
  cancelledBy?: string;
}

/** One asked question, frozen at start: later edits of the bank never change a past attempt. */
export interface AskedQuestion {
  id: string;
  version: number;
  type: QuestionType;
  stem: string;
  /** Options in the order this attempt showed them. */
  options: string[];
  /** Correct indexes into the shown options, ascending. */
  answer: number[];
  /** shown index -> index in the bank's options. */
  perm: number[];
  explanation: string;
}

/** Who took the attempt, as the rankings show them (captured at start). */
export interface Person {
  displayName: string;
  branchId: string | null;
  branchName: string;
  pointId: string | null;
  pointName: string;
}

export interface StoredResult {
  score: number;
  correctCount: number;
  total: number;
  durationMs: number;
  /** Per asked question, the shown indexes chosen. */
  choices: number[][];
  titleEarned: boolean;
  /** Staff only: scored high in less time than reading the questions takes (scoring.ts). */
  flagged?: boolean;
  readingFloorMs?: number;
}

export interface AttemptDoc {
  /** `${quizId}:${openid}:${YYYYMMDD}:${n}`, n = 1..attemptsPerDay: the daily limit is the id space. */
  _id: string;
  quizId: string;
  quizTitle: string;
  openid: string;
  day: string;
  n: number;
  status: 'open' | 'submitted' | 'expired';
  startedAt: Date;
  deadline: Date;
  questions: AskedQuestion[];
  person: Person;
  submittedAt: Date | null;
  result: StoredResult | null;
}

/** Each person's best attempt of a quiz: `${quizId}:${openid}`. Leaderboards read only these. */
export interface BestDoc extends Person {
  _id: string;
  quizId: string;
  openid: string;
  attemptId: string;
  score: number;
  durationMs: number;
  submittedAt: Date;
  /** Ascending = better: see sort-key.ts. */
  sortKey: string;
  /** The best attempt was flagged as implausible (staff only; never shown to residents). */
  flagged?: boolean;
  /** The rank-counter move this record's last change owes, until applied (ranks.ts). */
  rankMove?: RankMove;
}

/** A cell of a board's rank counters: a score and a duration bucket (ranks.ts). */
export interface RankBucket {
  score: number;
  bucket: number;
}

export interface RankMove {
  id: string;
  from: RankBucket | null;
  to: RankBucket;
  widthMs: number;
  /** The units the record counted under before this change (when they differ). */
  fromUnits?: { branchId: string | null; pointId: string | null };
}

/** Progress towards 科学达人 in one calendar year: `${year}:${openid}`. */
export interface TitleDoc {
  _id: string;
  openid: string;
  year: number;
  /** Distinct quizzes with a qualifying score. */
  quizIds: string[];
  count: number;
  awarded: boolean;
  awardedAt: Date | null;
  displayName: string;
  branchId: string | null;
  pointId: string | null;
  pointName: string;
  updatedAt: Date;
}

/** A person's practice state: the question last served (the only one practiceAnswer answers). */
export interface PracticeDoc {
  _id: string;
  /** The question served and not yet answered. */
  questionId: string | null;
  /** The question answered last: the next one is another, so nobody gets the same twice in a row. */
  lastQuestionId?: string | null;
  servedAt: Date | null;
  answered: number;
  correct: number;
}

/** Grace after the deadline for a submit in flight (network, slow phones). */
export const SUBMIT_GRACE_MS = 10_000;

/** Who ranks without an enrollment. */
export const GUEST_NAME = '微信用户';

import type {
  AgeBand,
  ChecklistDecision,
  ChecklistKey,
  ChecklistStatus,
  DemoApplicationStatus,
  FigureKey,
  ItemComment,
  PlanGroups,
  PlanItem,
  PlanKeyDay,
  PlanStatus,
  PlanTerm,
  PointFigures,
  RankedPoint,
  RectificationStatus,
  Weights,
} from '../../typings/school';
import { COLLECTIONS } from '../_shared/collections';
import { startOfShanghaiMonth } from '../_shared/time';

export const PLANS = COLLECTIONS.schoolPlans;
export const TEMPLATES = COLLECTIONS.planTemplates;
export const APPLICATIONS = COLLECTIONS.demoApplications;
export const DEMO_HISTORY = COLLECTIONS.demoHistory;
export const ROUNDS = COLLECTIONS.verificationRounds;
export const RECTIFICATIONS = COLLECTIONS.rectifications;
export const CHECKLIST = COLLECTIONS.checklistItems;
export const FUNDING = COLLECTIONS.fundingLedger;

export { TOPICS } from '../_shared/topics';

/** A demonstration point holds at least this many courses a year. */
export const DEMO_REQUIRED = 24 as const;
/** A plan is slipping when, at a month's end, it is behind its cumulative plan by this many courses. */
export const SLIP_MARGIN = 2;
/** Missing plans are flagged this long before the template's due date. */
export const DUE_SOON_MS = 14 * 86_400_000;
/** Open rectifications show in the to-do this long before their deadline. */
export const RECTIFICATION_DUE_SOON_MS = 14 * 86_400_000;

export const CHECKLIST_LABELS: Record<ChecklistKey, string> = {
  venue: '固定的场所',
  signage: '醒目的标识',
  estation: '科普e站',
  bookcorner: '科普书屋（书架）',
  rules: '上墙的制度',
  feature: '鲜明的特色',
  funding: '必要的经费',
  archives: '完整的档案',
  bookshelf: '科普重庆书架',
  bigscreen: '科普文化重庆云大屏',
};
export const BASE_KEYS: readonly ChecklistKey[] = ['venue', 'signage', 'estation', 'bookcorner', 'rules', 'feature', 'funding', 'archives'];
export const DEMO_KEYS: readonly ChecklistKey[] = [...BASE_KEYS, 'bookshelf', 'bigscreen'];

export function checklistKeys(isDemo: boolean): readonly ChecklistKey[] {
  return isDemo ? DEMO_KEYS : BASE_KEYS;
}

/** Evidence photos: at most this many per item, each at most MAX_EVIDENCE_BYTES, jpg/png/webp. */
export const MAX_EVIDENCE_FILES = 9;
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
/** Temp URLs of evidence and archives live this long. */
export const URL_MAX_AGE_SEC = 600;

export const AGE_BANDS: readonly AgeBand[] = ['under_50', '50_59', '60_69', '70_79', '80_plus'];
export const AGE_LABELS: Record<AgeBand, string> = { under_50: '50岁以下', '50_59': '50–59岁', '60_69': '60–69岁', '70_79': '70–79岁', '80_plus': '80岁及以上' };

export const DEFAULT_WEIGHTS: Weights = {
  held: 30,
  attendancePerCourse: 15,
  checklist: 20,
  volunteerActivities: 10,
  quizParticipation: 10,
  planCompletion: 15,
};
/** Full marks of each figure (per year where it is a count). */
export const FIGURE_TARGETS: Record<FigureKey, number> = {
  held: 24,
  attendancePerCourse: 30,
  checklist: 1,
  volunteerActivities: 6,
  quizParticipation: 50,
  planCompletion: 1,
};
export const FIGURE_LABELS: Record<FigureKey, string> = {
  held: '年均开课数',
  attendancePerCourse: '场均签到人次',
  checklist: '四化八有达标率',
  volunteerActivities: '年均志愿服务活动',
  quizParticipation: '年均知识竞赛参与人次',
  planCompletion: '教学计划完成率',
};
export const FIGURE_KEYS = Object.keys(DEFAULT_WEIGHTS) as FigureKey[];
export const DEFAULT_BOTTOM_N = 3;
export const DEFAULT_FLOOR = 60;

export interface PlanHistoryDoc {
  at: Date;
  action: 'save' | 'submit' | 'approve' | 'return';
  by: string;
  byRole: 'point' | 'branch' | 'head';
  comment?: string;
  itemComments?: ItemComment[];
}

export interface PlanDoc {
  _id: string;
  pointId: string;
  pointName: string;
  branchId: string;
  year: number;
  term: PlanTerm;
  status: PlanStatus;
  items: PlanItem[];
  groups: PlanGroups;
  keyDays: PlanKeyDay[];
  note: string;
  planned: number;
  /** Planned courses per month, index 0 = January. */
  monthly: number[];
  submissions: number;
  reviewComment: string | null;
  itemComments: ItemComment[];
  history: PlanHistoryDoc[];
  createdAt: Date;
  updatedAt: Date;
}

export interface TemplateDoc {
  _id: string;
  year: number;
  dueAt: Date;
  items: PlanItem[];
  keyDays: PlanKeyDay[];
  note: string;
  publishedBy: string;
  updatedAt: Date;
}

export interface ApplicationDoc {
  _id: string;
  pointId: string;
  pointName: string;
  branchId: string;
  branchName: string;
  year: number;
  statement: string;
  status: DemoApplicationStatus;
  figures: PointFigures;
  appliedBy: string;
  appliedAt: Date;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reason: string | null;
  title: string | null;
}

export interface DemoHistoryDoc {
  _id: string;
  pointId: string;
  branchId: string;
  at: Date;
  kind: 'named' | 'rectification' | 'kept' | 'removed';
  title: string | null;
  reason: string | null;
  by: string;
}

export interface RoundDoc {
  _id: string;
  year: number;
  status: 'proposed' | 'confirmed';
  weights: Weights;
  bottomN: number;
  floor: number;
  items: RankedPoint[];
  confirmed: string[];
  createdBy: string;
  updatedAt: Date;
}

export interface RectificationDoc {
  _id: string;
  pointId: string;
  pointName: string;
  branchId: string;
  year: number;
  reason: string;
  deadline: Date;
  status: RectificationStatus;
  report: string | null;
  decisionReason: string | null;
  openedBy: string;
  openedAt: Date;
  decidedAt: Date | null;
}

export interface EvidenceRef {
  fileID: string;
}

export interface ChecklistHistoryDoc {
  at: Date;
  by: string;
  action: 'submit' | ChecklistDecision;
  note?: string;
  comment?: string;
  evidence: EvidenceRef[];
}

export interface ChecklistDoc {
  _id: string;
  pointId: string;
  branchId: string;
  year: number;
  key: ChecklistKey;
  status: Exclude<ChecklistStatus, 'missing'>;
  note: string;
  evidence: EvidenceRef[];
  reviewComment: string | null;
  submittedAt: Date;
  reviewedAt: Date | null;
  history: ChecklistHistoryDoc[];
}

export interface FundingDoc {
  _id: string;
  pointId: string;
  branchId: string;
  year: number;
  /** Fen (分): whole numbers, no floating error. */
  amountFen: number;
  purpose: string;
  date: string;
  round: string | null;
  by: string;
  at: Date;
}

export const planId = (pointId: string, year: number) => `plan_${year}_${pointId}`;
export const applicationId = (pointId: string, year: number) => `demo_${year}_${pointId}`;
export const checklistId = (pointId: string, year: number, key: ChecklistKey) => `${pointId}:${year}:${key}`;
export const rectificationId = (pointId: string, year: number) => `rect_${year}_${pointId}`;
export const roundId = (year: number) => `round_${year}`;

/** The first instant of a Shanghai calendar year. */
export function yearStart(year: number): Date {
  return startOfShanghaiMonth(year, 0);
}

/** First instant of the month after `month` (1–12) of `year`, Shanghai time. */
export function monthEnd(year: number, month: number): Date {
  return startOfShanghaiMonth(year, month);
}

/** Applications of `year` close at 23:59:59 on 31 October (Asia/Shanghai): this is the first instant refused. */
export function applicationsCloseAt(year: number): Date {
  return startOfShanghaiMonth(year, 10);
}

export function roundNumber(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

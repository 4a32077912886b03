import type { IsoTime, Page, PageParams } from './envelope';
import type { KeyDay } from './volunteer';

/**
 * Science-day activities (全国科普日, 科技工作者日, 科技活动周) rolled up per unit and year, and the
 * outstanding activity cases a branch submits at year end, selected and funded by the head school.
 * The function is `cases`.
 */
export interface KeyDayReportParams {
  year: number;
  /** A point's report (`pointId`), a branch's (`branchId`), or the city's (neither, head school). */
  pointId?: string;
  branchId?: string;
}

export interface KeyDayRow {
  keyDay: KeyDay;
  courses: { count: number; attendances: number; hours: number };
  volunteer: { count: number; participants: number; hours: number };
}

export interface KeyDayReportResult {
  year: number;
  level: 'city' | 'branch' | 'point';
  unitId: string | null;
  rows: KeyDayRow[];
}

export type ActivityKind = 'course' | 'volunteer';

/** `submitted` → `selected` (then funded) or `notSelected`. */
export type CaseStatus = 'submitted' | 'selected' | 'notSelected';

/** Figures drawn from the system's own records of the activity, fixed at submission. */
export interface CaseFigures {
  /** Course: signed-up learners; volunteer activity: signed-up volunteers. */
  signups: number;
  /** Course: check-ins; volunteer activity: volunteers with approved hours. */
  participants: number;
  /** Course: teaching hours (length); volunteer activity: approved volunteer hours in total. */
  hours: number;
}

export interface CaseItem {
  id: string;
  year: number;
  branchId: string;
  branchName: string;
  activityKind: ActivityKind;
  activityId: string;
  title: string;
  keyDay: KeyDay | null;
  startsAt: IsoTime;
  summary: string;
  figures: CaseFigures;
  status: CaseStatus;
  selectionNote: string | null;
  funding: { amount: number; round: string; date: string } | null;
  submittedAt: IsoTime;
}

export interface CaseDetail extends CaseItem {
  /** Temporary URLs of the photos. */
  photoUrls: string[];
}

export interface SubmitCaseParams {
  activityKind: ActivityKind;
  activityId: string;
  summary: string;
  /** cloud:// fileIDs, 1–9 images. */
  photos: string[];
}

export interface ListCasesParams extends PageParams {
  year: number;
  /** A branch's cases (its staff); omitted: every branch's (head school). */
  branchId?: string;
  status?: CaseStatus;
}

export interface CaseQuotaParams {
  year: number;
  branchId: string;
}

export interface CaseQuotaResult {
  year: number;
  branchId: string;
  quota: number;
  used: number;
  remaining: number;
}

export interface SetCaseQuotaParams extends CaseQuotaParams {
  quota: number;
}

export interface SelectCaseParams {
  caseId: string;
  selected: boolean;
  note?: string;
}

export interface FundCaseParams {
  caseId: string;
  amount: number;
  round: string;
  date: string;
}

export interface CaseCandidatesParams {
  year: number;
  branchId: string;
}

/** An ended science-day course or volunteer activity of the branch, with the figures a case would carry. */
export interface CaseCandidate {
  activityKind: ActivityKind;
  activityId: string;
  title: string;
  keyDay: KeyDay;
  startsAt: IsoTime;
  endsAt: IsoTime;
  figures: CaseFigures;
  /** The case already submitted for it, or null. */
  caseId: string | null;
}

export interface CaseCandidatesResult {
  year: number;
  branchId: string;
  /** Newest first; at most 100. */
  items: CaseCandidate[];
}

export interface CasesApi {
  caseCandidates: { params: CaseCandidatesParams; result: CaseCandidatesResult };
  keyDayReport: { params: KeyDayReportParams; result: KeyDayReportResult };
  submitCase: { params: SubmitCaseParams; result: { caseId: string; remaining: number } };
  listCases: { params: ListCasesParams; result: Page<CaseItem> };
  getCase: { params: { caseId: string }; result: CaseDetail };
  caseQuota: { params: CaseQuotaParams; result: CaseQuotaResult };
  setCaseQuota: { params: SetCaseQuotaParams; result: CaseQuotaResult };
  selectCase: { params: SelectCaseParams; result: { caseId: string; status: CaseStatus } };
  fundCase: { params: FundCaseParams; result: { caseId: string; amount: number } };
}

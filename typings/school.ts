import type { Topic } from './course';
import type { IsoTime } from './envelope';
import type { Gender, Occupation } from './user';
import type { KeyDay } from './volunteer';

/**
 * The `school` function: three-level management (三级管理). Teaching plans and their review,
 * demonstration teaching points (application, naming, the live meter, the two-yearly verification
 * with rectification), the 四化八有 standard per point and year, the funding ledger, the yearly
 * archive, and the staff to-do. CONTRACT.md's rows are marked "contract"; the rest were added.
 *
 * A course is **held** when it was not cancelled, its start has passed and at least one learner
 * checked in; it counts in the Asia/Shanghai calendar year (and month) of its start.
 */

// ---------------------------------------------------------------------------------------------
// Teaching plans (教学计划)
// ---------------------------------------------------------------------------------------------

/** `submitted` again after a return is a resubmission (`submissions` > 1). */
export type PlanStatus = 'draft' | 'submitted' | 'returned' | 'approved';
export type PlanTerm = 'full' | 'spring' | 'autumn';
export type AgeBand = 'under_50' | '50_59' | '60_69' | '70_79' | '80_plus';

export interface PlanItem {
  month: number;
  topic: Topic;
  count: number;
  title?: string;
}

export interface PlanGroups {
  ageBands?: AgeBand[];
  genders?: Gender[];
  occupations?: Occupation[];
}

export interface PlanKeyDay {
  keyDay: KeyDay;
  title: string;
  count?: number;
}

/** contract: savePlan (+ term, groups, keyDays). */
export interface SavePlanParams {
  pointId: string;
  year: number;
  items: PlanItem[];
  note?: string;
  term?: PlanTerm;
  groups?: PlanGroups;
  keyDays?: PlanKeyDay[];
}
export interface SavePlanResult {
  planId: string;
  status: 'draft';
}

export interface SubmitPlanParams {
  planId: string;
}
export interface SubmitPlanResult {
  status: 'submitted';
  submissions: number;
}

export interface ItemComment {
  /** 0-based index into the plan's items. */
  index: number;
  comment: string;
}

export interface ReviewPlanParams {
  planId: string;
  approve: boolean;
  comment?: string;
  itemComments?: ItemComment[];
}
export interface ReviewPlanResult {
  status: 'approved' | 'returned';
}

export interface PlanHistoryEntry {
  at: IsoTime;
  action: 'save' | 'submit' | 'approve' | 'return';
  byRole: 'point' | 'branch' | 'head';
  comment?: string;
  itemComments?: ItemComment[];
}

export interface PlanView {
  planId: string;
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
  submissions: number;
  /** The last return's comments (kept after a resubmission for reference). */
  reviewComment: string | null;
  itemComments: ItemComment[];
  history: PlanHistoryEntry[];
  updatedAt: IsoTime;
}

export interface GetPlanParams {
  pointId: string;
  year: number;
}
export type GetPlanResult = { plan: PlanView | null; template: PlanTemplateView | null };

export interface ListPlansParams {
  year: number;
  branchId?: string;
  status?: PlanStatus;
}
export interface PlanListItem {
  planId: string;
  pointId: string;
  pointName: string;
  status: PlanStatus;
  planned: number;
  submissions: number;
  updatedAt: IsoTime;
}
export interface ListPlansResult {
  items: PlanListItem[];
}

export interface MonthProgress {
  month: number;
  planned: number;
  held: number;
  cumulativePlanned: number;
  cumulativeHeld: number;
  /** The month has ended and the point is behind its plan by at least the margin. */
  slipping: boolean;
}

export interface PlanProgressParams {
  pointId: string;
  year: number;
}
/** contract: planProgress (+ slipping, margin, months' cumulative figures). */
export interface PlanProgressResult {
  status: PlanStatus | 'none';
  planned: number;
  held: number;
  months: MonthProgress[];
  /** Behind at the end of the latest ended month by at least `slipMargin` courses. */
  slipping: boolean;
  slipMargin: number;
}

export interface PublishTemplateParams {
  year: number;
  /** Last day to submit, e.g. `2027-01-31T23:59:59+08:00`. */
  dueAt: IsoTime;
  items: PlanItem[];
  keyDays?: PlanKeyDay[];
  note?: string;
}
export interface PlanTemplateView {
  year: number;
  dueAt: IsoTime;
  items: PlanItem[];
  keyDays: PlanKeyDay[];
  note: string;
}
export interface PublishTemplateResult {
  year: number;
  dueAt: IsoTime;
}

export interface MissingPlansParams {
  year: number;
  branchId: string;
}
export interface MissingPlansResult {
  dueAt: IsoTime | null;
  /** The due date is within 14 days, or has passed. */
  dueSoon: boolean;
  items: Array<{ pointId: string; pointName: string; status: PlanStatus | 'none' }>;
}

export interface SlippingPlansParams {
  year: number;
  branchId: string;
}
export interface SlippingPlansResult {
  items: Array<{ pointId: string; pointName: string; planned: number; cumulativePlanned: number; held: number; behindBy: number }>;
}

// ---------------------------------------------------------------------------------------------
// Demonstration teaching points (示范教学点)
// ---------------------------------------------------------------------------------------------

export interface PointFigures {
  year: number;
  held: number;
  attendance: number;
  checklistApproved: number;
  checklistTotal: number;
  volunteerActivities: number;
  volunteerHours: number;
  quizParticipations: number;
}

export interface ApplyDemoParams {
  pointId: string;
  year: number;
  statement: string;
}
export interface ApplyDemoResult {
  applicationId: string;
  status: 'pending';
  figures: PointFigures;
}

export interface DemoFiguresParams {
  pointId: string;
  year: number;
}

export interface ReviewDemoParams {
  applicationId: string;
  approve: boolean;
  reason?: string;
}
export interface ReviewDemoResult {
  status: 'approved' | 'rejected';
  /** e.g. 渝示范〔2026〕第3号 (approved only). */
  title?: string;
}

export type DemoApplicationStatus = 'pending' | 'approved' | 'rejected';

export interface ListDemoApplicationsParams {
  year: number;
  status?: DemoApplicationStatus;
  branchId?: string;
}
export interface DemoApplicationView {
  applicationId: string;
  pointId: string;
  pointName: string;
  branchId: string;
  branchName: string;
  year: number;
  statement: string;
  status: DemoApplicationStatus;
  figures: PointFigures;
  appliedAt: IsoTime;
  reason: string | null;
  title: string | null;
}
export interface ListDemoApplicationsResult {
  items: DemoApplicationView[];
  /** The year's application deadline (31 October, 23:59:59 Asia/Shanghai). */
  deadline: IsoTime;
}

export interface DemoMeterParams {
  year: number;
  branchId?: string;
}
export interface DemoMeterItem {
  pointId: string;
  pointName: string;
  branchId: string;
  held: number;
  required: 24;
  /** Courses a steady pace would have held by now (the whole 24 once the year is over). */
  expectedByNow: number;
  /** Courses still needed per remaining month to reach 24 (0 when reached). */
  neededPerMonth: number;
  behind: boolean;
}
/** contract: demoMeter (+ pace fields). */
export interface DemoMeterResult {
  items: DemoMeterItem[];
}

export type FigureKey = 'held' | 'attendancePerCourse' | 'checklist' | 'volunteerActivities' | 'quizParticipation' | 'planCompletion';

export interface ScoreFigure {
  key: FigureKey;
  label: string;
  value: number;
  /** Value at which the figure is full marks. */
  target: number;
  /** min(1, value / target), 4 decimals. */
  normalized: number;
  weight: number;
  /** weight × normalized × 100 / Σ weights, 2 decimals; the score is the sum of these. */
  points: number;
}

export interface RankedPoint {
  rank: number;
  pointId: string;
  pointName: string;
  branchId: string;
  score: number;
  figures: ScoreFigure[];
  proposed: boolean;
}

export type Weights = Record<FigureKey, number>;

export interface StartVerificationParams {
  /** The verification year; figures cover this year and the one before. */
  year: number;
  weights?: Partial<Weights>;
  bottomN?: number;
  floor?: number;
}
export interface VerificationView {
  year: number;
  status: 'proposed' | 'confirmed';
  weights: Weights;
  bottomN: number;
  floor: number;
  items: RankedPoint[];
  confirmed: string[];
}
export type StartVerificationResult = VerificationView;

export interface GetVerificationParams {
  year: number;
  branchId?: string;
}
export type GetVerificationResult = { round: VerificationView | null };

export interface ConfirmVerificationParams {
  year: number;
  pointIds: string[];
  /** Rectification deadline. */
  deadline: IsoTime;
  reason: string;
}
export interface ConfirmVerificationResult {
  rectifications: string[];
}

export type RectificationStatus = 'open' | 'reported' | 'kept' | 'removed';

export interface RectificationView {
  rectificationId: string;
  pointId: string;
  pointName: string;
  branchId: string;
  year: number;
  reason: string;
  deadline: IsoTime;
  status: RectificationStatus;
  report: string | null;
  decisionReason: string | null;
}

export interface ListRectificationsParams {
  branchId?: string;
  /** One point's rectifications: its own staff may ask too. */
  pointId?: string;
  status?: RectificationStatus;
}
export interface ListRectificationsResult {
  items: RectificationView[];
}

export interface ReportRectificationParams {
  rectificationId: string;
  report: string;
}
export interface ReportRectificationResult {
  status: 'reported';
}

export interface RecheckParams {
  rectificationId: string;
  keep: boolean;
  reason: string;
}
export interface RecheckResult {
  status: 'kept' | 'removed';
}

export interface DemoHistoryEntry {
  at: IsoTime;
  kind: 'named' | 'rectification' | 'kept' | 'removed';
  title: string | null;
  reason: string | null;
}

// ---------------------------------------------------------------------------------------------
// 四化八有 checklist
// ---------------------------------------------------------------------------------------------

export type ChecklistKey = 'venue' | 'signage' | 'estation' | 'bookcorner' | 'rules' | 'feature' | 'funding' | 'archives' | 'bookshelf' | 'bigscreen';
export type ChecklistStatus = 'missing' | 'submitted' | 'approved' | 'needs_work' | 'rejected';

export interface ChecklistItemView {
  key: ChecklistKey;
  label: string;
  status: ChecklistStatus;
  evidence: Array<{ fileID: string }>;
  note: string;
  reviewComment: string | null;
  /** What the system's own records say, for items it can judge (funding, archives). */
  system: { met: boolean; basis: string } | null;
  /** Earlier submissions and reviews, oldest first; their evidence is kept. */
  history: Array<{ at: IsoTime; action: 'submit' | ChecklistDecision; note?: string; comment?: string; evidence: Array<{ fileID: string }> }>;
}

export interface ChecklistParams {
  pointId: string;
  year: number;
}
/** contract: checklist (+ reviewComment, system, history). */
export interface ChecklistResult {
  items: ChecklistItemView[];
  complete: number;
  total: number;
}

export interface SubmitChecklistItemParams {
  pointId: string;
  year: number;
  key: string;
  note?: string;
  evidence: string[];
}
export interface SubmitChecklistItemResult {
  status: 'submitted';
}

export type ChecklistDecision = 'approved' | 'needs_work' | 'rejected';

export interface ReviewChecklistItemParams {
  pointId: string;
  year: number;
  key: string;
  decision: ChecklistDecision;
  comment?: string;
}
export interface ReviewChecklistItemResult {
  status: ChecklistDecision;
}

export interface EvidenceUrlsParams {
  pointId: string;
  year: number;
  key: string;
}
export interface EvidenceUrlsResult {
  items: Array<{ fileID: string; url: string }>;
  /** Seconds each URL stays valid. */
  maxAge: number;
}

export interface ChecklistSummaryParams {
  year: number;
  branchId?: string;
}
export interface ChecklistSummaryResult {
  /** Approved items over required items, per point of the branch (or per branch for the city). */
  items: Array<{ unitId: string; unitName: string; approved: number; total: number }>;
  approved: number;
  total: number;
}

export interface ChecklistQueueParams {
  year: number;
  branchId?: string;
}
export interface ChecklistQueueResult {
  items: Array<{ pointId: string; pointName: string; key: ChecklistKey; label: string; note: string; evidenceCount: number; submittedAt: IsoTime }>;
}

// ---------------------------------------------------------------------------------------------
// Funding ledger (经费台账)
// ---------------------------------------------------------------------------------------------

export interface AddFundingParams {
  pointId: string;
  year: number;
  /** Yuan, at most two decimals. */
  amount: number;
  purpose: string;
  /** `YYYY-MM-DD`. */
  date: string;
  round?: string;
}
export interface AddFundingResult {
  entryId: string;
}
export interface FundingEntry {
  entryId: string;
  amount: number;
  purpose: string;
  date: string;
  round: string | null;
}
export interface ListFundingParams {
  pointId: string;
  year: number;
}
export interface ListFundingResult {
  items: FundingEntry[];
  total: number;
}

// ---------------------------------------------------------------------------------------------
// Yearly archive (档案记载) and the staff to-do
// ---------------------------------------------------------------------------------------------

export interface ArchiveParams {
  pointId: string;
  year: number;
}
export interface ArchiveView {
  point: { pointId: string; name: string; branchName: string; address: string; leaderName: string; leaderTitle: string; isDemo: boolean; demoTitle: string | null };
  year: number;
  plan: { status: PlanStatus | 'none'; planned: number; held: number; months: Array<{ month: number; planned: number; held: number }> };
  courses: Array<{ title: string; topic: Topic; startsAt: IsoTime; attendance: number }>;
  attendance: number;
  learners: {
    total: number;
    byGender: Array<{ key: string; label: string; count: number }>;
    byAge: Array<{ key: string; label: string; count: number }>;
    byOccupation: Array<{ key: string; label: string; count: number }>;
  };
  volunteers: { teams: Array<{ name: string; memberCount: number }>; activities: number; approvedHours: number };
  quiz: { participations: number; titles: number };
  checklist: { items: Array<{ key: ChecklistKey; label: string; status: ChecklistStatus; evidenceCount: number; note: string }>; complete: number; total: number };
  funding: ListFundingResult;
  demo: { isDemo: boolean; title: string | null; history: DemoHistoryEntry[] };
}

export interface ArchiveDocxResult {
  fileID: string;
  url: string;
  maxAge: number;
}

export type TodoKind =
  | 'plans_to_review'
  | 'plans_returned'
  | 'plans_missing'
  | 'demo_applications'
  | 'checklist_to_review'
  | 'checklist_needs_work'
  | 'rectifications_due'
  | 'hour_claims'
  | 'member_requests';

export interface TodoItem {
  kind: TodoKind;
  label: string;
  count: number;
  /** The unit the queue belongs to (branch, point or team id; `city` for the head school). */
  scopeId: string;
  /** Staff page that works the queue. */
  page: string;
}
export interface TodoParams {
  year?: number;
}
export interface TodoResult {
  items: TodoItem[];
  total: number;
}

export interface SchoolApi {
  savePlan: { params: SavePlanParams; result: SavePlanResult };
  submitPlan: { params: SubmitPlanParams; result: SubmitPlanResult };
  reviewPlan: { params: ReviewPlanParams; result: ReviewPlanResult };
  getPlan: { params: GetPlanParams; result: GetPlanResult };
  listPlans: { params: ListPlansParams; result: ListPlansResult };
  planProgress: { params: PlanProgressParams; result: PlanProgressResult };
  publishTemplate: { params: PublishTemplateParams; result: PublishTemplateResult };
  missingPlans: { params: MissingPlansParams; result: MissingPlansResult };
  slippingPlans: { params: SlippingPlansParams; result: SlippingPlansResult };
  applyDemo: { params: ApplyDemoParams; result: ApplyDemoResult };
  demoFigures: { params: DemoFiguresParams; result: PointFigures };
  reviewDemo: { params: ReviewDemoParams; result: ReviewDemoResult };
  listDemoApplications: { params: ListDemoApplicationsParams; result: ListDemoApplicationsResult };
  demoMeter: { params: DemoMeterParams; result: DemoMeterResult };
  startVerification: { params: StartVerificationParams; result: StartVerificationResult };
  getVerification: { params: GetVerificationParams; result: GetVerificationResult };
  confirmVerification: { params: ConfirmVerificationParams; result: ConfirmVerificationResult };
  listRectifications: { params: ListRectificationsParams; result: ListRectificationsResult };
  reportRectification: { params: ReportRectificationParams; result: ReportRectificationResult };
  recheckRectification: { params: RecheckParams; result: RecheckResult };
  checklist: { params: ChecklistParams; result: ChecklistResult };
  submitChecklistItem: { params: SubmitChecklistItemParams; result: SubmitChecklistItemResult };
  reviewChecklistItem: { params: ReviewChecklistItemParams; result: ReviewChecklistItemResult };
  evidenceUrls: { params: EvidenceUrlsParams; result: EvidenceUrlsResult };
  checklistSummary: { params: ChecklistSummaryParams; result: ChecklistSummaryResult };
  checklistQueue: { params: ChecklistQueueParams; result: ChecklistQueueResult };
  addFunding: { params: AddFundingParams; result: AddFundingResult };
  listFunding: { params: ListFundingParams; result: ListFundingResult };
  archive: { params: ArchiveParams; result: ArchiveView };
  archiveDocx: { params: ArchiveParams; result: ArchiveDocxResult };
  todo: { params: TodoParams; result: TodoResult };
}

import type {
  ArchiveDocxResult,
  ArchiveView,
  ChecklistDecision,
  ChecklistResult,
  DemoMeterResult,
  EvidenceUrlsResult,
  GetPlanResult,
  ListDemoApplicationsResult,
  ListPlansResult,
  PlanProgressResult,
  PlanStatus,
  ReviewPlanResult,
  SavePlanParams,
  TodoResult,
} from '../../typings/school';
import { call, uploadFile } from './transport';

export type {
  ArchiveView,
  ChecklistDecision,
  ChecklistItemView,
  ChecklistStatus,
  DemoApplicationView,
  DemoMeterItem,
  MonthProgress,
  PlanItem,
  PlanKeyDay,
  PlanListItem,
  PlanStatus,
  PlanView,
  PointFigures,
  RankedPoint,
  ScoreFigure,
  TodoItem,
  VerificationView,
} from '../../typings/school';

/** Demonstration points of the caller's branch (or, for the head school, a branch or the city): held vs 24. */
export function demoMeter(year: number, branchId?: string): Promise<DemoMeterResult> {
  return call('school', 'demoMeter', { year, ...(branchId ? { branchId } : {}) });
}

export function listPlans(year: number, status?: PlanStatus, branchId?: string): Promise<ListPlansResult> {
  return call('school', 'listPlans', { year, ...(status ? { status } : {}), ...(branchId ? { branchId } : {}) });
}

export function reviewPlan(planId: string, approve: boolean, comment?: string): Promise<ReviewPlanResult> {
  return call('school', 'reviewPlan', { planId, approve, ...(comment ? { comment } : {}) });
}

export function todo(): Promise<TodoResult> {
  return call('school', 'todo', {});
}

export const getPlan = (pointId: string, year: number): Promise<GetPlanResult> => call('school', 'getPlan', { pointId, year });
export const savePlan = (p: SavePlanParams) => call('school', 'savePlan', p);
export const submitPlan = (planId: string) => call('school', 'submitPlan', { planId });
export const planProgress = (pointId: string, year: number): Promise<PlanProgressResult> => call('school', 'planProgress', { pointId, year });

export const checklist = (pointId: string, year: number): Promise<ChecklistResult> => call('school', 'checklist', { pointId, year });
export const evidenceUrls = (pointId: string, year: number, key: string): Promise<EvidenceUrlsResult> => call('school', 'evidenceUrls', { pointId, year, key });
export const submitChecklistItem = (pointId: string, year: number, key: string, evidence: string[], note?: string) =>
  call('school', 'submitChecklistItem', { pointId, year, key, evidence, ...(note ? { note } : {}) });
export const reviewChecklistItem = (pointId: string, year: number, key: string, decision: ChecklistDecision, comment?: string) =>
  call('school', 'reviewChecklistItem', { pointId, year, key, decision, ...(comment ? { comment } : {}) });
export const checklistQueue = (year: number) => call('school', 'checklistQueue', { year });

/**
 * Puts an evidence photo where the school function accepts it: the caller's own folder
 * `evidence/<OPENID>/…` (the function refuses a file outside it).
 */
export function uploadEvidence(openid: string, filePath: string, key: string): Promise<string> {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filePath)?.[1]?.toLowerCase() ?? 'jpg';
  const name = `${key}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.${ext}`;
  return uploadFile(`evidence/${openid}/${name}`, filePath);
}

export const applyDemo = (pointId: string, year: number, statement: string) => call('school', 'applyDemo', { pointId, year, statement });
export const listDemoApplications = (year: number, status?: 'pending' | 'approved' | 'rejected'): Promise<ListDemoApplicationsResult> =>
  call('school', 'listDemoApplications', { year, ...(status ? { status } : {}) });
export const reviewDemo = (applicationId: string, approve: boolean, reason?: string) => call('school', 'reviewDemo', { applicationId, approve, ...(reason ? { reason } : {}) });

export const getVerification = (year: number) => call('school', 'getVerification', { year });
export const startVerification = (year: number) => call('school', 'startVerification', { year });
export const confirmVerification = (year: number, pointIds: string[], deadline: string, reason: string) => call('school', 'confirmVerification', { year, pointIds, deadline, reason });
export const listRectifications = (pointId?: string) => call('school', 'listRectifications', pointId ? { pointId } : {});
export const recheckRectification = (rectificationId: string, keep: boolean, reason: string) => call('school', 'recheckRectification', { rectificationId, keep, reason });

export const archive = (pointId: string, year: number): Promise<ArchiveView> => call('school', 'archive', { pointId, year });
export const archiveDocx = (pointId: string, year: number): Promise<ArchiveDocxResult> => call('school', 'archiveDocx', { pointId, year });

export const PLAN_STATUS_NAMES: Record<PlanStatus | 'none', string> = {
  none: '尚未制定',
  draft: '草稿（未提交）',
  submitted: '已提交，等待分校审核',
  returned: '已退回，请按意见修改后再提交',
  approved: '已通过审核',
};
export const demoFigures = (pointId: string, year: number) => call('school', 'demoFigures', { pointId, year });
export const listRectificationsBy = (status: 'kept' | 'removed', pointId?: string) => call('school', 'listRectifications', pointId ? { status, pointId } : { status });
export const reportRectification = (rectificationId: string, report: string) => call('school', 'reportRectification', { rectificationId, report });

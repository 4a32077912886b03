import type { CaseStatus, FundCaseParams, SubmitCaseParams } from '../../typings/cases';
import { call } from './transport';

export type { CaseCandidate, CaseFigures, CaseItem, CaseQuotaResult, CaseStatus } from '../../typings/cases';

export const caseCandidates = (year: number, branchId: string) => call('cases', 'caseCandidates', { year, branchId });
export const caseQuota = (year: number, branchId: string) => call('cases', 'caseQuota', { year, branchId });
export const submitCase = (p: SubmitCaseParams) => call('cases', 'submitCase', p);
export const listCases = (year: number, status?: CaseStatus, cursor?: string) =>
  call('cases', 'listCases', { year, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
export const selectCase = (caseId: string, selected: boolean, note?: string) => call('cases', 'selectCase', { caseId, selected, ...(note ? { note } : {}) });
export const fundCase = (p: FundCaseParams) => call('cases', 'fundCase', p);

export const CASE_STATUS_NAMES: Record<CaseStatus, string> = { submitted: '待评选', selected: '已入选', notSelected: '未入选' };

/** The figures a case carries, in words: a course's learners, a volunteer activity's volunteers. */
export function figuresText(kind: 'course' | 'volunteer', f: { signups: number; participants: number; hours: number }): string {
  return kind === 'course'
    ? `报名 ${f.signups} 人 · 签到 ${f.participants} 人 · 课时 ${f.hours} 小时`
    : `报名 ${f.signups} 人 · 参加 ${f.participants} 人 · 服务 ${f.hours} 小时`;
}

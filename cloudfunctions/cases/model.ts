import type { ActivityKind, CaseFigures, CaseItem, CaseStatus } from '../../typings/cases';
import type { KeyDay } from '../../typings/volunteer';
import { COLLECTIONS } from '../_shared/collections';
import { toIso, startOfShanghaiMonth } from '../_shared/time';

export const CASES = COLLECTIONS.activityCases;
/** `${year}:${branchId}`: the branch's quota of cases for the year; `remaining` moves only by `_.inc`. */
export const QUOTAS = COLLECTIONS.caseQuotas;

export const KEY_DAYS = ['全国科普日', '科技工作者日', '科技活动周'] as const satisfies readonly KeyDay[];
/** Cases a branch may submit per year unless the head school sets another quota. */
export const DEFAULT_CASE_QUOTA = 3;
export const MAX_PHOTOS = 9;

export interface CaseDoc {
  _id: string;
  year: number;
  branchId: string;
  branchName: string;
  pointId: string | null;
  activityKind: ActivityKind;
  activityId: string;
  title: string;
  keyDay: KeyDay | null;
  startsAt: Date;
  summary: string;
  photos: string[];
  figures: CaseFigures;
  status: CaseStatus;
  selectionNote: string | null;
  selectedBy: string | null;
  funding: { amount: number; round: string; date: string; recordedBy: string; recordedAt: Date } | null;
  submittedBy: string;
  submittedAt: Date;
  updatedAt: Date;
}

export interface QuotaDoc {
  _id: string;
  year: number;
  branchId: string;
  quota: number;
  used: number;
  remaining: number;
}

export function quotaId(year: number, branchId: string): string {
  return `${year}:${branchId}`;
}

/** One case per activity: the id is derived from it. */
export function caseId(kind: ActivityKind, activityId: string): string {
  return `case_${kind}_${activityId}`;
}

export function toCaseItem(c: CaseDoc): CaseItem {
  return {
    id: c._id,
    year: c.year,
    branchId: c.branchId,
    branchName: c.branchName,
    activityKind: c.activityKind,
    activityId: c.activityId,
    title: c.title,
    keyDay: c.keyDay,
    startsAt: toIso(c.startsAt),
    summary: c.summary,
    figures: c.figures,
    status: c.status,
    selectionNote: c.selectionNote,
    funding: c.funding ? { amount: c.funding.amount, round: c.funding.round, date: c.funding.date } : null,
    submittedAt: toIso(c.submittedAt),
  };
}

/** The Asia/Shanghai year [start, end). */
export function yearRange(year: number): { start: Date; end: Date } {
  return { start: startOfShanghaiMonth(year), end: startOfShanghaiMonth(year + 1) };
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

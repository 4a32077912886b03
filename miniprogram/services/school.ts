import type { DemoMeterResult, ListPlansResult, PlanStatus, ReviewPlanResult, TodoResult } from '../../typings/school';
import { call } from './transport';

export type { DemoMeterItem, PlanListItem, TodoItem } from '../../typings/school';

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

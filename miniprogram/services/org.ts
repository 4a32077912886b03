import type { BranchItem, ListBranchesResult } from '../../typings/org';
import { callFunction } from './transport';

export type { BranchItem, ListBranchesResult };

/** All 41 branch schools (分校); anyone may call. */
export function listBranches(): Promise<ListBranchesResult> {
  return callFunction<ListBranchesResult>('org', { action: 'listBranches' });
}

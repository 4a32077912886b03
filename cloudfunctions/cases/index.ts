import type { CasesApi } from '../../typings/cases';
import { createFunction } from '../_shared/handler';
import { caseCandidates } from './actions/candidates';
import { caseQuota, fundCase, getCase, listCases, selectCase, setCaseQuota } from './actions/manage';
import { keyDayReport } from './actions/report';
import { submitCase } from './actions/submit';

/** Science-day activity roll-ups and the outstanding activity cases (优秀活动案例). */
export const main = createFunction<CasesApi>('cases', {
  keyDayReport,
  caseCandidates,
  submitCase,
  listCases,
  getCase,
  caseQuota,
  setCaseQuota,
  selectCase,
  fundCase,
});

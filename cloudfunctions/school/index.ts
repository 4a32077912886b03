import type { SchoolApi } from '../../typings/school';
import { createFunction } from '../_shared/handler';
import { archive, archiveDocx } from './actions/archive';
import { checklist, checklistQueue, checklistSummary, evidenceUrls, reviewChecklistItem, submitChecklistItem } from './actions/checklist';
import { applyDemo, demoFigures, demoMeter, listDemoApplications, reviewDemo } from './actions/demo';
import { addFunding, listFunding } from './actions/funding';
import { getPlan, listPlans, missingPlans, planProgress, publishTemplate, reviewPlan, savePlan, slippingPlans, submitPlan } from './actions/plans';
import { todo } from './actions/todo';
import { confirmVerification, getVerification, listRectifications, recheckRectification, reportRectification, startVerification } from './actions/verification';

/** Three-level management: plans, demonstration points, 四化八有, funding, archives, the staff to-do. */
export const main = createFunction<SchoolApi>('school', {
  savePlan,
  submitPlan,
  reviewPlan,
  getPlan,
  listPlans,
  planProgress,
  publishTemplate,
  missingPlans,
  slippingPlans,
  applyDemo,
  demoFigures,
  reviewDemo,
  listDemoApplications,
  demoMeter,
  startVerification,
  getVerification,
  confirmVerification,
  listRectifications,
  reportRectification,
  recheckRectification,
  checklist,
  submitChecklistItem,
  reviewChecklistItem,
  evidenceUrls,
  checklistSummary,
  checklistQueue,
  addFunding,
  listFunding,
  archive,
  archiveDocx,
  todo,
});

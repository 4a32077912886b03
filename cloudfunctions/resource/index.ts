import type { ResourceApi } from '../../typings/resource';
import { createFunction } from '../_shared/handler';
import { get, list, search } from './actions/browse';
import { attachToCourse, courseResources } from './actions/courses';
import { manageList, pointUsage, staffGet } from './actions/manage';
import { complete, play, share } from './actions/play';
import { recordFunding, review, setPremium } from './actions/review';
import { recheck, upload } from './actions/upload';

/** Course resources and the premium library (精品课程资源库). */
export const main = createFunction<ResourceApi>('resource', {
  // anyone
  list,
  search,
  get,
  play,
  courseResources,
  // learners
  complete,
  share,
  // staff
  upload,
  recheck,
  review,
  manageList,
  staffGet,
  attachToCourse,
  pointUsage,
  // head school
  setPremium,
  recordFunding,
});

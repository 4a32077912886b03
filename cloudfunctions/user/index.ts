import type { UserApi } from '../../typings/user';
import { createFunction } from '../_shared/handler';
import { enroll } from './actions/enroll';
import { getLearner, listLearners } from './actions/learners';
import { me } from './actions/me';
import { phoneFromCode } from './actions/phone';
import { staffCode } from './actions/staff-code';
import { withdraw } from './actions/withdraw';

/** The person: identity and roles (`me`), enrollment as a learner, and its withdrawal (PIPL). */
export const main = createFunction<UserApi>('user', {
  me,
  enroll,
  withdraw,
  phoneFromCode,
  staffCode,
  // staff
  listLearners,
  getLearner,
});

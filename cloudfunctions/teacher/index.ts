import type { TeacherApi } from '../../typings/teacher';
import { createFunction } from '../_shared/handler';
import { apply } from './actions/apply';
import { letterImage, qualify, revokeLetter, verifyLetter } from './actions/letters';
import { addTeacher, getTeacher, listTeachers, nominate, proposeCity, reviewCity, selectOutstanding } from './actions/pool';
import { mine, profile } from './actions/public';

/** 师资库: teacher pools of the branches, appointment letters (聘书), the city pool and outstanding teachers. */
export const main = createFunction<TeacherApi>('teacher', {
  // anyone
  verifyLetter,
  profile,
  // user
  apply,
  mine,
  // staff
  qualify,
  revokeLetter,
  letterImage,
  addTeacher,
  listTeachers,
  getTeacher,
  proposeCity,
  reviewCity,
  nominate,
  selectOutstanding,
});

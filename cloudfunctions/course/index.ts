import type { CourseApi } from '../../typings/course';
import { createFunction } from '../_shared/handler';
import { get, list } from './actions/browse';
import { cancelCourse } from './actions/cancel-course';
import { checkin, checkinByStaff, checkinCode } from './actions/checkin';
import { create } from './actions/create';
import { mine, nextCourses } from './actions/mine';
import { pointStats } from './actions/point-stats';
import { reconcile } from './actions/reconcile';
import { roster } from './actions/roster';
import { cancel, signup, subscribeReminder } from './actions/signup';
import { suggest } from './actions/suggest';
import { update } from './actions/update';
import { checkinWalkIn } from './actions/walk-in';
import { reconcileUpcoming } from './reconcile';
import { remind } from './reminders';

/** The course domain (CONTRACT.md `course`, plus the additive actions listed in typings/course.ts). */
export const main = createFunction<CourseApi>(
  'course',
  {
    create,
    update,
    cancelCourse,
    list,
    get,
    signup,
    cancel,
    subscribeReminder,
    mine,
    nextCourses,
    suggest,
    checkinCode,
    checkin,
    checkinByStaff,
    checkinWalkIn,
    roster,
    pointStats,
    reconcile,
  },
  // Timers (config.json): reminders every 5 minutes; counters reconciled with the signups hourly.
  { remind, reconcile: reconcileUpcoming },
);

import type { CourseMode } from '../../typings/course';
import { invalidArgument } from '../_shared/errors';

/** Longest course: half a day. */
const MAX_DURATION_MS = 12 * 60 * 60 * 1000;
/** Courses are planned at most a year ahead. */
const MAX_LEAD_MS = 366 * 24 * 60 * 60 * 1000;

export interface Schedule {
  startsAt: Date;
  endsAt: Date;
  mode: CourseMode;
  onlineUrl: string;
}

/** The rules every created or edited course obeys. */
export function checkSchedule(s: Schedule, now: Date): void {
  if (s.startsAt.getTime() <= now.getTime()) throw invalidArgument('开始时间已经过去，请选择以后的时间');
  if (s.startsAt.getTime() - now.getTime() > MAX_LEAD_MS) throw invalidArgument('只能安排一年以内的课程，请修改开始时间');
  if (s.endsAt.getTime() <= s.startsAt.getTime()) throw invalidArgument('结束时间应晚于开始时间');
  if (s.endsAt.getTime() - s.startsAt.getTime() > MAX_DURATION_MS) throw invalidArgument('一次课程不能超过12小时，请修改结束时间');
  if (s.mode === 'online' && !s.onlineUrl) throw invalidArgument('线上课程请填写课程链接（资源或直播间网址）');
}

import type { Notice, NoticeKind } from '../_shared/notify';
import { toIso } from '../_shared/time';
import type { CourseDoc } from './model';

/** The subscription messages of the course domain; ids make each event's message unique. */

function when(course: Pick<CourseDoc, 'startsAt'>): string {
  // 2026-12-05T09:00:00+08:00 -> 2026-12-05 09:00 (Asia/Shanghai)
  return toIso(course.startsAt).slice(0, 16).replace('T', ' ');
}

function place(course: Pick<CourseDoc, 'mode' | 'location'>): string {
  return course.mode === 'online' ? '线上课程（在小程序中打开）' : course.location;
}

type NoticeCourse = Pick<CourseDoc, '_id' | 'title' | 'startsAt' | 'mode' | 'location'>;

/** A message about `course` to `openid`: the course, its time and place, and `note` (thing4). */
function courseNotice(course: NoticeCourse, openid: string, id: string, kind: NoticeKind, note: string): Notice {
  return {
    id,
    touser: openid,
    kind,
    page: `pages/course/index?id=${course._id}`,
    fields: { thing1: course.title, time2: when(course), thing3: place(course), thing4: note },
  };
}

export function reminderNotice(course: NoticeCourse, openid: string): Notice {
  return courseNotice(course, openid, `remind:${course._id}:${openid}`, 'course_remind', '课程即将开始，请准时参加');
}

export function promotedNotice(course: NoticeCourse, openid: string, at: Date): Notice {
  // A learner may be promoted, cancel, sign up and be promoted again: one message per promotion.
  return courseNotice(course, openid, `promoted:${course._id}:${openid}:${at.getTime()}`, 'course_promoted', '候补成功，您已报上名');
}

export function cancelledNotice(course: NoticeCourse, openid: string, reason: string): Notice {
  return courseNotice(course, openid, `cancelled:${course._id}:${openid}`, 'course_cancelled', `课程取消：${reason}`);
}

export function changedNotice(course: NoticeCourse, openid: string, version: number): Notice {
  return courseNotice(course, openid, `changed:${course._id}:${openid}:${version}`, 'course_changed', '上课时间或地点有变，请留意');
}

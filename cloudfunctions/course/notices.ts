import type { Notice } from '../_shared/notify';
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

function coursePage(courseId: string): string {
  return `pages/course/index?id=${courseId}`;
}

type NoticeCourse = Pick<CourseDoc, '_id' | 'title' | 'startsAt' | 'mode' | 'location'>;

export function reminderNotice(course: NoticeCourse, openid: string): Notice {
  return {
    id: `remind:${course._id}:${openid}`,
    touser: openid,
    kind: 'course_remind',
    page: coursePage(course._id),
    fields: { thing1: course.title, time2: when(course), thing3: place(course), thing4: '课程即将开始，请准时参加' },
  };
}

export function promotedNotice(course: NoticeCourse, openid: string, at: Date): Notice {
  return {
    // A learner may be promoted, cancel, sign up and be promoted again: one message per promotion.
    id: `promoted:${course._id}:${openid}:${at.getTime()}`,
    touser: openid,
    kind: 'course_promoted',
    page: coursePage(course._id),
    fields: { thing1: course.title, time2: when(course), thing3: place(course), thing4: '候补成功，您已报上名' },
  };
}

export function cancelledNotice(course: NoticeCourse, openid: string, reason: string): Notice {
  return {
    id: `cancelled:${course._id}:${openid}`,
    touser: openid,
    kind: 'course_cancelled',
    page: coursePage(course._id),
    fields: { thing1: course.title, time2: when(course), thing3: place(course), thing4: `课程取消：${reason}` },
  };
}

export function changedNotice(course: NoticeCourse, openid: string, version: number): Notice {
  return {
    id: `changed:${course._id}:${openid}:${version}`,
    touser: openid,
    kind: 'course_changed',
    page: coursePage(course._id),
    fields: { thing1: course.title, time2: when(course), thing3: place(course), thing4: '上课时间或地点有变，请留意' },
  };
}

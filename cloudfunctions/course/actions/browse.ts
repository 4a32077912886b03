import type { CourseDetail, GetCourseParams, ListCoursesParams, ListCoursesResult } from '../../../typings/course';
import { canManage, loadCaller } from '../../_shared/authz';
import { params } from '../../_shared/contract';
import { publicAction } from '../../_shared/handler';
import { pageWindow, toPage } from '../../_shared/paging';
import { toIso } from '../../_shared/time';
import { id, isoTime, pageParams, z } from '../../_shared/validate';
import { courseChain, loadCourse } from '../access';
import { checkinWindowError } from '../attendance';
import { CHECKIN_CLOSES_AFTER_MS, COURSE_LIST_FIELDS, COURSES, toCourseItem, waitlistPosition, type CourseDoc } from '../model';
import { topic } from '../schemas';
import { findSignup } from '../seats';

const listInput = params<ListCoursesParams>()(
  z.object({
    pointId: id('教学点').optional(),
    branchId: id('分校').optional(),
    topic: topic.optional(),
    from: isoTime('起始时间').optional(),
    ...pageParams,
  }),
);

/**
 * Anyone: courses starting at or after `from` (default now), earliest first. One read, served by
 * the (pointId|branchId|topic, startsAt) indexes; the waitlist and the code secret stay behind.
 */
export const list = publicAction(listInput, async (p, { db, now }): Promise<ListCoursesResult> => {
  const _ = db.command;
  const w = pageWindow(p);
  const where: Record<string, unknown> = { startsAt: _.gte(p.from ?? now) };
  if (p.pointId) where.pointId = p.pointId;
  if (p.branchId) where.branchId = p.branchId;
  if (p.topic) where.topic = p.topic;
  const res = await db
    .collection<CourseDoc>(COURSES)
    .where(where)
    .orderBy('startsAt', 'asc')
    .orderBy('_id', 'asc')
    .field(COURSE_LIST_FIELDS)
    .skip(w.skip)
    .limit(w.fetch)
    .get();
  return toPage(
    w,
    res.data.map((c) => toCourseItem(c, now)),
  );
});

const getInput = params<GetCourseParams>()(z.object({ courseId: id('课程') }));

/** Anyone: the course, the caller's own place, and whether the caller may manage it. 1–3 reads, one round-trip. */
export const get = publicAction(getInput, async (p, { db, openid, now }): Promise<CourseDetail> => {
  const [course, signup, caller] = await Promise.all([
    loadCourse(db, p.courseId),
    openid ? findSignup(db, p.courseId, openid) : Promise.resolve(null),
    openid ? loadCaller(db, openid) : Promise.resolve(null),
  ]);
  let mySignup: CourseDetail['mySignup'] = null;
  if (signup?.status === 'signed') {
    mySignup = { status: 'signed', reminderSubscribed: signup.remind !== 'none' };
    if (signup.checkedInAt) mySignup.checkedInAt = toIso(signup.checkedInAt);
  } else if (signup?.status === 'waitlisted' || (signup?.status === 'pending' && waitlistPosition(course, signup.openid))) {
    mySignup = { status: 'waitlisted', position: waitlistPosition(course, signup.openid) ?? 1, reminderSubscribed: signup.remind !== 'none' };
  }
  const manage = caller ? canManage(caller, courseChain(course)) : false;
  const item = toCourseItem(course, now);
  const detail: CourseDetail = {
    ...item,
    // What the page may offer this caller: a second signup is never offered.
    canSignup: item.canSignup && !mySignup,
    canCancel: !!mySignup && item.canSignup,
    canCheckin: mySignup?.status === 'signed' && !mySignup.checkedInAt && checkinWindowError(course, now, CHECKIN_CLOSES_AFTER_MS) === null,
    description: course.description,
    teacherName: course.teacherName,
    teacherId: course.teacherId ?? null,
    location: course.location,
    mySignup,
    canManage: manage,
  };
  // The link of an online course (e.g. a live room with limited places) is for those with a seat.
  if (course.mode === 'online' && course.onlineUrl && (mySignup?.status === 'signed' || manage)) detail.onlineUrl = course.onlineUrl;
  if (course.status === 'cancelled' && course.cancelReason) detail.cancelReason = course.cancelReason;
  return detail;
});

import type { UpdateCourseParams, UpdateCourseResult } from '../../../typings/course';
import { writeAudit } from '../../_shared/audit';
import { params } from '../../_shared/contract';
import { failedPrecondition, invalidArgument } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { notifyAll } from '../../_shared/notify';
import { id, integer, isoTime, optionalText, text, z } from '../../_shared/validate';
import { courseChain, courseStaff, findCourse } from '../access';
import { signupsOf } from '../audience';
import { checkSchedule } from '../course-rules';
import { COURSES, isOpenForSignup, MAX_CAPACITY, SIGNUPS, type CourseDoc } from '../model';
import { changedNotice } from '../notices';
import { mode, onlineUrl, topic } from '../schemas';
import { promote } from '../seats';
import { teachableTeacher } from '../../teacher/model';
import { auditDiff, changedFields, withEdits } from '../../_shared/edits';

const input = params<UpdateCourseParams>()(
  z.object({
    courseId: id('课程'),
    title: text('课程名称', 40, 2).optional(),
    topic: topic.optional(),
    teacherName: text('授课老师', 20).optional(),
    startsAt: isoTime('开始时间').optional(),
    endsAt: isoTime('结束时间').optional(),
    location: text('上课地点', 100).optional(),
    capacity: integer('名额', 1, MAX_CAPACITY).optional(),
    description: optionalText('课程介绍', 1000),
    mode: mode.optional(),
    onlineUrl: onlineUrl.optional(),
    keyDay: z.enum(['全国科普日', '科技工作者日', '科技活动周'], { error: '主题日只能是全国科普日、科技工作者日或科技活动周' }).nullable().optional(),
    teacherId: id('讲师').nullable().optional(),
  }),
);

type Editable = Pick<CourseDoc, 'title' | 'topic' | 'teacherName' | 'teacherId' | 'startsAt' | 'endsAt' | 'location' | 'capacity' | 'description' | 'mode' | 'onlineUrl' | 'keyDay'>;
const EDITABLE: (keyof Editable)[] = ['title', 'topic', 'teacherName', 'teacherId', 'startsAt', 'endsAt', 'location', 'capacity', 'description', 'mode', 'onlineUrl', 'keyDay'];
/** Changes a learner must hear about. */
const NOTICE_FIELDS: (keyof Editable)[] = ['startsAt', 'endsAt', 'location', 'mode', 'onlineUrl'];


/**
 * Staff edit a course until it starts. Reads: course + roles (1 round-trip); writes: the course
 * (conditional: still scheduled, not started, capacity not below the signed count), the audit entry,
 * and when the time or topic changed, the signups' copies; learners are told about time/place changes.
 */
export const update = staffAction({
  input,
  ...courseStaff,
  run: async (p, { db, openid: me, now, target: { course } }): Promise<UpdateCourseResult> => {
    if (!isOpenForSignup(course, now)) {
      throw failedPrecondition(course.status === 'cancelled' ? '这门课程已取消，不能再修改' : '课程已经开始，不能再修改');
    }

    const next: Editable = withEdits(course, p, EDITABLE);
    if (next.mode === 'offline') next.onlineUrl = '';
    if (p.teacherId) next.teacherName = (await teachableTeacher(db, p.teacherId, course.branchId, now)).name;
    const changed = changedFields(course, next, EDITABLE);
    if (changed.length === 0) return { courseId: course._id, promoted: 0 };
    checkSchedule(next, now);
    if (next.capacity < course.signedCount) throw invalidArgument(`已有${course.signedCount}人报名，名额不能少于${course.signedCount}`);

    const _ = db.command;
    const set: Record<string, unknown> = { updatedAt: now };
    for (const k of changed) set[k] = next[k];
    const res = await db
      .collection(COURSES)
      .where({ _id: course._id, status: 'scheduled', startsAt: _.gt(now), signedCount: _.lte(next.capacity) })
      .update({ data: set });
    if (res.stats.updated === 0) {
      const latest = await findCourse(db, course._id);
      if (latest && isOpenForSignup(latest, now)) throw failedPrecondition(`刚刚又有人报名，已有${latest.signedCount}人，名额不能少于这个数，请重新填写`);
      throw failedPrecondition('课程已经开始或已取消，不能再修改');
    }

    await writeAudit(db, { actor: me, action: 'course.update', targetType: 'course', targetId: course._id, scope: courseChain(course), ...auditDiff(course, next, changed) });

    if (changed.includes('startsAt') || changed.includes('topic')) {
      await db.collection(SIGNUPS).where({ courseId: course._id }).update({ data: { courseStartsAt: next.startsAt, courseTopic: next.topic } });
    }
    let promoted: string[] = [];
    if (next.capacity > course.capacity) promoted = await promote(db, course._id, now);
    if (changed.some((k) => NOTICE_FIELDS.includes(k))) {
      const audience = await signupsOf(db, course._id, ['signed', 'waitlisted']);
      const updated = { ...course, ...next };
      await notifyAll(
        db,
        audience.map((s) => changedNotice(updated, s.openid, now.getTime())),
      );
    }
    return { courseId: course._id, promoted: promoted.length };
  },
});

import type { CreateCourseParams, CreateCourseResult } from '../../../typings/course';
import { writeAudit } from '../../_shared/audit';
import { params } from '../../_shared/contract';
import { failedPrecondition } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { pointChain } from '../../_shared/org';
import { newCodeSecret } from '../../_shared/rotating-code';
import { id, integer, isoTime, optionalText, text, z } from '../../_shared/validate';
import { newCourseId, pointStaff } from '../access';
import { checkSchedule } from '../course-rules';
import { COURSES, MAX_CAPACITY } from '../model';
import { mode, onlineUrl, topic } from '../schemas';
import { teachableTeacher } from '../../teacher/model';

const input = params<CreateCourseParams>()(
  z.object({
    pointId: id('教学点'),
    title: text('课程名称', 40, 2),
    topic,
    teacherName: text('授课老师', 20),
    startsAt: isoTime('开始时间'),
    endsAt: isoTime('结束时间'),
    location: text('上课地点', 100),
    capacity: integer('名额', 1, MAX_CAPACITY),
    description: optionalText('课程介绍', 1000),
    mode: mode.optional(),
    onlineUrl: onlineUrl.optional(),
    keyDay: z.enum(['全国科普日', '科技工作者日', '科技活动周'], { error: '主题日只能是全国科普日、科技工作者日或科技活动周' }).optional(),
    teacherId: id('讲师').optional(),
  }),
);

/** 2 reads (roles, point) in one round-trip, 2 writes (course, audit). */
export const create = staffAction({
  input,
  ...pointStaff('只有本教学点或上级的工作人员可以发布课程'),
  run: async (p, { db, openid: me, now, target: { point } }): Promise<CreateCourseResult> => {
    if (!point.active) throw failedPrecondition('这个教学点已停用，不能发布新课程');
    const courseMode = p.mode ?? 'offline';
    const url = courseMode === 'online' ? (p.onlineUrl ?? '') : '';
    checkSchedule({ startsAt: p.startsAt, endsAt: p.endsAt, mode: courseMode, onlineUrl: url }, now);
    const teacher = p.teacherId ? await teachableTeacher(db, p.teacherId, point.branchId, now) : null;

    const courseId = newCourseId();
    const doc = {
      _id: courseId,
      pointId: point._id,
      branchId: point.branchId,
      pointName: point.name,
      title: p.title,
      topic: p.topic,
      teacherName: teacher?.name ?? p.teacherName,
      teacherId: teacher?._id ?? null,
      startsAt: p.startsAt,
      endsAt: p.endsAt,
      location: p.location,
      mode: courseMode,
      onlineUrl: url,
      keyDay: p.keyDay ?? null,
      description: p.description ?? '',
      capacity: p.capacity,
      signedCount: 0,
      waitlistCount: 0,
      waitlist: [],
      checkinCount: 0,
      codeSecret: newCodeSecret(),
      status: 'scheduled',
      createdBy: me,
      createdAt: now,
      updatedAt: now,
    };
    await db.collection(COURSES).add({ data: doc });
    const { codeSecret: _secret, waitlist: _waitlist, ...visible } = doc;
    await writeAudit(db, { actor: me, action: 'course.create', targetType: 'course', targetId: courseId, scope: pointChain(point), after: visible });
    return { courseId };
  },
});

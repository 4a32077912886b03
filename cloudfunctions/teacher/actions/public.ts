import type { MyTeacherResult, PublicTeacher, TeacherIdParams } from '../../../typings/teacher';
import { params } from '../../_shared/contract';
import { notFound } from '../../_shared/errors';
import { publicAction, userAction } from '../../_shared/handler';
import { z } from '../../_shared/validate';
import { applicationId, findTeacher, teacherItem } from '../model';
import { teachingRecord } from '../record';
import { teacherIdField } from '../schemas';

/** Anyone: a qualified teacher's public profile (shown on the course page): no phone. */
export const profile = publicAction(params<TeacherIdParams>()(z.object({ teacherId: teacherIdField() })), async (p, { db, now }): Promise<PublicTeacher> => {
  const t = await findTeacher(db, p.teacherId);
  if (!t || t.status !== 'qualified') throw notFound('没有找到这位讲师的介绍');
  const record = await teachingRecord(db, t._id, now);
  return {
    id: t._id,
    name: t.name,
    organisation: t.organisation,
    title: t.title,
    field: t.field,
    topics: t.topics,
    cv: t.cv,
    branchName: t.branchName,
    outstandingYears: t.outstanding.filter((o) => o.status === 'selected').map((o) => o.year),
    coursesGiven: record.coursesGiven,
  };
});

/** The caller's own application or teacher record, with their courses and attendance. */
export const mine = userAction(z.object({}), async (_p, { db, openid, now }): Promise<MyTeacherResult> => {
  const t = await findTeacher(db, applicationId(openid));
  if (!t) return { teacher: null, record: null };
  const item = teacherItem(t, { openid, grants: [] }, now);
  return { teacher: { ...item, rejectReason: t.rejectReason }, record: t.status === 'qualified' ? await teachingRecord(db, t._id, now) : null };
});

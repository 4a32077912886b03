import type { ApplyTeacherParams, ApplyTeacherResult } from '../../../typings/teacher';
import { isDuplicateKeyError } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { alreadyExists, failedPrecondition, notFound } from '../../_shared/errors';
import { userAction } from '../../_shared/handler';
import { BRANCHES_COLLECTION, type BranchDoc } from '../../_shared/reference';
import { z } from '../../_shared/validate';
import { applicationId, findTeacher, pendingTeacher, TEACHERS, teacherProfile, type TeacherDoc } from '../model';
import { branchIdField, teacherFields } from '../schemas';

const input = params<ApplyTeacherParams>()(
  z.object({
    ...teacherFields,
    branchId: branchIdField(),
    consent: z.literal(true, { error: '请阅读并同意《个人信息收集说明》后再提交' }),
  }),
);

/**
 * A resident applies to a branch's teacher pool. One application per person (`_id` from the
 * OPENID): applying again edits a pending or rejected application (and puts it back to pending);
 * a qualified teacher cannot re-apply. Reads: 2. Writes: 1.
 */
export const apply = userAction(input, async (p, { db, openid, now }): Promise<ApplyTeacherResult> => {
  const [branchRes, existing] = await Promise.all([
    db.collection<BranchDoc>(BRANCHES_COLLECTION).where({ _id: p.branchId }).limit(1).get(),
    findTeacher(db, applicationId(openid)),
  ]);
  const branch = branchRes.data[0];
  if (!branch) throw notFound('没有找到这个分校，请返回重新选择');
  const fields = {
    ...teacherProfile(branch, p),
    consentAt: now,
    updatedAt: now,
  };
  if (existing) {
    if (existing.status === 'qualified') throw alreadyExists(`您已是${existing.branchName}师资库的讲师，无需再次申请`);
    const res = await db
      .collection(TEACHERS)
      .where({ _id: existing._id, status: existing.status })
      .update({ data: { ...fields, status: 'pending', rejectReason: null } });
    if (res.stats.updated === 0) throw failedPrecondition('您的申请刚刚已被审核，请刷新查看结果');
    return { teacherId: existing._id, status: 'pending' };
  }
  const doc: TeacherDoc = {
    _id: applicationId(openid),
    openid,
    source: 'apply',
    ...fields,
    ...pendingTeacher(),
    createdAt: now,
  };
  try {
    await db.collection(TEACHERS).add({ data: { ...doc } });
  } catch (error) {
    // A second tap of the same person: the application exists.
    if (!isDuplicateKeyError(error)) throw error;
  }
  return { teacherId: doc._id, status: 'pending' };
});

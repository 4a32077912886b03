import type { SubmitCaseParams } from '../../../typings/cases';
import { writeAudit } from '../../_shared/audit';
import { isDuplicateKeyError } from '../../_shared/cloud';
import { CheckUnavailable, checkImage, checkText, firstFailure } from '../../_shared/content-check';
import { params } from '../../_shared/contract';
import { alreadyExists, failedPrecondition, invalidArgument, resourceExhausted } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { shanghaiYear } from '../../_shared/time';
import { id, text, z } from '../../_shared/validate';
import { CASES, caseId, MAX_PHOTOS, type CaseDoc } from '../model';
import { ensureQuota, givePlaceBack, takePlace } from '../quota';
import { figuresOf, loadActivity } from '../sources';
import { loadBranchName } from '../../_shared/reference';

const photoId = z
  .string({ error: '照片地址不正确，请重新上传' })
  .max(1000, '照片地址不正确，请重新上传')
  .regex(/^cloud:\/\/[^/\s]+\/\S+$/, '照片地址不正确，请重新上传');

/**
 * A branch submits one of its ended activities as an outstanding case of the activity's year:
 * summary and photos pass the content check, the figures are taken from the activity's own
 * records now, and one place of the branch's yearly quota is taken atomically.
 */
export const submitCase = staffAction({
  input: params<SubmitCaseParams>()(
    z.object({
      activityKind: z.enum(['course', 'volunteer'], { error: '请选择课程或志愿活动' }),
      activityId: id('活动'),
      summary: text('案例简介', 2000, 20),
      photos: z.array(photoId, { error: '请上传活动照片' }).min(1, '请至少上传一张活动照片').max(MAX_PHOTOS, `活动照片最多${MAX_PHOTOS}张`),
    }),
  ),
  who: "branch_admin of the activity's branch",
  denied: '优秀案例由活动所属分校的管理员提交',
  scope: async (p, { db }) => {
    const activity = await loadActivity(db, p.activityKind, p.activityId);
    return { chain: { branchId: activity.branchId }, roles: ['branch_admin'] as const, activity };
  },
  run: async (p, { db, openid, now, target: { activity } }) => {
    if (activity.cancelled) throw failedPrecondition('这个活动已取消，不能作为优秀案例提交');
    if (activity.endsAt.getTime() > now.getTime()) throw failedPrecondition('活动结束后才能提交优秀案例');
    const _id = caseId(activity.kind, activity.id);
    let verdict;
    try {
      verdict = await firstFailure([() => checkText(p.summary, '案例简介', openid), ...p.photos.map((f, i) => () => checkImage(f, `第${i + 1}张照片`))]);
    } catch (error) {
      if (error instanceof CheckUnavailable) throw failedPrecondition('内容安全检测暂时不可用，请稍后再提交');
      throw error;
    }
    if (!verdict.ok) throw invalidArgument(verdict.reason);

    const year = shanghaiYear(activity.startsAt);
    // A case already there takes no place (a repeat racing the first meets at the case's id below).
    const existing = await db.collection(CASES).where({ _id }).count();
    if (existing.total > 0) throw alreadyExists('这个活动已经提交过优秀案例了');
    const [figures, branchName, quota] = await Promise.all([figuresOf(db, activity), loadBranchName(db, activity.branchId), ensureQuota(db, year, activity.branchId)]);
    if (!(await takePlace(db, quota))) throw resourceExhausted(`本分校${year}年的优秀案例名额（${quota.quota}个）已用完`);
    const doc: CaseDoc = {
      _id,
      year,
      branchId: activity.branchId,
      branchName,
      pointId: activity.pointId,
      activityKind: activity.kind,
      activityId: activity.id,
      title: activity.title,
      keyDay: activity.keyDay,
      startsAt: activity.startsAt,
      summary: p.summary,
      photos: p.photos,
      figures,
      status: 'submitted',
      selectionNote: null,
      selectedBy: null,
      funding: null,
      submittedBy: openid,
      submittedAt: now,
      updatedAt: now,
    };
    try {
      await db.collection(CASES).add({ data: { ...doc } });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await givePlaceBack(db, quota);
      throw alreadyExists('这个活动已经提交过优秀案例了');
    }
    await writeAudit(db, { actor: openid, action: 'case.submit', targetType: 'case', targetId: _id, scope: { branchId: activity.branchId }, after: { title: doc.title, year, figures } });
    const after = await ensureQuota(db, year, activity.branchId);
    return { caseId: _id, remaining: after.remaining };
  },
});

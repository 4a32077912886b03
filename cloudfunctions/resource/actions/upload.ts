import { randomBytes } from 'node:crypto';
import type { ResourceIdParams, UploadResourceParams, UploadResourceResult } from '../../../typings/resource';
import { writeAudit } from '../../_shared/audit';
import { params } from '../../_shared/contract';
import { failedPrecondition } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { id, integer, text, z } from '../../_shared/validate';
import { runChecks } from '../checks';
import { checkMediaFile, fileIdField, requireStored } from '../files';
import { AUDIENCES, KINDS, RESOURCES, resourceChain, type ResourceDoc } from '../model';
import { topicField } from '../schemas';
import { loadResource } from '../store';
import { resolveUnit } from '../units';



const input = params<UploadResourceParams>()(
  z.object({
    pointId: id('教学点').optional(),
    branchId: id('分校').optional(),
    kind: z.enum(KINDS, { error: '资源类型应为视频、音频、电子书、动画或课件' }),
    title: text('标题', 40, 2),
    summary: text('简介', 500),
    topic: topicField,
    audiences: z.array(z.enum(AUDIENCES, { error: '适用人群不正确，请重新选择' }), { error: '请选择适用人群' }).min(1, '请至少选择一类适用人群').max(AUDIENCES.length, '适用人群不正确，请重新选择'),
    fileId: fileIdField('资源文件'),
    fileSize: integer('文件大小', 1, 10 * 1024 * 1024 * 1024),
    coverFileId: fileIdField('封面图片'),
    durationSec: integer('时长', 1, 24 * 3600).optional(),
  }),
);

export const upload = staffAction({
  input,
  who: 'staff of the uploading unit (point_admin of pointId, branch_admin of the branch) or above; head_admin for the head school',
  denied: '只有本单位或上级的工作人员可以上传资源',
  scope: async (p, { db }) => resolveUnit(db, p),
  run: async (p, { db, openid, now, target }): Promise<UploadResourceResult> => {
    checkMediaFile(p.kind, p.fileId, p.fileSize);
    await Promise.all([requireStored(p.fileId, '资源文件'), requireStored(p.coverFileId, '封面图片')]);
    const doc: ResourceDoc = {
      _id: `res_${randomBytes(8).toString('hex')}`,
      kind: p.kind,
      title: p.title,
      summary: p.summary,
      topic: p.topic,
      audiences: [...new Set(p.audiences)],
      fileId: p.fileId,
      fileSize: p.fileSize,
      coverFileId: p.coverFileId,
      durationSec: p.durationSec ?? null,
      level: target.level,
      branchId: target.branchId,
      pointId: target.pointId,
      unitName: target.name,
      status: 'checking',
      blockReason: null,
      returnReason: null,
      premium: false,
      premiumAt: null,
      funding: [],
      fundingTotal: 0,
      views: 0,
      completions: 0,
      shares: 0,
      uploadedBy: openid,
      reviewedBy: null,
      createdAt: now,
      updatedAt: now,
      publishedAt: null,
    };
    await db.collection(RESOURCES).add({ data: { ...doc } });
    const result = await runChecks(db, doc, openid, now);
    await writeAudit(db, {
      actor: openid,
      action: 'resource.upload',
      targetType: 'resource',
      targetId: doc._id,
      scope: resourceChain(doc),
      after: { title: doc.title, kind: doc.kind, topic: doc.topic, status: result.status, blockReason: result.blockReason },
    });
    return result;
  },
});

/** Runs the content checks again for a resource whose check could not run. */
export const recheck = staffAction({
  input: params<ResourceIdParams>()(z.object({ resourceId: id('资源') })),
  who: 'staff of the uploading unit or above',
  denied: '只有本单位或上级的工作人员可以重新检测',
  scope: async (p, { db }) => {
    const resource = await loadResource(db, p.resourceId);
    return { chain: resourceChain(resource), resource };
  },
  run: async (_p, { db, openid, now, target: { resource } }): Promise<UploadResourceResult> => {
    if (resource.status !== 'checking') throw failedPrecondition('这个资源已经完成内容检测，无需重新检测');
    const result = await runChecks(db, resource, openid, now);
    await writeAudit(db, {
      actor: openid,
      action: 'resource.recheck',
      targetType: 'resource',
      targetId: resource._id,
      scope: resourceChain(resource),
      before: { status: 'checking' },
      after: { status: result.status, blockReason: result.blockReason },
    });
    return result;
  },
});

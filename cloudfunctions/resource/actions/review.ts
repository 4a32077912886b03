import type { RecordFundingParams, ResourceStatus, ReviewResourceParams, SetPremiumParams } from '../../../typings/resource';
import { writeAudit } from '../../_shared/audit';
import type { Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { failedPrecondition, invalidArgument } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { amountField, bool, dayField, id, optionalText, text, z } from '../../_shared/validate';
import { RESOURCES, resourceChain, type ResourceDoc } from '../model';
import { loadResource } from '../store';

const HEAD_ONLY = '精品资源由总校评定，请联系总校管理员';

async function headScope(p: { resourceId: string }, db: Database) {
  const resource = await loadResource(db, p.resourceId);
  // An empty chain: only a head-school grant covers it.
  return { chain: {}, roles: ['head_admin'] as const, resource };
}

/**
 * uploaded → checked → published or returned: by the branch of the uploading unit, or the head
 * school. A point's own staff never publish their own uploads; a head-school upload is reviewed
 * by the head school.
 */
export const review = staffAction({
  input: params<ReviewResourceParams>()(
    z.object({
      resourceId: id('资源'),
      decision: z.enum(['publish', 'return'], { error: '请选择发布或退回' }),
      reason: optionalText('退回原因', 200),
    }),
  ),
  who: "branch_admin of the uploading unit's branch, head_admin",
  denied: '只有所属分校或总校可以审核资源',
  scope: async (p, { db }) => {
    const resource = await loadResource(db, p.resourceId);
    return { chain: resource.branchId ? { branchId: resource.branchId } : {}, roles: ['branch_admin', 'head_admin'] as const, resource };
  },
  run: async (p, { db, openid, now, target: { resource } }): Promise<{ resourceId: string; status: ResourceStatus }> => {
    if (p.decision === 'return' && !p.reason) throw invalidArgument('请填写退回原因，方便上传单位修改');
    if (resource.status !== 'pending') throw failedPrecondition(pendingMessage(resource.status));
    const status: ResourceStatus = p.decision === 'publish' ? 'published' : 'returned';
    const data = p.decision === 'publish' ? { status, publishedAt: now, reviewedBy: openid, updatedAt: now } : { status, returnReason: p.reason, reviewedBy: openid, updatedAt: now };
    const res = await db.collection(RESOURCES).where({ _id: resource._id, status: 'pending' }).update({ data });
    if (res.stats.updated === 0) throw failedPrecondition('这个资源刚刚已被审核，请刷新后查看');
    await writeAudit(db, {
      actor: openid,
      action: p.decision === 'publish' ? 'resource.publish' : 'resource.return',
      targetType: 'resource',
      targetId: resource._id,
      scope: resourceChain(resource),
      before: { status: 'pending' },
      after: { status },
      ...(p.reason ? { reason: p.reason } : {}),
    });
    return { resourceId: resource._id, status };
  },
});

function pendingMessage(status: ResourceStatus): string {
  switch (status) {
    case 'checking':
      return '这个资源还在内容检测中，请稍后再审核';
    case 'blocked':
      return '这个资源未通过内容安全检测，不能发布';
    case 'published':
      return '这个资源已经发布了';
    default:
      return '这个资源已被退回，请上传单位修改后重新上传';
  }
}

/** The head school marks (or unmarks) a published resource for the premium library. */
export const setPremium = staffAction({
  input: params<SetPremiumParams>()(z.object({ resourceId: id('资源'), premium: bool('是否为精品资源') })),
  who: 'head_admin',
  denied: HEAD_ONLY,
  scope: async (p, { db }) => headScope(p, db),
  run: async (p, { db, openid, now, target: { resource } }) => {
    if (p.premium && resource.status !== 'published') throw failedPrecondition('只有已发布的资源才能评为精品资源');
    if (resource.premium !== p.premium) {
      await db
        .collection(RESOURCES)
        .doc(resource._id)
        .update({ data: { premium: p.premium, premiumAt: p.premium ? now : null, updatedAt: now } });
      await writeAudit(db, {
        actor: openid,
        action: p.premium ? 'resource.markPremium' : 'resource.unmarkPremium',
        targetType: 'resource',
        targetId: resource._id,
        scope: resourceChain(resource),
        before: { premium: resource.premium },
        after: { premium: p.premium },
      });
    }
    return { resourceId: resource._id, premium: p.premium };
  },
});

/** Funding given to a premium resource (amount, date, round), by the head school. */
export const recordFunding = staffAction({
  input: params<RecordFundingParams>()(
    z.object({ resourceId: id('资源'), amount: amountField, date: dayField('资助日期'), round: text('资助批次', 30) }),
  ),
  who: 'head_admin',
  denied: HEAD_ONLY,
  scope: async (p, { db }) => headScope(p, db),
  run: async (p, { db, openid, now, target: { resource } }) => {
    if (!resource.premium) throw failedPrecondition('请先把这个资源评为精品资源，再登记资助');
    const _ = db.command;
    const entry: ResourceDoc['funding'][number] = { amount: p.amount, date: p.date, round: p.round, recordedBy: openid, recordedAt: now };
    await db
      .collection(RESOURCES)
      .doc(resource._id)
      .update({ data: { funding: _.push([entry]), fundingTotal: _.inc(p.amount), updatedAt: now } });
    await writeAudit(db, {
      actor: openid,
      action: 'resource.fund',
      targetType: 'resource',
      targetId: resource._id,
      scope: resourceChain(resource),
      after: { amount: p.amount, date: p.date, round: p.round },
    });
    return { resourceId: resource._id, fundingTotal: Math.round((resource.fundingTotal + p.amount) * 100) / 100 };
  },
});

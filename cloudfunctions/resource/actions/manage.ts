import type { ManageListParams, PointUsageParams, PointUsageResult, ResourceIdParams, StaffResourceDetail } from '../../../typings/resource';
import { params } from '../../_shared/contract';
import { staffAction } from '../../_shared/handler';
import { loadPoint, pointChain } from '../../_shared/org';
import { pageWindow, toPage } from '../../_shared/paging';
import { toIso } from '../../_shared/time';
import { id, pageParams, z } from '../../_shared/validate';
import { tempUrls } from '../files';
import { RESOURCES, resourceChain, toItem, toStaffItem, USAGE, type ResourceDoc, type UsageDoc } from '../model';
import { loadResource } from '../store';
import { resolveUnit } from '../units';

const STATUSES = ['checking', 'blocked', 'pending', 'published', 'returned'] as const;

/** A unit's uploads in one status, newest first: the review queue, the blocked list, … */
export const manageList = staffAction({
  input: params<ManageListParams>()(
    z.object({
      pointId: id('教学点').optional(),
      branchId: id('分校').optional(),
      status: z.enum(STATUSES, { error: '资源状态不正确' }),
      ...pageParams,
    }),
  ),
  who: 'staff of the unit (point, branch) or above; head_admin for the whole city',
  denied: '只能查看本单位的资源',
  scope: async (p, { db }) => resolveUnit(db, p),
  run: async (p, { db, target }) => {
    const w = pageWindow(p);
    const where: Record<string, unknown> = { status: p.status };
    if (target.level === 'point') where.pointId = target.pointId;
    else if (target.level === 'branch') where.branchId = target.branchId;
    const res = await db.collection<ResourceDoc>(RESOURCES).where(where).orderBy('createdAt', 'desc').orderBy('_id', 'asc').skip(w.skip).limit(w.fetch).get();
    return toPage(w, res.data.map(toStaffItem));
  },
});

/** Everything about one resource, the reasons of a block or a return included. */
export const staffGet = staffAction({
  input: params<ResourceIdParams>()(z.object({ resourceId: id('资源') })),
  who: 'staff of the uploading unit or above',
  denied: '只能查看本单位的资源',
  scope: async (p, { db }) => {
    const resource = await loadResource(db, p.resourceId);
    return { chain: resourceChain(resource), resource };
  },
  run: async (_p, { target: { resource: r } }): Promise<StaffResourceDetail> => {
    const [coverUrl, fileUrl] = await tempUrls([r.coverFileId, r.fileId]);
    return {
      ...toItem(r),
      coverUrl,
      fileUrl,
      fileSize: r.fileSize,
      status: r.status,
      unit: { level: r.level, branchId: r.branchId, pointId: r.pointId, name: r.unitName },
      blockReason: r.blockReason,
      returnReason: r.returnReason,
      funding: r.funding.map((f) => ({ amount: f.amount, date: f.date, round: f.round, recordedAt: toIso(f.recordedAt) })),
      fundingTotal: r.fundingTotal,
      createdAt: toIso(r.createdAt),
    };
  },
});

/** How a point's learners used the library: per resource, most viewed first. */
export const pointUsage = staffAction({
  input: params<PointUsageParams>()(z.object({ pointId: id('教学点') })),
  who: 'staff of the point or above',
  denied: '只能查看本教学点的使用情况',
  scope: async (p, { db }) => {
    const point = await loadPoint(db, p.pointId);
    return { chain: pointChain(point) };
  },
  run: async (p, { db }): Promise<PointUsageResult> => {
    const rows = (await db.collection<UsageDoc>(USAGE).where({ pointId: p.pointId }).orderBy('views', 'desc').limit(100).get()).data;
    const _ = db.command;
    const titles = new Map<string, string>();
    if (rows.length) {
      const docs = await db
        .collection<Pick<ResourceDoc, '_id' | 'title'>>(RESOURCES)
        .where({ _id: _.in(rows.map((r) => r.resourceId)) })
        .field({ _id: true, title: true })
        .limit(100)
        .get();
      for (const d of docs.data) titles.set(d._id, d.title);
    }
    const totals = { views: 0, completions: 0, shares: 0 };
    for (const r of rows) {
      totals.views += r.views;
      totals.completions += r.completions;
      totals.shares += r.shares;
    }
    return {
      pointId: p.pointId,
      totals,
      items: rows.map((r) => ({ resourceId: r.resourceId, title: titles.get(r.resourceId) ?? '', views: r.views, completions: r.completions, shares: r.shares })),
    };
  },
});

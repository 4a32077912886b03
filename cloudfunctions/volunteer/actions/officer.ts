/**
 * 科普中国信息员: a learner registers and gets an opaque officer id (never the OPENID) for share
 * paths: `<page>?officer=<officerId>&kind=course|quiz|resource&id=<itemId>`. When someone else opens
 * a shared page, the page calls `recordShare`; an opener is counted once per officer and item
 * (deterministic id). Staff see the counts per officer, point and branch.
 */
import { randomBytes } from 'node:crypto';
import type { MyOfficerResult, OfficerInfo, OfficerStatsParams, OfficerStatsResult, RecordShareParams, RecordShareResult, RegisterOfficerResult, ShareKind } from '../../../typings/volunteer';
import { isDuplicateKeyError } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { invalidArgument, notFound } from '../../_shared/errors';
import { customUserAction, staffAction, userAction } from '../../_shared/handler';
import { loadPoint, pointChain, requireLearner } from '../../_shared/org';
import { toIso } from '../../_shared/time';
import { id, z } from '../../_shared/validate';
import { findDoc } from '../access';
import { OFFICERS, SHARE_OPENS, type OfficerDoc } from '../model';

const KINDS = ['course', 'quiz', 'resource'] as const satisfies readonly ShareKind[];

function info(o: OfficerDoc): OfficerInfo {
  return { officerId: o.officerId, name: o.name, pointId: o.pointId, registeredAt: toIso(o.registeredAt), opens: o.opens, opensByKind: o.opensByKind };
}

/** A learner becomes an officer (again: the same officer). Reads: 1–2. Writes: 1. */
export const registerOfficer = customUserAction('learner', z.object({}), async (_input, ctx): Promise<RegisterOfficerResult> => {
  const learner = await requireLearner(ctx.db, ctx.openid);
  const { db, now } = ctx;
  const doc: OfficerDoc = {
    _id: learner._id,
    officerId: `of_${randomBytes(9).toString('base64url')}`,
    name: learner.name,
    pointId: learner.pointId,
    branchId: learner.branchId,
    opens: 0,
    opensByKind: { course: 0, quiz: 0, resource: 0 },
    registeredAt: now,
  };
  try {
    await db.collection(OFFICERS).add({ data: { ...doc } });
    return info(doc);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const existing = await findDoc<OfficerDoc>(db, OFFICERS, learner._id);
  if (!existing) throw notFound('登记没有成功，请稍后再试');
  return info(existing);
});

/** The caller's officer record, or null. Reads: 1. */
export const myOfficer = userAction(z.object({}), async (_input, ctx): Promise<MyOfficerResult> => {
  const { openid } = ctx;
  const o = await findDoc<OfficerDoc>(ctx.db, OFFICERS, openid);
  return { officer: o ? info(o) : null };
});

const shareInput = params<RecordShareParams>()(
  z.object({
    officer: z.string({ error: '分享链接不完整' }).regex(/^of_[A-Za-z0-9_-]{6,32}$/, '分享链接不完整'),
    kind: z.enum(KINDS, { error: '分享内容的类型不正确' }),
    id: id('分享内容'),
  }),
);

/**
 * Someone opened an officer's shared page. Counted once per (officer, kind, item, opener); the
 * officer opening their own share is not counted. Reads: 1. Writes: 2 when counted.
 */
export const recordShare = userAction(shareInput, async (input, ctx): Promise<RecordShareResult> => {
  const opener = ctx.openid;
  const { db, now } = ctx;
  const res = await db.collection<OfficerDoc>(OFFICERS).where({ officerId: input.officer }).limit(1).get();
  const officer = res.data[0];
  if (!officer) throw invalidArgument('这个分享链接已失效');
  if (officer._id === opener) return { credited: false };
  try {
    await db.collection(SHARE_OPENS).add({
      data: { _id: `${input.officer}:${input.kind}:${input.id}:${opener}`, officerId: input.officer, kind: input.kind, itemId: input.id, pointId: officer.pointId, branchId: officer.branchId, at: now },
    });
  } catch (error) {
    if (isDuplicateKeyError(error)) return { credited: false };
    throw error;
  }
  const _ = db.command;
  await db.collection(OFFICERS).doc(officer._id).update({ data: { opens: _.inc(1), opensByKind: { [input.kind]: _.inc(1) } } });
  return { credited: true };
});

const statsInput = params<OfficerStatsParams>()(z.object({ branchId: id('分校').optional(), pointId: id('教学点').optional() }));

/** Staff: officers and their counted opens, per point and per branch, most active first. */
export const officerStats = staffAction({
  input: statsInput,
  who: 'staff of the point or branch, or above; the city: head_admin',
  scopeFirst: true,
  scope: async (input, { db }) => {
    if (input.pointId) {
      const point = await loadPoint(db, input.pointId);
      return { chain: pointChain(point), denied: '只有该教学点及上级的管理员可以查看信息员统计', where: { pointId: point._id } as Record<string, string> };
    }
    if (input.branchId) return { chain: { branchId: input.branchId }, denied: '只有该分校及总校的管理员可以查看信息员统计', where: { branchId: input.branchId } };
    return { chain: {}, denied: '请选择您管理的分校或教学点', where: {} };
  },
  run: async (_input, ctx): Promise<OfficerStatsResult> => {
    const { db } = ctx;
    const { where } = ctx.target;
    const officers: OfficerDoc[] = [];
    for (let page = 0; page < 10; page++) {
      const res = await db.collection<OfficerDoc>(OFFICERS).where(where).orderBy('opens', 'desc').orderBy('_id', 'asc').skip(page * 1000).limit(1000).get();
      officers.push(...res.data);
      if (res.data.length < 1000) break;
    }
    const group = (key: (o: OfficerDoc) => string) => {
      const map = new Map<string, { officers: number; opens: number }>();
      for (const o of officers) {
        const g = map.get(key(o)) ?? { officers: 0, opens: 0 };
        g.officers += 1;
        g.opens += o.opens;
        map.set(key(o), g);
      }
      return Array.from(map).sort((a, b) => b[1].opens - a[1].opens);
    };
    return {
      officers: officers.map((o) => ({ officerId: o.officerId, name: o.name, pointId: o.pointId, branchId: o.branchId, opens: o.opens, opensByKind: o.opensByKind })),
      perPoint: group((o) => o.pointId).map(([pointId, g]) => ({ pointId, ...g })),
      perBranch: group((o) => o.branchId).map(([branchId, g]) => ({ branchId, ...g })),
    };
  },
});

import type {
  ChecklistDecision,
  ChecklistItemView,
  ChecklistKey,
  ChecklistParams,
  ChecklistQueueParams,
  ChecklistQueueResult,
  ChecklistResult,
  ChecklistSummaryParams,
  ChecklistSummaryResult,
  EvidenceUrlsParams,
  EvidenceUrlsResult,
  ReviewChecklistItemParams,
  ReviewChecklistItemResult,
  SubmitChecklistItemParams,
  SubmitChecklistItemResult,
} from '../../../typings/school';
import { writeAudit } from '../../_shared/audit';
import { isDuplicateKeyError, type Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { failedPrecondition, invalidArgument, permissionDenied } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { POINTS_COLLECTION, type PointDoc } from '../../_shared/org';
import { BRANCHES_COLLECTION, type BranchDoc } from '../../_shared/reference';
import { checkEvidence, tempUrls } from '../../_shared/storage';
import { toIso } from '../../_shared/time';
import { id, optionalText, z } from '../../_shared/validate';
import { findById, isOwnPointStaff, pointIdField, pointTarget, REVIEWERS, yearField } from '../access';
import { checklistDocs, heldOne } from '../figures';
import {
  CHECKLIST,
  CHECKLIST_LABELS,
  checklistId,
  checklistKeys,
  DEMO_KEYS,
  FUNDING,
  MAX_EVIDENCE_BYTES,
  MAX_EVIDENCE_FILES,
  PLANS,
  planId,
  URL_MAX_AGE_SEC,
  type ChecklistDoc,
  type FundingDoc,
  type PlanDoc,
} from '../model';
import { tellUnit } from '../notices';
import { branchChain } from '../schemas';

const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

const keyField = () =>
  z
    .string({ error: '请选择四化八有的项目' })
    .refine((k) => (DEMO_KEYS as readonly string[]).includes(k), { message: '没有这个四化八有项目，请返回重新选择' });

/** The key, checked against the point's own list (the two demonstration items only for demonstration points). */
function requireKey(point: PointDoc, key: string): ChecklistKey {
  if (!checklistKeys(point.isDemo).includes(key as ChecklistKey)) {
    throw invalidArgument(`「${CHECKLIST_LABELS[key as ChecklistKey] ?? key}」只适用于示范教学点，请选择本教学点的项目`);
  }
  return key as ChecklistKey;
}

/** What the system's own records say for the items it can judge. */
async function systemJudgement(db: Database, point: PointDoc, year: number, now: Date): Promise<Partial<Record<ChecklistKey, { met: boolean; basis: string }>>> {
  const [funding, plan, held] = await Promise.all([
    db.collection<FundingDoc>(FUNDING).where({ pointId: point._id, year }).limit(1000).get(),
    findById<PlanDoc>(db, PLANS, planId(point._id, year)),
    heldOne(db, point._id, year, now),
  ]);
  const fen = funding.data.reduce((s, f) => s + f.amountFen, 0);
  const planOk = plan?.status === 'approved';
  return {
    funding: {
      met: funding.data.length > 0,
      basis: funding.data.length ? `经费台账本年${funding.data.length}笔，合计${(fen / 100).toFixed(2)}元` : '经费台账本年尚无记录',
    },
    archives: {
      met: planOk && held.held > 0,
      basis: `教学计划${planOk ? '已通过审核' : '未通过审核'}，本年已开课${held.held}次（系统记录）`,
    },
  };
}

function itemView(key: ChecklistKey, doc: ChecklistDoc | undefined, system: { met: boolean; basis: string } | undefined): ChecklistItemView {
  return {
    key,
    label: CHECKLIST_LABELS[key],
    status: doc?.status ?? 'missing',
    evidence: (doc?.evidence ?? []).map((e) => ({ fileID: e.fileID })),
    note: doc?.note ?? '',
    reviewComment: doc?.reviewComment ?? null,
    system: system ?? null,
    history: (doc?.history ?? []).map((h) => ({
      at: toIso(h.at),
      action: h.action,
      ...(h.note ? { note: h.note } : {}),
      ...(h.comment ? { comment: h.comment } : {}),
      evidence: h.evidence.map((e) => ({ fileID: e.fileID })),
    })),
  };
}

/** contract: the eight items (ten for demonstration points) with status, evidence and note. */
export const checklist = staffAction({
  input: params<ChecklistParams>()(z.object({ pointId: pointIdField(), year: yearField() })),
  who: 'staff of the point or above',
  scope: async (p, { db }) => pointTarget(db, p.pointId),
  run: async (p, { db, now, target }): Promise<ChecklistResult> => {
    const { point } = target;
    const [docs, system] = await Promise.all([checklistDocs(db, point._id, p.year), systemJudgement(db, point, p.year, now)]);
    const byKey = new Map(docs.map((d) => [d.key, d]));
    const items = checklistKeys(point.isDemo).map((k) => itemView(k, byKey.get(k), system[k]));
    return { items, complete: items.filter((i) => i.status === 'approved').length, total: items.length };
  },
});

/** contract: a point submits an item with its note and photos (each checked in storage). */
export const submitChecklistItem = staffAction({
  input: params<SubmitChecklistItemParams>()(
    z.object({
      pointId: pointIdField(),
      year: yearField(),
      key: keyField(),
      note: optionalText('说明', 500),
      evidence: z
        .array(z.string({ error: '照片不正确' }).min(1, '照片不正确').max(500, '照片不正确'), { error: '请上传佐证照片' })
        .min(1, '请至少上传一张佐证照片')
        .max(MAX_EVIDENCE_FILES, `每项最多上传${MAX_EVIDENCE_FILES}张照片`),
    }),
  ),
  who: 'point_admin of the point or staff above',
  denied: '只有本教学点或上级的管理员可以提交',
  scope: async (p, { db }) => pointTarget(db, p.pointId),
  run: async (p, { db, now, caller, target }): Promise<SubmitChecklistItemResult> => {
    const { point } = target;
    const key = requireKey(point, p.key);
    const files = [...new Set(p.evidence)];
    for (const [i, fileID] of files.entries()) {
      const verdict = await checkEvidence(fileID, { openid: caller.openid, maxBytes: MAX_EVIDENCE_BYTES, types: EVIDENCE_TYPES });
      const which = files.length > 1 ? `第${i + 1}张照片` : '照片';
      if (verdict === 'missing') throw invalidArgument(`${which}没有上传成功，请重新上传`);
      if (verdict === 'not_uploader') throw invalidArgument(`${which}不是您本人上传的，请重新上传`);
      if (verdict === 'too_large') throw invalidArgument(`${which}超过${MAX_EVIDENCE_BYTES / 1024 / 1024}MB，请压缩后重新上传`);
      if (verdict === 'bad_type') throw invalidArgument(`${which}不是图片，请上传JPG、PNG或WebP格式的照片`);
    }
    const _id = checklistId(point._id, p.year, key);
    const evidence = files.map((fileID) => ({ fileID }));
    const note = p.note ?? '';
    const entry = { at: now, by: caller.openid, action: 'submit' as const, note, evidence };
    const _ = db.command;
    let done = false;
    const existing = await findById<ChecklistDoc>(db, CHECKLIST, _id);
    if (existing?.status === 'approved') throw failedPrecondition('这一项已通过审核，无需再提交');
    if (!existing) {
      try {
        await db.collection(CHECKLIST).add({
          data: { _id, pointId: point._id, branchId: point.branchId, year: p.year, key, status: 'submitted', note, evidence, reviewComment: null, submittedAt: now, reviewedAt: null, history: [entry] },
        });
        done = true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    if (!done) {
      const res = await db
        .collection(CHECKLIST)
        .where({ _id, status: _.neq('approved') })
        .update({ data: { status: 'submitted', note, evidence, submittedAt: now, history: _.push(entry) } });
      if (res.stats.updated === 0) throw failedPrecondition('这一项刚刚已通过审核，请刷新查看');
    }
    await writeAudit(db, { actor: caller.openid, action: 'checklist.submit', targetType: 'checklistItem', targetId: _id, scope: target.chain, after: { status: 'submitted', files: evidence.length } });
    return { status: 'submitted' };
  },
});

/** contract: the branch (or head school) decides each item; evidence is kept whatever the decision. */
export const reviewChecklistItem = staffAction({
  input: params<ReviewChecklistItemParams>()(
    z.object({
      pointId: pointIdField(),
      year: yearField(),
      key: keyField(),
      decision: z.enum(['approved', 'needs_work', 'rejected'], { error: '审核结果应为通过、需完善或不通过' }),
      comment: optionalText('审核意见', 500),
    }),
  ),
  who: "branch_admin of the point's branch, head_admin",
  denied: '四化八有由所属分校或总校审核',
  scope: async (p, { db }) => ({ ...(await pointTarget(db, p.pointId)), roles: REVIEWERS }),
  run: async (p, { db, now, caller, target }): Promise<ReviewChecklistItemResult> => {
    const { point } = target;
    if (isOwnPointStaff(caller, point._id)) throw permissionDenied('教学点的管理员不能审核本教学点的项目，请由分校或总校审核');
    const key = requireKey(point, p.key);
    const decision: ChecklistDecision = p.decision;
    if (decision !== 'approved' && !p.comment) throw invalidArgument(decision === 'needs_work' ? '请写明还需要完善什么' : '请写明不通过的理由');
    const _id = checklistId(point._id, p.year, key);
    const doc = await findById<ChecklistDoc>(db, CHECKLIST, _id);
    if (!doc) throw failedPrecondition('教学点还没有提交这一项，暂时不能审核');
    if (doc.status !== 'submitted') throw failedPrecondition('这一项已经审核过了，教学点重新提交后才能再审核');
    const _ = db.command;
    const entry = { at: now, by: caller.openid, action: decision, ...(p.comment ? { comment: p.comment } : {}), evidence: doc.evidence };
    const res = await db
      .collection(CHECKLIST)
      .where({ _id, status: 'submitted', submittedAt: doc.submittedAt })
      .update({ data: { status: decision, reviewComment: p.comment ?? null, reviewedAt: now, history: _.push(entry) } });
    if (res.stats.updated === 0) throw failedPrecondition('这一项刚刚有变化，请刷新后再审核');
    await writeAudit(db, {
      actor: caller.openid,
      action: `checklist.${decision}`,
      targetType: 'checklistItem',
      targetId: _id,
      scope: target.chain,
      before: { status: 'submitted' },
      after: { status: decision, files: doc.evidence.length },
      ...(p.comment ? { reason: p.comment } : {}),
    });
    await tellUnit(
      db,
      { scopeId: point._id, role: 'point_admin' },
      {
        id: `checklist_reviewed:${_id}:${doc.history.length}`,
        kind: 'school_checklist_reviewed',
        page: `packages/staff/pages/checklist/index?pointId=${point._id}&year=${p.year}`,
        subject: `四化八有「${CHECKLIST_LABELS[key]}」`,
        place: point.name,
        note: decision === 'approved' ? '已通过' : decision === 'needs_work' ? `需完善：${p.comment}` : `不通过：${p.comment}`,
        at: now,
      },
    );
    return { status: decision };
  },
});

/** Short-lived links to an item's photos (current and earlier submissions), for staff of the point or above only. */
export const evidenceUrls = staffAction({
  input: params<EvidenceUrlsParams>()(z.object({ pointId: pointIdField(), year: yearField(), key: keyField() })),
  who: 'staff of the point or above',
  scope: async (p, { db }) => pointTarget(db, p.pointId),
  run: async (p, { db, target }): Promise<EvidenceUrlsResult> => {
    const key = requireKey(target.point, p.key);
    const doc = await findById<ChecklistDoc>(db, CHECKLIST, checklistId(target.point._id, p.year, key));
    const files = [...new Set([...(doc?.evidence ?? []), ...(doc?.history ?? []).flatMap((h) => h.evidence)].map((e) => e.fileID))];
    const urls = files.length ? await tempUrls(files, URL_MAX_AGE_SEC) : {};
    return { items: files.filter((f) => urls[f]).map((fileID) => ({ fileID, url: urls[fileID]! })), maxAge: URL_MAX_AGE_SEC };
  },
});

/** Completeness: approved items over required ones, per point of a branch, or per branch for the city. */
export const checklistSummary = staffAction({
  input: params<ChecklistSummaryParams>()(z.object({ year: yearField(), branchId: id('分校').optional() })),
  who: 'branch_admin (its branch), head_admin',
  scope: async (p, { caller }) => ({ chain: branchChain(caller, p.branchId), roles: REVIEWERS }),
  run: async (p, { db, target }): Promise<ChecklistSummaryResult> => {
    const branchId = target.chain.branchId;
    if (branchId) {
      const [points, approved] = await Promise.all([
        db.collection<PointDoc>(POINTS_COLLECTION).where({ branchId, active: true }).orderBy('name', 'asc').limit(1000).get(),
        db.collection<ChecklistDoc>(CHECKLIST).where({ year: p.year, branchId, status: 'approved' }).field({ pointId: true, key: true }).limit(1000).get(),
      ]);
      const items = points.data.map((pt) => {
        const keys = checklistKeys(pt.isDemo);
        return { unitId: pt._id, unitName: pt.name, approved: approved.data.filter((a) => a.pointId === pt._id && keys.includes(a.key)).length, total: keys.length };
      });
      return { items, approved: items.reduce((s, i) => s + i.approved, 0), total: items.reduce((s, i) => s + i.total, 0) };
    }
    const branches = await db.collection<BranchDoc>(BRANCHES_COLLECTION).orderBy('order', 'asc').limit(100).get();
    const items = [];
    for (const b of branches.data) {
      const [approved, demo] = await Promise.all([
        db.collection(CHECKLIST).where({ year: p.year, branchId: b._id, status: 'approved' }).count(),
        db.collection(POINTS_COLLECTION).where({ isDemo: true, branchId: b._id }).count(),
      ]);
      items.push({ unitId: b._id, unitName: b.name, approved: approved.total, total: b.pointCount * 8 + demo.total * 2 });
    }
    return { items, approved: items.reduce((s, i) => s + i.approved, 0), total: items.reduce((s, i) => s + i.total, 0) };
  },
});

/** Items waiting for review in a branch (or the city), oldest first. */
export const checklistQueue = staffAction({
  input: params<ChecklistQueueParams>()(z.object({ year: yearField(), branchId: id('分校').optional() })),
  who: 'branch_admin (its branch), head_admin',
  scope: async (p, { caller }) => ({ chain: branchChain(caller, p.branchId), roles: REVIEWERS }),
  run: async (p, { db, target }): Promise<ChecklistQueueResult> => {
    const where = { ...(target.chain.branchId ? { branchId: target.chain.branchId } : {}), status: 'submitted' };
    const res = await db.collection<ChecklistDoc>(CHECKLIST).where(where).orderBy('submittedAt', 'asc').limit(200).get();
    const rows = res.data.filter((d) => d.year === p.year);
    const names = new Map<string, string>();
    for (const pid of [...new Set(rows.map((r) => r.pointId))]) {
      const pt = await findById<PointDoc>(db, POINTS_COLLECTION, pid);
      names.set(pid, pt?.name ?? '');
    }
    return {
      items: rows.map((d) => ({
        pointId: d.pointId,
        pointName: names.get(d.pointId) ?? '',
        key: d.key,
        label: CHECKLIST_LABELS[d.key],
        note: d.note,
        evidenceCount: d.evidence.length,
        submittedAt: toIso(d.submittedAt),
      })),
    };
  },
});

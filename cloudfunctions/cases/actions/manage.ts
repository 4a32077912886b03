import type { CaseDetail, CaseQuotaParams, CaseQuotaResult, CaseStatus, FundCaseParams, ListCasesParams, SelectCaseParams, SetCaseQuotaParams } from '../../../typings/cases';
import { writeAudit } from '../../_shared/audit';
import { isMissingDocumentError, type Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { failedPrecondition, notFound } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { pageWindow, toPage } from '../../_shared/paging';
import { amountField, bool, dayField, id, integer, optionalText, pageParams, text, z } from '../../_shared/validate';
import { tempUrls } from '../files';
import { CASES, QUOTAS, toCaseItem, type CaseDoc, type QuotaDoc } from '../model';
import { ensureQuota, toQuota } from '../quota';
import { loadBranchName } from '../../_shared/reference';

const HEAD_ONLY = '优秀案例由总校评选和资助，请联系总校管理员';
const STATUSES = ['submitted', 'selected', 'notSelected'] as const;

async function loadCase(db: Database, caseId: string): Promise<CaseDoc> {
  try {
    return (await db.collection<CaseDoc>(CASES).doc(caseId).get()).data;
  } catch (error) {
    if (isMissingDocumentError(error)) throw notFound('没有找到这个案例，请返回重新选择');
    throw error;
  }
}

const headScope = async (p: { caseId: string }, { db }: { db: Database }) => ({ chain: {}, roles: ['head_admin'] as const, record: await loadCase(db, p.caseId) });

export const listCases = staffAction({
  input: params<ListCasesParams>()(
    z.object({ year: integer('年份', 2000, 2100), branchId: id('分校').optional(), status: z.enum(STATUSES, { error: '案例状态不正确' }).optional(), ...pageParams }),
  ),
  who: 'staff of the branch (its cases); head_admin (every branch)',
  denied: '只能查看本分校的优秀案例',
  scope: async (p) => ({ chain: p.branchId ? { branchId: p.branchId } : {}, roles: ['branch_admin', 'head_admin'] as const }),
  run: async (p, { db }) => {
    const w = pageWindow(p);
    const where: Record<string, unknown> = { year: p.year };
    if (p.branchId) where.branchId = p.branchId;
    if (p.status) where.status = p.status;
    const res = await db.collection<CaseDoc>(CASES).where(where).orderBy('submittedAt', 'desc').orderBy('_id', 'asc').skip(w.skip).limit(w.fetch).get();
    return toPage(w, res.data.map(toCaseItem));
  },
});

export const getCase = staffAction({
  input: params<{ caseId: string }>()(z.object({ caseId: z.string({ error: '缺少案例' }).min(1, '缺少案例').max(200, '案例格式不正确').regex(/^[A-Za-z0-9_-]+$/, '案例格式不正确') })),
  who: "branch_admin of the case's branch, head_admin",
  denied: '只能查看本分校的优秀案例',
  scope: async (p, { db }) => {
    const record = await loadCase(db, p.caseId);
    return { chain: { branchId: record.branchId }, roles: ['branch_admin', 'head_admin'] as const, record };
  },
  run: async (_p, { target: { record } }): Promise<CaseDetail> => ({ ...toCaseItem(record), photoUrls: await tempUrls(record.photos) }),
});

export const caseQuota = staffAction({
  input: params<CaseQuotaParams>()(z.object({ year: integer('年份', 2000, 2100), branchId: id('分校') })),
  who: 'branch_admin of the branch, head_admin',
  denied: '只能查看本分校的案例名额',
  scope: async (p, { db }) => {
    await loadBranchName(db, p.branchId);
    return { chain: { branchId: p.branchId }, roles: ['branch_admin', 'head_admin'] as const };
  },
  run: async (p, { db }) => toQuota(await ensureQuota(db, p.year, p.branchId)),
});

/** The head school sets a branch's yearly quota; never below what the branch already used. */
export const setCaseQuota = staffAction({
  input: params<SetCaseQuotaParams>()(z.object({ year: integer('年份', 2000, 2100), branchId: id('分校'), quota: integer('名额', 0, 50) })),
  who: 'head_admin',
  denied: HEAD_ONLY,
  scope: async (p, { db }) => {
    await loadBranchName(db, p.branchId);
    return { chain: {}, roles: ['head_admin'] as const };
  },
  run: async (p, { db, openid }): Promise<CaseQuotaResult> => {
    const _ = db.command;
    for (let attempt = 0; attempt < 10; attempt++) {
      const q = await ensureQuota(db, p.year, p.branchId);
      if (q.used > p.quota) throw failedPrecondition(`这个分校今年已提交${q.used}个案例，名额不能少于${q.used}个`);
      // Conditional on the quota read: a submission racing this keeps `remaining` exact.
      const res = await db
        .collection(QUOTAS)
        .where({ _id: q._id, quota: q.quota, used: _.lte(p.quota) })
        .update({ data: { quota: p.quota, remaining: _.inc(p.quota - q.quota) } });
      if (res.stats.updated > 0) {
        await writeAudit(db, { actor: openid, action: 'case.setQuota', targetType: 'caseQuota', targetId: q._id, scope: { branchId: p.branchId }, before: { quota: q.quota }, after: { quota: p.quota } });
        return toQuota((await db.collection<QuotaDoc>(QUOTAS).doc(q._id).get()).data);
      }
    }
    throw failedPrecondition('名额正在被修改，请稍后再试');
  },
});

export const selectCase = staffAction({
  input: params<SelectCaseParams>()(z.object({ caseId: z.string().min(1).max(200), selected: bool('是否入选'), note: optionalText('评选意见', 200) })),
  who: 'head_admin',
  denied: HEAD_ONLY,
  scope: headScope,
  run: async (p, { db, openid, now, target: { record } }) => {
    if (record.funding) throw failedPrecondition('这个案例已获资助，不能再改变评选结果');
    const status: CaseStatus = p.selected ? 'selected' : 'notSelected';
    const res = await db
      .collection(CASES)
      .where({ _id: record._id, funding: null })
      .update({ data: { status, selectionNote: p.note ?? null, selectedBy: openid, updatedAt: now } });
    if (res.stats.updated === 0) throw failedPrecondition('这个案例已获资助，不能再改变评选结果');
    await writeAudit(db, { actor: openid, action: p.selected ? 'case.select' : 'case.decline', targetType: 'case', targetId: record._id, scope: { branchId: record.branchId }, before: { status: record.status }, after: { status }, ...(p.note ? { reason: p.note } : {}) });
    return { caseId: record._id, status };
  },
});

export const fundCase = staffAction({
  input: params<FundCaseParams>()(z.object({ caseId: z.string().min(1).max(200), amount: amountField, round: text('资助批次', 30), date: dayField('资助日期') })),
  who: 'head_admin',
  denied: HEAD_ONLY,
  scope: headScope,
  run: async (p, { db, openid, now, target: { record } }) => {
    if (record.status !== 'selected') throw failedPrecondition('请先把这个案例评为入选，再登记资助');
    const funding = { amount: p.amount, round: p.round, date: p.date, recordedBy: openid, recordedAt: now };
    const res = await db.collection(CASES).where({ _id: record._id, status: 'selected', funding: null }).update({ data: { funding, updatedAt: now } });
    if (res.stats.updated === 0) throw failedPrecondition('这个案例已经登记过资助了');
    await writeAudit(db, { actor: openid, action: 'case.fund', targetType: 'case', targetId: record._id, scope: { branchId: record.branchId }, after: { amount: p.amount, round: p.round, date: p.date } });
    return { caseId: record._id, amount: p.amount };
  },
});

import { randomBytes } from 'node:crypto';
import type { ExportFinishResult, ExportJobParams, ExportPartResult, ExportStartParams, ExportStartResult } from '../../typings/sheet';
import { COLLECTIONS } from '../_shared/collections';
import { params } from '../_shared/contract';
import { failedPrecondition, notFound, permissionDenied } from '../_shared/errors';
import { customUserAction, type UserContext } from '../_shared/handler';
import { loadCaller } from '../_shared/authz';
import { id, z } from '../_shared/validate';
import { EXPORT_KINDS, SOURCES, type SourceCtx, type State } from './sources';
import { store, tempUrl, workbookOf, type Cell } from './workbook';

export const EXPORT_JOBS = COLLECTIONS.exportJobs;

/** One call gathers rows for at most this long (the function's limit is 20 s), and at most this many. */
export const PART_BUDGET_MS = 4000;
export const PART_MAX_ROWS = 2000;
/** Rows per stored part document. */
const CHUNK = 1000;
/** Jobs past this age are not continued (start again). */
const JOB_TTL_MS = 24 * 3600 * 1000;

interface JobDoc {
  _id: string;
  type: 'job';
  jobId: string;
  seq: 0;
  openid: string;
  filter: ExportStartParams;
  title: string;
  state: State | null;
  done: boolean;
  rows: number;
  parts: number;
  fileID: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface PartDoc {
  _id: string;
  type: 'part';
  jobId: string;
  seq: number;
  /** JSON text of the rows (a document field holds no nested arrays in every database). */
  rows: string;
}

const filterInput = z.object({
  kind: z.enum(EXPORT_KINDS, { error: '不支持的导出内容' }),
  scope: z.enum(['city', 'branch', 'point'], { error: '统计范围应为全市、分校或教学点' }).optional(),
  unitId: id('单位').optional(),
  branchId: id('分校').optional(),
  pointId: id('教学点').optional(),
  courseId: id('课程').optional(),
  year: z.number({ error: '年份应为数字' }).int('年份应为整数').min(2000, '年份不正确').max(2100, '年份不正确').optional(),
});

async function sourceCtx(ctx: UserContext): Promise<SourceCtx> {
  const caller = await loadCaller(ctx.db, ctx.openid);
  if (!caller.grants.length) throw permissionDenied('只有管理员可以导出表格');
  return { db: ctx.db, now: ctx.now, openid: ctx.openid, caller };
}

async function loadJob(ctx: UserContext, jobId: string): Promise<JobDoc> {
  const res = await ctx.db.collection<JobDoc>(EXPORT_JOBS).where({ _id: jobId }).limit(1).get();
  const job = res.data[0];
  if (!job || job.type !== 'job') throw notFound('没有找到这次导出，请重新导出');
  if (job.openid !== ctx.openid) throw permissionDenied('只能继续自己发起的导出');
  if (ctx.now.getTime() - job.createdAt.getTime() > JOB_TTL_MS && !job.done) throw failedPrecondition('这次导出已超过一天，请重新导出');
  return job;
}

export const exportStart = customUserAction(
  'staff who may see the list being exported (the list action’s own rule: a branch admin its branch only)',
  params<ExportStartParams>()(filterInput),
  async (p, ctx): Promise<ExportStartResult> => {
    const sctx = await sourceCtx(ctx);
    const title = await SOURCES[p.kind].open(p, sctx);
    const jobId = `ex_${randomBytes(8).toString('hex')}`;
    const job: JobDoc = { _id: jobId, type: 'job', jobId, seq: 0, openid: ctx.openid, filter: p, title, state: {}, done: false, rows: 0, parts: 0, fileID: null, createdAt: ctx.now, updatedAt: ctx.now };
    await ctx.db.collection(EXPORT_JOBS).add({ data: { ...job } });
    return { jobId, title };
  },
);

/** Appends rows until the time or row budget of one call is spent; the source's bookmark is kept on the job. */
export const exportPart = customUserAction(
  'the staff member who started the export',
  params<ExportJobParams>()(z.object({ jobId: id('导出任务') })),
  async (p, ctx): Promise<ExportPartResult> => {
    const job = await loadJob(ctx, p.jobId);
    if (job.done) return { rows: job.rows, done: true };
    const sctx = await sourceCtx(ctx);
    const source = SOURCES[job.filter.kind];
    const started = Date.now();
    let state: State | null = job.state ?? {};
    const gathered: Cell[][] = [];
    while (state && gathered.length < PART_MAX_ROWS && Date.now() - started < PART_BUDGET_MS) {
      const page = await source.page(job.filter, sctx, state);
      gathered.push(...page.rows);
      state = page.state;
    }
    let parts = job.parts;
    for (let i = 0; i < gathered.length; i += CHUNK) {
      parts += 1;
      const part: PartDoc = { _id: `${job._id}:${parts}`, type: 'part', jobId: job._id, seq: parts, rows: JSON.stringify(gathered.slice(i, i + CHUNK)) };
      await ctx.db.collection(EXPORT_JOBS).add({ data: { ...part } });
    }
    const rows = job.rows + gathered.length;
    // Guarded by the part count: two overlapping calls cannot both move the bookmark.
    const res = await ctx.db
      .collection(EXPORT_JOBS)
      .where({ _id: job._id, parts: job.parts })
      .update({ data: { state, done: state === null, rows, parts, updatedAt: ctx.now } });
    if (!res.stats.updated) throw failedPrecondition('这次导出正在另一处进行，请稍候');
    return { rows, done: state === null };
  },
);

/** Writes the gathered rows as one XLSX under `exports/` and answers a temporary link. */
export const exportFinish = customUserAction(
  'the staff member who started the export',
  params<ExportJobParams>()(z.object({ jobId: id('导出任务') })),
  async (p, ctx): Promise<ExportFinishResult> => {
    const job = await loadJob(ctx, p.jobId);
    const fileName = `${job.title}.xlsx`;
    if (job.fileID) return { fileID: job.fileID, url: await tempUrl(job.fileID), fileName, rows: job.rows };
    if (!job.done) throw failedPrecondition('表格还没有整理完，请稍候再下载');
    const rows: Cell[][] = [];
    for (let seq = 1; seq <= job.parts; seq += 20) {
      const res = await ctx.db
        .collection<PartDoc>(EXPORT_JOBS)
        .where({ jobId: job._id, seq: ctx.db.command.and(ctx.db.command.gte(seq), ctx.db.command.lt(seq + 20)) })
        .orderBy('seq', 'asc')
        .limit(20)
        .get();
      for (const part of res.data) rows.push(...(JSON.parse(part.rows) as Cell[][]));
    }
    const content = await workbookOf(job.title, SOURCES[job.filter.kind].headers, rows);
    const { fileID, url } = await store(`exports/${job._id}.xlsx`, content);
    await ctx.db.collection(EXPORT_JOBS).where({ _id: job._id }).update({ data: { fileID, updatedAt: ctx.now } });
    await ctx.db.collection(EXPORT_JOBS).where({ jobId: job._id, type: 'part' }).remove();
    return { fileID, url, fileName, rows: rows.length };
  },
);

import { createHash } from 'node:crypto';
import type { Worksheet } from 'exceljs';
import type { Functions } from '../../typings/api';
import type { Envelope } from '../../typings/envelope';
import type { ImportFileParams, ImportFileResult, ImportKind, ImportRowReport, ImportTemplateParams, ImportTemplateResult } from '../../typings/sheet';
import { cloud, isDuplicateKeyError, type Database } from '../_shared/cloud';
import { COLLECTIONS } from '../_shared/collections';
import { params } from '../_shared/contract';
import { invalidArgument, notFound } from '../_shared/errors';
import { headOnly, staffAction } from '../_shared/handler';
import { BRANCHES_COLLECTION, branchIdOf, type BranchDoc } from '../_shared/reference';
import { id, integer, z } from '../_shared/validate';
import { latLng, leaderName, leaderTitle, openidField, pointAddress, pointName } from '../org/schemas';
import { teacherFields } from '../teacher/schemas';
import { TOPIC_LABELS } from './labels';
import { excel, store, workbookOf } from './workbook';

export const IMPORT_KEYS = COLLECTIONS.importKeys;
/** Rows one call handles at most, and for at most this long (each row is one call of the domain function). */
const ROWS_PER_CALL = 200;
const BUDGET_MS = 8000;

interface Column {
  header: string;
  key: string;
  optional?: boolean;
}

interface Kind {
  title: string;
  columns: Column[];
  example: string[];
  notes: string[];
  /** The row as the single-record action takes it (the same field builders), or the first reason it cannot be. */
  schema: z.ZodType;
  /** The write: the same domain action staff call one record at a time, as the caller. */
  write(row: Record<string, unknown>, branchId: string | null): Promise<{ status: 'taken' | 'unchanged'; id: string; message?: string }>;
}

type Fn = keyof Functions;

class RowRefused extends Error {}

/** Calls another function as the same caller (CloudBase passes the identity through callFunction). */
async function callAs<F extends Fn, A extends keyof Functions[F] & string>(name: F, action: A, data: Record<string, unknown>): Promise<Envelope<Functions[F][A] extends { result: infer R } ? R : never>> {
  const res = (await cloud.callFunction({ name, data: { action, ...data } })) as { result?: unknown };
  return res.result as Envelope<Functions[F][A] extends { result: infer R } ? R : never>;
}

const coordinate = (label: string) => z.preprocess((v) => (v === '' || v === undefined || v === null ? undefined : typeof v === 'string' ? Number(v) : v), z.number({ error: `${label}应为数字` }).optional());

const TOPIC_BY_TEXT = new Map<string, string>(Object.entries(TOPIC_LABELS).flatMap(([t, l]) => [[t, t], [l, t]]));

const KINDS: Record<ImportKind, Kind> = {
  points: {
    title: '教学点导入',
    columns: [
      { header: '教学点名称', key: 'name' },
      { header: '地址', key: 'address' },
      { header: '负责人姓名', key: 'leaderName' },
      { header: '负责人职务', key: 'leaderTitle' },
      { header: '纬度（可不填）', key: 'latitude', optional: true },
      { header: '经度（可不填）', key: 'longitude', optional: true },
    ],
    example: ['解放碑社区教学点', '重庆市渝中区民族路100号社区服务中心二楼', '王建华', '社区党委副书记', '29.5576', '106.5772'],
    notes: ['负责人职务只能填「社区党委副书记」或「教科文卫委员」。', '纬度和经度可不填；要填就两个都填（可在地图软件中查到）。'],
    schema: z
      .object({
        name: pointName(),
        address: pointAddress(),
        leaderName: leaderName(),
        leaderTitle: leaderTitle(),
        latitude: coordinate('纬度'),
        longitude: coordinate('经度'),
      })
      .transform((r, c) => {
        const { latitude, longitude, ...rest } = r;
        if ((latitude === undefined) !== (longitude === undefined)) {
          c.addIssue({ code: 'custom', message: '纬度和经度要么都填，要么都不填' });
          return z.NEVER;
        }
        if (latitude === undefined || longitude === undefined) return rest;
        const loc = latLng('教学点位置').safeParse({ latitude, longitude });
        if (!loc.success) {
          c.addIssue({ code: 'custom', message: loc.error.issues[0]?.message ?? '教学点位置不正确' });
          return z.NEVER;
        }
        return { ...rest, location: loc.data };
      }),
    async write(row, branchId) {
      const res = await callAs('org', 'createPoint', { branchId, ...row });
      if (res.ok) return { status: 'taken', id: res.data.pointId };
      // A point of that name made by hand earlier: nothing is created twice.
      if (res.error.code === 'ALREADY_EXISTS') return { status: 'unchanged', id: '', message: res.error.message };
      throw new RowRefused(res.error.message);
    },
  },
  teachers: {
    title: '讲师导入',
    columns: [
      { header: '姓名', key: 'name' },
      { header: '工作单位', key: 'organisation' },
      { header: '职称或职务', key: 'title' },
      { header: '专业领域', key: 'field' },
      { header: '擅长主题（用顿号分开）', key: 'topics' },
      { header: '手机号', key: 'phone' },
      { header: '个人简介（可不填）', key: 'cv', optional: true },
    ],
    example: ['李秀英', '重庆医科大学附属第一医院', '主任医师', '老年医学', '健康养老、疾病预防', '13812345678', '从事老年病防治三十年'],
    notes: [`擅长主题从以下选择，用顿号「、」分开：${Object.values(TOPIC_LABELS).join('、')}。`, '手机号为11位中国大陆手机号。导入的讲师为「待审核」，审核后发聘书。'],
    schema: z.object({
      ...teacherFields,
      topics: z.preprocess(
        (v) =>
          String(v ?? '')
            .split(/[、,，;；\s]+/)
            .filter(Boolean)
            .map((t) => TOPIC_BY_TEXT.get(t) ?? t),
        teacherFields.topics,
      ),
      phone: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), teacherFields.phone),
    }),
    async write(row, branchId) {
      const res = await callAs('teacher', 'addTeacher', { branchId, ...row });
      if (!res.ok) throw new RowRefused(res.error.message);
      return { status: res.data.created ? 'taken' : 'unchanged', id: res.data.teacherId, message: res.data.created ? undefined : '师资库中已有这位讲师，未重复添加' };
    },
  },
  branch_admins: {
    title: '分校管理员导入',
    columns: [
      { header: '人员编号（OPENID）', key: 'openid' },
      { header: '分校代码', key: 'code' },
    ],
    example: ['oAbCdEfGhIjKlMnOpQrStUvWxYz0', '500103'],
    notes: ['人员编号是本人在小程序「我的」页面中看到的编号。', '分校代码为区县的行政区划代码，例如渝中区 500103。'],
    schema: z.object({
      openid: openidField(),
      code: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string({ error: '请填写分校代码' }).trim().regex(/^\d{6}$/, '分校代码应为6位数字，例如渝中区 500103')),
    }),
    async write(row) {
      const res = await callAs('org', 'grantRole', { openid: row.openid, role: 'branch_admin', scopeId: branchIdOf(String(row.code)) });
      if (!res.ok) throw new RowRefused(res.error.code === 'NOT_FOUND' ? '没有这个分校代码对应的分校，请核对' : res.error.message);
      return { status: 'taken', id: `${row.openid}@${branchIdOf(String(row.code))}` };
    },
  },
};

const IMPORT_KINDS = ['points', 'teachers', 'branch_admins'] as const satisfies readonly ImportKind[];
const kindField = () => z.enum(IMPORT_KINDS, { error: '导入内容应为教学点、讲师或分校管理员' });

async function loadBranch(db: Database, branchId: string | undefined): Promise<BranchDoc> {
  if (!branchId) throw invalidArgument('请选择分校');
  const res = await db.collection<BranchDoc>(BRANCHES_COLLECTION).where({ _id: branchId }).limit(1).get();
  if (!res.data[0]) throw notFound('没有找到这个分校');
  return res.data[0];
}

/** Cell text as typed (dates and numbers as shown, rich text flattened). */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    const o = v as { text?: string; richText?: Array<{ text: string }>; result?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (typeof o.text === 'string') return o.text;
    if (o.result !== undefined) return cellText(o.result);
    if (v instanceof Date) return v.toISOString();
  }
  return String(v).trim();
}

interface ParsedRow {
  row: number;
  values: Record<string, unknown>;
}

function readSheet(ws: Worksheet, kind: Kind): { rows: ParsedRow[]; missing: string[] } {
  const headerRow = ws.getRow(1);
  const at = new Map<string, number>();
  headerRow.eachCell((cell, col) => at.set(cellText(cell.value).replace(/\s/g, ''), col));
  const missing = kind.columns.filter((c) => !c.optional && !at.has(c.header.replace(/\s/g, ''))).map((c) => c.header);
  const rows: ParsedRow[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const values: Record<string, unknown> = {};
    let any = false;
    for (const c of kind.columns) {
      const col = at.get(c.header.replace(/\s/g, ''));
      const text = col ? cellText(row.getCell(col).value) : '';
      if (text) any = true;
      if (text || !c.optional) values[c.key] = text;
    }
    if (any) rows.push({ row: r, values });
  }
  return { rows, missing };
}

function keyOf(kind: ImportKind, branchId: string | null, data: unknown): string {
  return `imp_${createHash('sha256').update(JSON.stringify([kind, branchId, data])).digest('hex').slice(0, 40)}`;
}

interface KeyDoc {
  _id: string;
  kind: ImportKind;
  status: 'pending' | 'done';
  recordId: string;
  by: string;
  at: Date;
}

async function importRow(db: Database, kind: ImportKind, branchId: string | null, parsed: ParsedRow, openid: string, now: Date): Promise<ImportRowReport> {
  const prefix = `第${parsed.row}行：`;
  const spec = KINDS[kind];
  const check = spec.schema.safeParse(parsed.values);
  if (!check.success) return { row: parsed.row, status: 'refused', message: prefix + (check.error.issues[0]?.message ?? '内容不正确') };
  const data = check.data as Record<string, unknown>;
  const key = keyOf(kind, branchId, data);
  const keys = db.collection<KeyDoc>(IMPORT_KEYS);
  const seen = (await keys.where({ _id: key }).limit(1).get()).data[0];
  if (seen?.status === 'done') return { row: parsed.row, status: 'unchanged', message: `${prefix}与之前导入的内容相同，未重复导入`, id: seen.recordId || undefined };
  if (!seen) {
    try {
      await keys.add({ data: { _id: key, kind, status: 'pending', recordId: '', by: openid, at: now } });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return { row: parsed.row, status: 'unchanged', message: `${prefix}同样的内容正在导入，未重复导入` };
    }
  }
  // A pending key (an earlier import that stopped here) is retried: the domain writes are idempotent or refuse duplicates.
  try {
    const out = await spec.write(data, branchId);
    await keys.where({ _id: key }).update({ data: { status: 'done', recordId: out.id, at: now } });
    return { row: parsed.row, status: out.status, message: prefix + (out.message ?? (out.status === 'taken' ? '已导入' : '已存在，未重复导入')), ...(out.id ? { id: out.id } : {}) };
  } catch (error) {
    await keys.where({ _id: key, status: 'pending' }).remove();
    if (error instanceof RowRefused) return { row: parsed.row, status: 'refused', message: prefix + error.message };
    throw error;
  }
}

export const importTemplate = staffAction({
  input: params<ImportTemplateParams>()(z.object({ kind: kindField() })),
  who: 'points, teachers: branch_admin, head_admin; branch_admins: head_admin',
  denied: '只有分校或总校的管理员可以下载导入模板',
  scope: async (p, { caller }) => {
    if (p.kind === 'branch_admins') return { chain: {}, denied: '只有总校管理员可以导入分校管理员' };
    const branch = caller.grants.find((g) => g.role === 'branch_admin');
    return { chain: branch ? { branchId: branch.scopeId } : {}, roles: ['branch_admin', 'head_admin'] as const };
  },
  run: async (p): Promise<ImportTemplateResult> => {
    const spec = KINDS[p.kind];
    const headers = spec.columns.map((c) => c.header);
    const content = await workbookOf(spec.title, headers, [], { name: '填写说明', lines: ['请在第一张表的标题行下面逐行填写，不要改动标题行。', ...spec.notes, `示例：${spec.example.join(' | ')}`] });
    const { fileID, url } = await store(`exports/templates/${p.kind}.xlsx`, content);
    return { fileID, url, fileName: `${spec.title}模板.xlsx`, headers };
  },
});

export const importFile = staffAction({
  input: params<ImportFileParams>()(z.object({ kind: kindField(), fileID: z.string({ error: '请先选择文件' }).min(1, '请先选择文件').max(500, '文件编号不正确'), branchId: id('分校').optional(), fromRow: integer('起始行', 1, 100000).optional() })),
  who: 'points, teachers: branch_admin of the branch, head_admin; branch_admins: head_admin',
  denied: '只能为本分校导入',
  scope: async (p, ctx) => {
    if (p.kind === 'branch_admins') return { ...(await headOnly()), branch: null, denied: '只有总校管理员可以导入分校管理员' };
    const branch = await loadBranch(ctx.db, p.branchId);
    return { chain: { branchId: branch._id }, roles: ['branch_admin', 'head_admin'] as const, branch };
  },
  run: async (p, { db, now, openid, target }): Promise<ImportFileResult> => {
    const spec = KINDS[p.kind];
    let bytes: Buffer;
    try {
      bytes = Buffer.from((await cloud.downloadFile({ fileID: p.fileID })).fileContent as Buffer);
    } catch {
      throw notFound('没有找到上传的文件，请重新选择文件');
    }
    const wb = new (excel().Workbook)();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw invalidArgument('无法读取这个文件，请用下载的模板填写并保存为 .xlsx 格式');
    }
    const ws = wb.worksheets[0];
    if (!ws) throw invalidArgument('文件里没有表格，请用下载的模板填写');
    const { rows, missing } = readSheet(ws, spec);
    if (missing.length) throw invalidArgument(`表格缺少这些列：${missing.join('、')}，请用下载的模板填写`);
    const from = (p.fromRow ?? 1) + 1;
    const todo = rows.filter((r) => r.row >= from);
    const started = Date.now();
    const reports: ImportRowReport[] = [];
    for (const r of todo) {
      if (reports.length >= ROWS_PER_CALL || Date.now() - started > BUDGET_MS) break;
      reports.push(await importRow(db, p.kind, target.branch?._id ?? null, r, openid, now));
    }
    const last = reports.at(-1)?.row;
    const rest = last === undefined ? [] : todo.filter((r) => r.row > last);
    const count = (s: ImportRowReport['status']) => reports.filter((r) => r.status === s).length;
    return { total: reports.length, taken: count('taken'), unchanged: count('unchanged'), refused: count('refused'), rows: reports, nextRow: rest.length ? rest[0].row - 1 : null };
  },
});

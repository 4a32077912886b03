import type ExcelJS from 'exceljs';
import { TextDecoder } from 'node:util';
import { JUDGE_OPTIONS, OPTION_LETTERS } from './question-rules';

/**
 * Reads the question spreadsheet staff keep (CSV or XLSX) into raw question objects, one per
 * data row, keeping each row's spreadsheet row number for the report. Column layout (header row
 * first, any column order):
 *   题型 (单选/多选/判断) | 题干 | 选项A … 选项F | 答案 (A / AC / A,C; 判断题 正确/错误) | 解析 | 主题
 * A row this reader cannot turn into a question object is returned with the reason instead.
 */
export const MAX_SHEET_ROWS = 500;

export type SheetRow = { row: number; question: Record<string, unknown> } | { row: number; reason: string };

export class SheetError extends Error {}

type Column = 'type' | 'stem' | 'answer' | 'explanation' | 'topic' | `option${number}`;

const HEADER_ALIASES: Record<string, Column> = {
  题型: 'type',
  类型: 'type',
  题干: 'stem',
  题目: 'stem',
  答案: 'answer',
  正确答案: 'answer',
  解析: 'explanation',
  答案解析: 'explanation',
  主题: 'topic',
  分类: 'topic',
};
OPTION_LETTERS.forEach((letter, i) => {
  HEADER_ALIASES[`选项${letter}`] = `option${i}`;
});

const TYPE_WORDS: Record<string, 'single' | 'multiple' | 'judge'> = {
  单选: 'single',
  单选题: 'single',
  single: 'single',
  多选: 'multiple',
  多选题: 'multiple',
  multiple: 'multiple',
  判断: 'judge',
  判断题: 'judge',
  judge: 'judge',
};

const TRUE_WORDS = ['正确', '对', '√', '是', 'TRUE'];
const FALSE_WORDS = ['错误', '错', '×', '否', 'FALSE'];

function normalHeader(cell: string): string {
  return cell.normalize('NFKC').replace(/\s+/g, '').toUpperCase().replace(/^选项/, '选项');
}

function columnsOf(header: string[]): Map<number, Column> {
  const map = new Map<number, Column>();
  header.forEach((cell, i) => {
    const key = normalHeader(cell);
    const col = HEADER_ALIASES[key] ?? HEADER_ALIASES[key.toLowerCase()];
    if (col && ![...map.values()].includes(col)) map.set(i, col);
  });
  const present = new Set(map.values());
  const missing = (['type', 'stem', 'answer'] as const).filter((c) => !present.has(c));
  if (missing.length) {
    const names = { type: '题型', stem: '题干', answer: '答案' } as const;
    throw new SheetError(`表格第一行缺少“${missing.map((m) => names[m]).join('”“')}”列。第一行应为：题型、题干、选项A…选项F、答案、解析、主题`);
  }
  return map;
}

/** "AC", "A,C", "A、C", "a c" -> [0, 2]; judge words -> the index of 正确/错误. */
export function parseAnswer(text: string, type: string, options: string[]): number[] | string {
  const t = text.normalize('NFKC').trim();
  if (!t) return '答案为空，请填写正确选项的字母，如 A 或 AC';
  const exact = options.indexOf(t);
  if (type === 'judge') {
    if (exact >= 0) return [exact];
    const upper = t.toUpperCase();
    if (TRUE_WORDS.includes(upper)) return [Math.max(0, options.indexOf(JUDGE_OPTIONS[0]))];
    if (FALSE_WORDS.includes(upper)) return [options.indexOf(JUDGE_OPTIONS[1]) >= 0 ? options.indexOf(JUDGE_OPTIONS[1]) : 1];
  }
  const letters = t.toUpperCase().replace(/[\s,，、;；/|]+/g, '');
  if (!/^[A-Z]+$/.test(letters)) return `答案“${t}”无法识别：请填写选项字母，如 A 或 AC${type === 'judge' ? '，判断题也可填“正确”或“错误”' : ''}`;
  const out: number[] = [];
  for (const ch of letters) {
    const i = OPTION_LETTERS.indexOf(ch);
    if (i < 0) return `答案中的“${ch}”不是有效选项字母（只能用 A 到 F）`;
    out.push(i);
  }
  return out;
}

function rowToQuestion(cells: string[], columns: Map<number, Column>, row: number): SheetRow {
  const get = (col: Column): string => {
    for (const [i, c] of columns) if (c === col) return (cells[i] ?? '').trim();
    return '';
  };
  const typeText = get('type').normalize('NFKC').replace(/\s+/g, '');
  const type = TYPE_WORDS[typeText] ?? TYPE_WORDS[typeText.toLowerCase()];
  if (!type) return { row, reason: typeText ? `题型“${typeText}”无法识别：请填写 单选、多选 或 判断` : '题型为空：请填写 单选、多选 或 判断' };

  const optionCells = OPTION_LETTERS.map((_, i) => get(`option${i}`));
  let last = -1;
  optionCells.forEach((o, i) => {
    if (o) last = i;
  });
  const gap = optionCells.slice(0, last + 1).findIndex((o) => !o);
  if (gap >= 0) return { row, reason: `选项${OPTION_LETTERS[gap]}为空，但后面还有选项：请把选项从 A 开始依次填写` };
  let options = optionCells.slice(0, last + 1);
  if (type === 'judge' && options.length === 0) options = [...JUDGE_OPTIONS];

  const answer = parseAnswer(get('answer'), type, options);
  if (typeof answer === 'string') return { row, reason: answer };
  const question: Record<string, unknown> = { type, stem: get('stem'), options, answer };
  const explanation = get('explanation');
  const topic = get('topic');
  if (explanation) question.explanation = explanation;
  if (topic) question.topic = topic;
  return { row, question };
}

function toRows(table: Array<{ row: number; cells: string[] }>): SheetRow[] {
  const nonEmpty = table.filter((r) => r.cells.some((c) => c.trim()));
  if (nonEmpty.length === 0) throw new SheetError('文件是空的：请按模板填写题目后再导入');
  const [header, ...data] = nonEmpty;
  const columns = columnsOf(header.cells);
  if (data.length === 0) throw new SheetError('文件只有表头，没有题目');
  if (data.length > MAX_SHEET_ROWS) throw new SheetError(`一次最多导入${MAX_SHEET_ROWS}道题，本文件有${data.length}行，请分成几个文件导入`);
  return data.map((r) => rowToQuestion(r.cells, columns, r.row));
}

/** Excel on Chinese Windows saves "CSV" as GBK: text that is not valid UTF-8 is read as GB18030. */
export function decodeCsv(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return new TextDecoder('gb18030').decode(content);
  }
}

export function readCsv(content: Buffer): SheetRow[] {
  const text = decodeCsv(content);
  let records: string[][];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('csv-parse/sync') as typeof import('csv-parse/sync');
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: false }) as string[][];
  } catch {
    throw new SheetError('CSV 文件无法读取：请用 Excel 或 WPS“另存为 CSV UTF-8”后重试');
  }
  return toRows(records.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => String(c ?? '')) })));
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  const v = value as unknown as Record<string, unknown>;
  if (Array.isArray(v.richText)) return (v.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('');
  if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
  if (typeof v.text === 'string') return v.text;
  return '';
}

export async function readXlsx(content: Buffer): Promise<SheetRow[]> {
  // Loaded on first use and installed beside the bundle (scripts/build-functions.ts LAZY_PACKAGES):
  // the spreadsheet library is larger than the rest of the function and only imports need it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Excel = require('exceljs') as typeof import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new SheetError('Excel 文件无法读取：请确认是 .xlsx 格式（旧版 .xls 请另存为 .xlsx）');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SheetError('Excel 文件里没有工作表');
  const table: Array<{ row: number; cells: string[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    for (let i = 0; i < cells.length; i++) cells[i] = cells[i] ?? '';
    table.push({ row: rowNumber, cells });
  });
  return toRows(table);
}

export async function readSheet(fileName: string, content: Buffer): Promise<SheetRow[]> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return readCsv(content);
  if (lower.endsWith('.xlsx')) return readXlsx(content);
  throw new SheetError('只支持 .csv 或 .xlsx 文件');
}

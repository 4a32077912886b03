/**
 * Export tables for the national volunteer service information system (全国志愿服务信息系统,
 * 中国志愿服务网): its batch imports take one row per volunteer (志愿者导入) and one row per service
 * record (服务时长导入), keyed by name + ID document. Column headings follow those templates where
 * known; 证件号码 is left empty because this service does not collect ID numbers (PIPL: only what
 * the school needs); staff fill it in before importing. Mapping: README.md "Export".
 */
import { toIso } from '../_shared/time';

export type Cell = string | number;
export interface Table {
  name: string;
  header: string[];
  rows: Cell[][];
}

export const ID_TYPE = '居民身份证';

/** `2026-09-20 09:00` in Asia/Shanghai. */
export function localTime(d: Date): string {
  return toIso(d).slice(0, 16).replace('T', ' ');
}

export function localDate(d: Date): string {
  return toIso(d).slice(0, 10);
}

function csvCell(v: Cell): string {
  const s = String(v);
  // Keep spreadsheet programs from evaluating a cell as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV, CRLF line ends, with a UTF-8 BOM so Excel opens the Chinese text correctly. */
export function toCsv(table: Table): Buffer {
  const lines = [table.header, ...table.rows].map((row) => row.map(csvCell).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

/** One workbook, one sheet per table, header row bold and frozen. */
export async function toXlsx(tables: Table[]): Promise<Buffer> {
  // Loaded on first use: a large library only the export needs (keeps the function's cold start small).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ExcelJS = require('exceljs') as typeof import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '社区科普大学';
  for (const t of tables) {
    const ws = wb.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(t.header).font = { bold: true };
    for (const r of t.rows) ws.addRow(r);
    ws.columns.forEach((c, i) => {
      c.width = Math.min(40, Math.max(10, t.header[i].length * 2 + 2));
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

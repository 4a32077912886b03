import type ExcelJS from 'exceljs';
import { cloud } from '../_shared/cloud';
import { internal } from './errors';

export type Cell = string | number | null;

/** Loaded on first use: only the sheet function carries the spreadsheet library. */
export function excel(): typeof ExcelJS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('exceljs') as typeof ExcelJS;
}

/** A spreadsheet program must not read a cell as a formula. */
function safe(v: Cell): Cell {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** One sheet: the title row, the Chinese headings (bold, frozen), the rows. */
export async function workbookOf(title: string, headers: string[], rows: Iterable<Cell[]>, notes?: { name: string; lines: string[] }): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = '社区科普大学';
  const ws = wb.addWorksheet(title.slice(0, 31).replace(/[\\/?*[\]:]/g, ''), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(headers).font = { bold: true, size: 12 };
  for (const r of rows) ws.addRow(r.map(safe));
  ws.columns.forEach((c, i) => {
    c.width = Math.min(40, Math.max(10, (headers[i]?.length ?? 4) * 2 + 4));
  });
  if (notes) {
    const ns = wb.addWorksheet(notes.name);
    for (const line of notes.lines) ns.addRow([line]);
    ns.getColumn(1).width = 90;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Uploads under `exports/` and answers the fileID and a temporary link (two hours). */
export async function store(cloudPath: string, content: Buffer): Promise<{ fileID: string; url: string }> {
  const up = await cloud.uploadFile({ cloudPath, fileContent: content });
  return { fileID: up.fileID, url: await tempUrl(up.fileID) };
}

export async function tempUrl(fileID: string): Promise<string> {
  const links = (await cloud.getTempFileURL({ fileList: [{ fileID, maxAge: 7200 }] })) as { fileList?: Array<{ tempFileURL?: string }> } | undefined;
  const url = links?.fileList?.[0]?.tempFileURL;
  if (!url) throw internal();
  return url;
}

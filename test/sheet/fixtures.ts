import ExcelJS from 'exceljs';
import type { ExportStartParams } from '../../typings/sheet';
import type { LocalCloud } from '../support/cloud';
import type { typedApi } from '../support/cloud';

type Api = ReturnType<typeof typedApi>;

/** The cells of the exported workbook's first sheet, as strings and numbers (heading row first). */
export async function readXlsx(cloud: LocalCloud, fileID: string): Promise<unknown[][]> {
  const path = cloud.platform.storage.cloudPathOf(fileID);
  if (!path) throw new Error(`not a file of this cloud: ${fileID}`);
  const file = cloud.platform.storage.read(path);
  if (!file) throw new Error(`no file at ${path}`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

/** start → parts until done → finish, as the mini-program does; answers the finish and the part count. */
export async function exportAll(api: Api, params: ExportStartParams, openid: string) {
  const { jobId, title } = await api.ok('sheet', 'exportStart', params, openid);
  let parts = 0;
  for (;;) {
    parts += 1;
    const r = await api.ok('sheet', 'exportPart', { jobId }, openid);
    if (r.done) break;
    if (parts > 500) throw new Error('export did not finish');
  }
  return { ...(await api.ok('sheet', 'exportFinish', { jobId }, openid)), title, parts, jobId };
}

/** An XLSX of `rows` under `headers`, put in the cloud's storage as the mini-program's upload would. */
export async function uploadXlsx(cloud: LocalCloud, name: string, headers: string[], rows: unknown[][], uploader: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return cloud.platform.storage.put(`imports/${uploader}/${name}.xlsx`, bytes, { uploader, at: new Date() });
}

import type { ExportStartParams, ExportFinishResult, ImportFileParams, ImportKind } from '../../typings/sheet';
import { call } from './transport';

export type { ExportKind, ImportFileResult, ImportKind, ImportRowReport } from '../../typings/sheet';

export const importTemplate = (kind: ImportKind) => call('sheet', 'importTemplate', { kind });
export const importFile = (p: ImportFileParams) => call('sheet', 'importFile', p);

/** At most this many exportPart calls: each adds a bounded number of rows. */
const MAX_PARTS = 200;

/** Runs an export to the end: start, parts until done, finish (the XLSX's temporary link). */
export async function exportSheet(p: ExportStartParams): Promise<ExportFinishResult> {
  const { jobId } = await call('sheet', 'exportStart', p);
  for (let i = 0; i < MAX_PARTS; i++) {
    const part = await call('sheet', 'exportPart', { jobId });
    if (part.done) break;
  }
  return call('sheet', 'exportFinish', { jobId });
}

/** Downloads a temporary link and opens it in WeChat's document viewer. */
export function openSheet(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url,
      success: (res) => {
        if (res.statusCode !== 200) {
          reject(new Error('download'));
          return;
        }
        wx.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true, success: () => resolve(), fail: () => reject(new Error('open')) });
      },
      fail: () => reject(new Error('download')),
    });
  });
}

/**
 * Export files (base64 from the `export` action) written to the user data folder, then opened
 * (a workbook, whose menu can forward it) or sent to a chat (each file on its own tap:
 * wx.shareFileMessage must run from a tap).
 */
import type { ExportFile } from '../../../../../typings/volunteer';

export interface SavedFile {
  path: string;
  name: string;
  rows: number;
}

function safeName(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '_');
}

export function saveFile(file: ExportFile): Promise<SavedFile> {
  const path = `${wx.env.USER_DATA_PATH}/${safeName(file.name)}`;
  return new Promise((resolve, reject) => {
    wx.getFileSystemManager().writeFile({
      filePath: path,
      data: file.base64,
      encoding: 'base64',
      success: () => resolve({ path, name: file.name, rows: file.rows }),
      fail: (e) => reject(new Error(e.errMsg)),
    });
  });
}

export function openWorkbook(file: SavedFile): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.openDocument({ filePath: file.path, fileType: 'xlsx', showMenu: true, success: () => resolve(), fail: (e) => reject(new Error(e.errMsg)) });
  });
}

export function shareFile(file: SavedFile): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.shareFileMessage({ filePath: file.path, fileName: file.name, success: () => resolve(), fail: (e) => reject(new Error(e.errMsg)) });
  });
}

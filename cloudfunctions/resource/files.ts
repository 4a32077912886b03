import type { ResourceKind } from '../../typings/resource';
import { cloud } from '../_shared/cloud';
import { invalidArgument } from '../_shared/errors';
import { z } from '../_shared/validate';
import { FILE_RULES, URL_MAX_AGE_SEC } from './model';

/** A cloud storage fileID as wx.cloud.uploadFile answers it: `cloud://<env>.<bucket>/<path>`. */
export const fileIdField = (label: string) =>
  z
    .string({ error: `请上传${label}` })
    .min(1, `请上传${label}`)
    .max(1000, `${label}的文件地址不正确，请重新上传`)
    // eslint-disable-next-line no-control-regex
    .regex(/^cloud:\/\/[^/\s]+\/[^\u0000-\u001f\u007f]+$/, `${label}的文件地址不正确，请重新上传`);

export function extensionOf(fileId: string): string {
  return /\.([A-Za-z0-9]+)$/.exec(fileId)?.[1]?.toLowerCase() ?? '';
}

/** Type and size rules of the media file of a kind (FILE_RULES). */
export function checkMediaFile(kind: ResourceKind, fileId: string, fileSize: number): void {
  const rule = FILE_RULES[kind];
  if (!rule.exts.includes(extensionOf(fileId))) throw invalidArgument(`${rule.label}只能上传 ${rule.exts.join('、')} 格式的文件`);
  if (fileSize > rule.maxBytes) throw invalidArgument(`${rule.label}文件不能超过${Math.round(rule.maxBytes / 1024 / 1024)}MB`);
}

/** Temporary URLs for the given fileIDs, in order; a file storage does not have answers ''. */
export async function tempUrls(fileIds: string[]): Promise<string[]> {
  if (!fileIds.length) return [];
  const res = await cloud.getTempFileURL({ fileList: fileIds.map((fileID) => ({ fileID, maxAge: URL_MAX_AGE_SEC })) });
  const list = (res as { fileList?: Array<{ fileID: string; tempFileURL?: string }> } | undefined)?.fileList ?? [];
  return fileIds.map((fileId) => {
    const item = list.find((f) => f.fileID === fileId);
    return item?.tempFileURL ?? '';
  });
}

/** Throws INVALID_ARGUMENT when storage does not have the file (an upload that did not finish). */
export async function requireStored(fileId: string, label: string): Promise<void> {
  const [url] = await tempUrls([fileId]);
  if (!url) throw invalidArgument(`没有找到上传的${label}，请重新上传`);
}

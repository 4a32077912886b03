import { cloud } from '../_shared/cloud';

/** Temporary URLs (two hours) for the given fileIDs, in order; a missing file answers ''. */
export async function tempUrls(fileIds: string[]): Promise<string[]> {
  if (!fileIds.length) return [];
  const res = await cloud.getTempFileURL({ fileList: fileIds.map((fileID) => ({ fileID, maxAge: 7200 })) });
  const list = (res as { fileList?: Array<{ fileID: string; tempFileURL?: string }> } | undefined)?.fileList ?? [];
  return fileIds.map((fileId) => list.find((f) => f.fileID === fileId)?.tempFileURL ?? '');
}

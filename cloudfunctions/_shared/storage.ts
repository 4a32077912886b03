import { cloud } from './cloud';

/**
 * Cloud storage (云存储) for the functions, through wx-server-sdk only: the same code runs on
 * CloudBase and on the local cloud.
 *
 *   tempUrls(fileIDs, maxAgeSec?)   → { [fileID]: url | null }   links for the mini-program (null: no such file)
 *   fileInfo(fileID)                → { fileID, size, contentType, uploader } | null
 *   fileExists(fileID)              → boolean
 *   checkEvidence(fileID, rules)    → 'ok' | 'missing' | 'not_uploader' | 'too_large' | 'bad_type'
 *   evidencePath(openid, name)      → the cloudPath the mini-program uploads an evidence file to
 *
 * Evidence files (photos, scans, documents that staff attach to a record) are uploaded by the
 * mini-program with `wx.cloud.uploadFile` under `evidence/<OPENID>/<name>`; `uploader` is that
 * OPENID segment, and checkEvidence() refuses a file outside the caller's own folder.
 * `contentType` is read from the file's first bytes (PNG, JPEG, GIF, WebP, PDF), else from its
 * extension, so a renamed file does not pass as an image.
 */

export interface FileInfo {
  fileID: string;
  size: number;
  contentType: string;
  /** OPENID of the evidence folder the file is in, or null outside `evidence/<OPENID>/`. */
  uploader: string | null;
}

export interface EvidenceRules {
  /** The caller's OPENID: the file must be in their evidence folder. */
  openid: string;
  /** Largest accepted size in bytes (default 10 MB). */
  maxBytes?: number;
  /** Accepted content types (default images and PDF). */
  types?: string[];
}

export type EvidenceVerdict = 'ok' | 'missing' | 'not_uploader' | 'too_large' | 'bad_type';

export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'];

/** getTempFileURL answers at most 50 files a call. */
const TEMP_URL_BATCH = 50;
/** CloudBase's storage error for a file that does not exist. */
const STORAGE_FILE_NONEXIST = -503003;

interface TempFileResult {
  fileList: Array<{ fileID: string; tempFileURL: string; status: number }>;
}

export async function tempUrls(fileIDs: string[], maxAgeSec = 2 * 3600): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  const unique = [...new Set(fileIDs)];
  for (let i = 0; i < unique.length; i += TEMP_URL_BATCH) {
    const batch = unique.slice(i, i + TEMP_URL_BATCH);
    const res = (await cloud.getTempFileURL({ fileList: batch.map((fileID) => ({ fileID, maxAge: maxAgeSec })) })) as unknown as TempFileResult;
    for (const item of res.fileList) out[item.fileID] = item.status === 0 && item.tempFileURL ? item.tempFileURL : null;
  }
  for (const fileID of unique) if (!(fileID in out)) out[fileID] = null;
  return out;
}

export function evidencePath(openid: string, name: string): string {
  return `evidence/${openid}/${name.replace(/[^A-Za-z0-9._-]/g, '_').slice(-100)}`;
}

function uploaderOf(fileID: string): string | null {
  const match = /^cloud:\/\/[^/]+\/evidence\/([^/]+)\/[^/]+$/.exec(fileID);
  return match ? match[1] : null;
}

function sniff(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return undefined;
}

const BY_EXTENSION: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  txt: 'text/plain',
  csv: 'text/csv',
};

function isMissing(error: unknown): boolean {
  const e = error as { errCode?: unknown; errMsg?: unknown; message?: unknown } | null;
  return e?.errCode === STORAGE_FILE_NONEXIST || /NONEXIST|not exist|NoSuchKey/i.test(String(e?.errMsg ?? e?.message ?? ''));
}

/** Downloads the file to measure it: null when it does not exist. */
export async function fileInfo(fileID: string): Promise<FileInfo | null> {
  let content: Buffer;
  try {
    content = Buffer.from((await cloud.downloadFile({ fileID })).fileContent as Buffer);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  const ext = (/\.([A-Za-z0-9]+)$/.exec(fileID)?.[1] ?? '').toLowerCase();
  return { fileID, size: content.length, contentType: sniff(content) ?? BY_EXTENSION[ext] ?? 'application/octet-stream', uploader: uploaderOf(fileID) };
}

export async function fileExists(fileID: string): Promise<boolean> {
  return (await tempUrls([fileID], 60))[fileID] !== null;
}

export async function checkEvidence(fileID: string, rules: EvidenceRules): Promise<EvidenceVerdict> {
  if (uploaderOf(fileID) !== rules.openid) return 'not_uploader';
  const info = await fileInfo(fileID);
  if (!info) return 'missing';
  if (info.size > (rules.maxBytes ?? EVIDENCE_MAX_BYTES)) return 'too_large';
  if (!(rules.types ?? EVIDENCE_TYPES).includes(info.contentType)) return 'bad_type';
  return 'ok';
}

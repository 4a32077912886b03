import { cloud } from './cloud';

/**
 * WeChat's content-security checks (内容安全): text through `security.msgSecCheck`, images through
 * `security.imgSecCheck`. A function that calls them declares both in its config.json
 * (`permissions.openapi`). A verdict of risk is a `Verdict` with a Chinese reason; a check that could
 * not run (the service failed, the file could not be read) throws `CheckUnavailable`, so the caller
 * keeps the content unpublished and can try again, rather than treat "no answer" as "safe".
 */
export type Verdict = { ok: true } | { ok: false; reason: string };

export class CheckUnavailable extends Error {
  constructor() {
    super('content check unavailable');
    this.name = 'CheckUnavailable';
  }
}

/** errcode of content judged risky by both APIs. */
const RISKY = 87014;

interface SecurityApi {
  msgSecCheck(params: Record<string, unknown>): Promise<{ errCode?: number; result?: { suggest?: string } }>;
  imgSecCheck(params: { media: { contentType: string; value: Buffer } }): Promise<{ errCode?: number }>;
}

function security(): SecurityApi {
  return (cloud.openapi as unknown as { security: SecurityApi }).security;
}

function errCodeOf(error: unknown): number | undefined {
  const code = (error as { errCode?: unknown } | undefined)?.errCode;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Checks one piece of text. `openid` is the author (msgSecCheck v2 judges text for the user who
 * wrote it); `label` names the field in the reason, e.g. `标题`.
 */
export async function checkText(text: string, label: string, openid: string): Promise<Verdict> {
  if (!text.trim()) return { ok: true };
  try {
    const res = await security().msgSecCheck({ content: text, openid, scene: 1, version: 2 });
    const suggest = res?.result?.suggest;
    if (suggest === 'risky' || suggest === 'review') return { ok: false, reason: `${label}含有不宜公开的内容，请修改后重新上传` };
    return { ok: true };
  } catch (error) {
    if (errCodeOf(error) === RISKY) return { ok: false, reason: `${label}含有不宜公开的内容，请修改后重新上传` };
    throw new CheckUnavailable();
  }
}

const IMAGE_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' };

export function imageContentType(fileId: string): string | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileId)?.[1]?.toLowerCase();
  return ext ? IMAGE_TYPES[ext] : undefined;
}

/** imgSecCheck takes images up to 1 MB. */
export const MAX_CHECKED_IMAGE_BYTES = 1024 * 1024;

/** Checks one image in cloud storage (downloaded by the function, then sent to imgSecCheck). */
export async function checkImage(fileId: string, label: string): Promise<Verdict> {
  const contentType = imageContentType(fileId);
  if (!contentType) return { ok: false, reason: `${label}应为 jpg、png 或 webp 图片` };
  let bytes: Buffer;
  try {
    bytes = (await cloud.downloadFile({ fileID: fileId })).fileContent;
  } catch {
    throw new CheckUnavailable();
  }
  if (bytes.length > MAX_CHECKED_IMAGE_BYTES) return { ok: false, reason: `${label}不能超过1MB，请压缩后重新上传` };
  try {
    await security().imgSecCheck({ media: { contentType, value: bytes } });
    return { ok: true };
  } catch (error) {
    if (errCodeOf(error) === RISKY) return { ok: false, reason: `${label}含有不宜公开的内容，请更换后重新上传` };
    throw new CheckUnavailable();
  }
}

/** Runs checks in order and answers the first failure (or ok). */
export async function firstFailure(checks: Array<() => Promise<Verdict>>): Promise<Verdict> {
  for (const check of checks) {
    const verdict = await check();
    if (!verdict.ok) return verdict;
  }
  return { ok: true };
}

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Cloud storage (云存储) on one machine. A file is addressed as CloudBase addresses it,
 * `cloud://<env>.<bucket>/<cloudPath>`, with the bucket named as CloudBase names it
 * (`<hex of the env's first two letters>-<env>-<app number>`). Bytes live under
 * `<dataDir>/storage/objects/` (one file per object, named by the hash of its path, with a JSON
 * sidecar for its metadata), or in memory when there is no data folder.
 */
export interface StoredFile {
  cloudPath: string;
  size: number;
  contentType: string;
  /** OPENID of the uploader (the caller of the function or of the upload), if any. */
  uploader?: string;
  uploadedAt: string;
}

export class StorageError extends Error {
  constructor(
    /** A CloudBase error code name (TCB_ERR_CODE), e.g. STORAGE_FILE_NONEXIST. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Largest body the HTTP face takes for one upload (a local bound; COS itself takes up to 5 GB). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** getTempFileURL's default lifetime when no maxAge is asked for (CloudBase: one day). */
export const DEFAULT_MAX_AGE_SEC = 86400;

/** CloudBase's file-naming rules (云存储 文件名命名限制). Answers the reason a path breaks them. */
export function cloudPathProblem(cloudPath: unknown): string | undefined {
  if (typeof cloudPath !== 'string' || cloudPath.length === 0) return 'cloudPath must not be empty';
  if (cloudPath.startsWith('/')) return 'cloudPath must not start with /';
  if (cloudPath.includes('//')) return 'cloudPath must not contain //';
  if (Buffer.byteLength(cloudPath, 'utf8') > 850) return 'cloudPath is longer than 850 bytes';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(cloudPath)) return 'cloudPath must not contain control characters';
  if (cloudPath.split('/').some((part) => part === '.' || part === '..')) return 'cloudPath must not contain . or .. segments';
  return undefined;
}

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  csv: 'text/csv',
  txt: 'text/plain',
  json: 'application/json',
  zip: 'application/zip',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
};

/** The Content-Type COS serves a file with when none was given: from its extension. */
export function contentTypeOf(cloudPath: string): string {
  const ext = path.extname(cloudPath).slice(1).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

export interface StorageOptions {
  envId: string;
  /** The numeric part of the bucket name (CloudBase: the Tencent Cloud app id). */
  appNumber: string;
  /** Folder for the objects; omit to keep them in memory. */
  dir?: string;
  /** Key of the temporary URLs' signatures. */
  secret: string;
}

export class LocalStorage {
  readonly envId: string;
  readonly bucket: string;
  private readonly dir?: string;
  private readonly secret: string;
  private readonly memory = new Map<string, { meta: StoredFile; bytes: Buffer }>();

  constructor(options: StorageOptions) {
    this.envId = options.envId;
    this.bucket = `${Buffer.from(options.envId.slice(0, 2)).toString('hex')}-${options.envId}-${options.appNumber}`;
    this.secret = options.secret;
    if (options.dir) {
      this.dir = path.join(options.dir, 'objects');
      mkdirSync(this.dir, { recursive: true });
    }
  }

  fileIdOf(cloudPath: string): string {
    return `cloud://${this.envId}.${this.bucket}/${cloudPath}`;
  }

  /** The cloudPath of one of this environment's fileIDs, or undefined for anything else. */
  cloudPathOf(fileID: unknown): string | undefined {
    if (typeof fileID !== 'string') return undefined;
    const prefix = `cloud://${this.envId}.${this.bucket}/`;
    if (!fileID.startsWith(prefix)) return undefined;
    const cloudPath = fileID.slice(prefix.length);
    return cloudPathProblem(cloudPath) ? undefined : cloudPath;
  }

  put(cloudPath: string, bytes: Buffer, meta: { uploader?: string; at: Date }): string {
    const problem = cloudPathProblem(cloudPath);
    if (problem) throw new StorageError('INVALID_PARAM', problem);
    const stored: StoredFile = {
      cloudPath,
      size: bytes.length,
      contentType: contentTypeOf(cloudPath),
      ...(meta.uploader ? { uploader: meta.uploader } : {}),
      uploadedAt: meta.at.toISOString(),
    };
    if (this.dir) {
      const file = this.objectFile(cloudPath);
      writeFileSync(file, bytes);
      writeFileSync(`${file}.json`, JSON.stringify(stored));
    } else {
      this.memory.set(cloudPath, { meta: stored, bytes: Buffer.from(bytes) });
    }
    return this.fileIdOf(cloudPath);
  }

  stat(cloudPath: string): StoredFile | undefined {
    if (!this.dir) return this.memory.get(cloudPath)?.meta;
    const file = `${this.objectFile(cloudPath)}.json`;
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoredFile) : undefined;
  }

  read(cloudPath: string): { meta: StoredFile; bytes: Buffer } | undefined {
    const meta = this.stat(cloudPath);
    if (!meta) return undefined;
    if (!this.dir) return this.memory.get(cloudPath);
    return { meta, bytes: readFileSync(this.objectFile(cloudPath)) };
  }

  /** Answers whether a file was there to delete. */
  delete(cloudPath: string): boolean {
    if (!this.stat(cloudPath)) return false;
    if (this.dir) {
      const file = this.objectFile(cloudPath);
      rmSync(file, { force: true });
      rmSync(`${file}.json`, { force: true });
    } else {
      this.memory.delete(cloudPath);
    }
    return true;
  }

  /** `sign` and `t` (expiry, Unix seconds) of a temporary URL for `cloudPath`. */
  signature(cloudPath: string, expiresAtSec: number): string {
    return createHmac('sha256', this.secret).update(`${cloudPath}\n${expiresAtSec}`).digest('hex').slice(0, 32);
  }

  /** The path and query of a temporary URL (the HTTP face serves it under its base URL). */
  tempUrlPath(cloudPath: string, expiresAtSec: number): string {
    const encoded = cloudPath.split('/').map(encodeURIComponent).join('/');
    return `/v1/storage/${encoded}?sign=${this.signature(cloudPath, expiresAtSec)}&t=${expiresAtSec}`;
  }

  /** Checks a temporary URL's signature and expiry against `nowMs`. */
  verify(cloudPath: string, sign: string | null, t: string | null, nowMs: number): 'ok' | 'bad-sign' | 'expired' {
    const expiresAtSec = Number(t);
    if (!sign || !t || !Number.isInteger(expiresAtSec)) return 'bad-sign';
    const expected = Buffer.from(this.signature(cloudPath, expiresAtSec));
    const given = Buffer.from(sign);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad-sign';
    return nowMs > expiresAtSec * 1000 ? 'expired' : 'ok';
  }

  private objectFile(cloudPath: string): string {
    return path.join(this.dir as string, createHash('sha256').update(cloudPath).digest('hex'));
  }
}

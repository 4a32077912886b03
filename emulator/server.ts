import http from 'node:http';

import { FunctionHost, FunctionNotFoundError } from './host';
import { currentPlatform, platformNow, setClock, type Platform } from './platform';
import { CloudFunctionError } from './platform/errors';
import { MAX_UPLOAD_BYTES, cloudPathProblem } from './platform/storage';

/** Answers carry times as ISO 8601 with the Asia/Shanghai offset, like every function answer. */
function shanghaiIso(date: Date): string {
  const local = new Date(date.getTime() + 8 * 3_600_000).toISOString();
  return `${local.slice(0, 23)}+08:00`;
}

export const MAX_BODY_BYTES = 1024 * 1024;
const FUNCTION_PATH = /^\/v1\/functions\/([^/?#]+)$/;
const STORAGE_PATH = /^\/v1\/storage\/(.+)$/;

/** What the HTTP face needs of a host. */
export type Invoker = Pick<FunctionHost, 'has' | 'invoke'>;

export interface HttpFaceOptions {
  /** Storage, outbox and clock (default: the current platform). */
  platform?: Platform;
}

/**
 * The local cloud's HTTP face (DESIGN.md, CONTRACT.md "development faces"): /healthz,
 * POST /v1/functions/<name>, POST /v1/clock, POST /v1/storage/upload, GET /v1/storage/<path>
 * (signed temporary URLs), GET /v1/outbox.
 */
export function createHttpServer(host: Invoker, options: HttpFaceOptions = {}): http.Server {
  return http.createServer((req, res) => {
    handle(host, options.platform ?? currentPlatform(), req, res).catch(() =>
      send(res, 500, { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } }),
    );
  });
}

async function handle(host: Invoker, platform: Platform, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  if (url.pathname === '/healthz') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
    return send(res, 200, { ok: true });
  }
  if (url.pathname === '/v1/clock') return handleClock(req, res);
  if (url.pathname === '/v1/outbox') {
    if (req.method !== 'GET') return send(res, 405, { error: 'method not allowed: GET' });
    return send(res, 200, { ok: true, items: platform.outbox.list() });
  }
  if (url.pathname === '/v1/storage/upload') return handleUpload(platform, url, req, res);
  const stored = STORAGE_PATH.exec(url.pathname);
  if (stored) return handleDownload(platform, stored[1], url, req, res);

  const match = FUNCTION_PATH.exec(url.pathname);
  if (!match) return send(res, 404, { error: 'not found' });
  if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed: POST the event as JSON' });
  const name = decodeURIComponent(match[1]);
  if (!host.has(name)) {
    req.resume();
    return send(res, 404, { error: `no cloud function named ${name}` });
  }

  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === 'too-large') return send(res, 413, { error: 'body over 1 MB' });
  let event: unknown;
  try {
    event = body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    return send(res, 400, { error: 'body is not JSON' });
  }

  const openid = openidOf(req);
  if (openid === 'too-long') return send(res, 400, { error: 'x-wx-openid is too long' });
  try {
    send(res, 200, await host.invoke(name, event, { openid, clientIp: clientIpOf(req) }));
  } catch (error) {
    if (error instanceof FunctionNotFoundError) return send(res, 404, { error: error.message });
    // The platform's answer to a call whose function failed: status 200, CloudBase's errCode/errMsg.
    if (error instanceof CloudFunctionError) return send(res, 200, error.toJSON());
    send(res, 500, { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } });
  }
}

async function handleClock(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method === 'GET') return send(res, 200, { ok: true, now: shanghaiIso(new Date(platformNow())) });
  if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed: POST {"now": "<ISO 8601>"} or {"reset": true}' });
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === 'too-large') return send(res, 413, { error: 'body over 1 MB' });
  let request: { now?: unknown; reset?: unknown };
  try {
    request = JSON.parse(body.toString('utf8') || '{}') as typeof request;
  } catch {
    return send(res, 400, { ok: false, error: 'body is not JSON' });
  }
  if (request?.reset === true) return send(res, 200, { ok: true, now: shanghaiIso(setClock('reset')) });
  // An ISO 8601 date-time with a time and an offset (or Z): no bare dates, no local times.
  if (typeof request?.now !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(request.now) || Number.isNaN(Date.parse(request.now))) {
    return send(res, 400, { ok: false, error: 'send {"now": "<ISO 8601 with offset>"} or {"reset": true}' });
  }
  send(res, 200, { ok: true, now: shanghaiIso(setClock(request.now)) });
}

/** `wx.cloud.uploadFile` over HTTP: the raw bytes, or multipart/form-data with the field `file`. */
async function handleUpload(platform: Platform, url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method !== 'POST') return send(res, 405, { ok: false, error: 'method not allowed: POST the file' });
  const cloudPath = url.searchParams.get('cloudPath') ?? '';
  const problem = cloudPathProblem(cloudPath);
  if (problem) {
    req.resume();
    return send(res, 400, { ok: false, error: problem });
  }
  const openid = openidOf(req);
  if (openid === 'too-long') return send(res, 400, { ok: false, error: 'x-wx-openid is too long' });
  // CloudBase's default storage rule lets only signed-in mini-program users upload.
  if (!openid) {
    req.resume();
    return send(res, 401, { ok: false, error: 'x-wx-openid is required: only a mini-program user uploads' });
  }
  const body = await readBody(req, MAX_UPLOAD_BYTES);
  if (body === 'too-large') return send(res, 413, { ok: false, error: `file over ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` });
  let bytes = body;
  const contentType = String(req.headers['content-type'] ?? '');
  if (/^multipart\/form-data/i.test(contentType)) {
    const file = multipartFile(body, contentType, 'file');
    if (!file) return send(res, 400, { ok: false, error: 'multipart/form-data without a field named file' });
    bytes = file;
  }
  const fileID = platform.storage.put(cloudPath, bytes, { uploader: openid, at: new Date(platformNow()) });
  send(res, 200, { ok: true, fileID });
}

/** A temporary URL from getTempFileURL: 403 when its signature is wrong or it has expired. */
function handleDownload(platform: Platform, encodedPath: string, url: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
  let cloudPath: string;
  try {
    cloudPath = encodedPath.split('/').map(decodeURIComponent).join('/');
  } catch {
    return send(res, 404, { error: 'not found' });
  }
  const verdict = platform.storage.verify(cloudPath, url.searchParams.get('sign'), url.searchParams.get('t'), platformNow());
  if (verdict === 'bad-sign') return send(res, 403, { error: 'AccessDenied: the signature of this link is not valid' });
  if (verdict === 'expired') return send(res, 403, { error: 'AccessDenied: this link has expired' });
  const file = platform.storage.read(cloudPath);
  if (!file) return send(res, 404, { error: 'NoSuchKey: the file does not exist' });
  res.writeHead(200, {
    'content-type': file.meta.contentType,
    'content-length': file.bytes.length,
    'last-modified': new Date(file.meta.uploadedAt).toUTCString(),
    ...(file.meta.uploader ? { 'x-cos-meta-uploader': file.meta.uploader } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : file.bytes);
}

/** The bytes of one field of a multipart/form-data body. */
export function multipartFile(body: Buffer, contentType: string, field: string): Buffer | undefined {
  const boundaryMatch = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = boundaryMatch?.[1] ?? boundaryMatch?.[2];
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary.trim()}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(headers)?.[1];
      if (name === field) {
        let content = part.subarray(headerEnd + 4);
        if (content.subarray(-2).toString() === '\r\n') content = content.subarray(0, -2);
        return Buffer.from(content);
      }
    }
    start = next;
  }
  return undefined;
}

function openidOf(req: http.IncomingMessage): string | undefined | 'too-long' {
  const header = req.headers['x-wx-openid'];
  const openid = (Array.isArray(header) ? header[0] : header)?.trim() || undefined;
  return openid && openid.length > 128 ? 'too-long' : openid;
}

function clientIpOf(req: http.IncomingMessage): string {
  return (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

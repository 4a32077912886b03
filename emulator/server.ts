import http from 'node:http';
import { FunctionHost, FunctionNotFoundError } from './host';

export const MAX_BODY_BYTES = 1024 * 1024;
const FUNCTION_PATH = /^\/v1\/functions\/([^/?#]+)$/;

/** What the HTTP face needs of a host. */
export type Invoker = Pick<FunctionHost, 'has' | 'invoke'>;

/** The local cloud's HTTP face (DESIGN.md): /healthz and POST /v1/functions/<name>. */
export function createHttpServer(host: Invoker): http.Server {
  return http.createServer((req, res) => {
    handle(host, req, res).catch(() => send(res, 500, { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } }));
  });
}

async function handle(host: Invoker, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  if (url.pathname === '/healthz') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
    return send(res, 200, { ok: true });
  }
  const match = FUNCTION_PATH.exec(url.pathname);
  if (!match) return send(res, 404, { error: 'not found' });
  if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed: POST the event as JSON' });
  const name = decodeURIComponent(match[1]);
  if (!host.has(name)) {
    req.resume();
    return send(res, 404, { error: `no cloud function named ${name}` });
  }

  const body = await readBody(req);
  if (body === 'too-large') return send(res, 413, { error: 'body over 1 MB' });
  let event: unknown;
  try {
    event = body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    return send(res, 400, { error: 'body is not JSON' });
  }

  const header = req.headers['x-wx-openid'];
  const openid = (Array.isArray(header) ? header[0] : header)?.trim() || undefined;
  if (openid && openid.length > 128) return send(res, 400, { error: 'x-wx-openid is too long' });
  try {
    send(res, 200, await host.invoke(name, event, { openid }));
  } catch (error) {
    if (error instanceof FunctionNotFoundError) return send(res, 404, { error: error.message });
    send(res, 500, { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } });
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
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

/**
 * THE transport: every service call of the mini-program goes through `callFunction`.
 * Functions answer `{ ok: true, data }` or `{ ok: false, error: { code, message } }`.
 */
import type { ActionName, FunctionName, ParamsArg, ParamsOf, ResultOf } from '../../typings/api';
import type { Envelope, ErrorCode } from '../../typings/envelope';
import { config, transportTarget } from '../config';

/** Canonical codes of the functions, plus NETWORK for failures before a function answered. */
export type ServiceErrorCode = ErrorCode | 'NETWORK';

export const NETWORK_MESSAGE = '网络不太好，请稍后再试';
const UNAVAILABLE_MESSAGE = '服务暂时不可用，请稍后再试';

export class ServiceError extends Error {
  readonly code: ServiceErrorCode;

  constructor(code: ServiceErrorCode, message: string) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    // Keep instanceof working when compiled to ES5 classes.
    Object.setPrototypeOf(this, ServiceError.prototype);
  }
}

export interface ServiceEvent {
  action: string;
  [param: string]: unknown;
}

function isEnvelope<T>(value: unknown): value is Envelope<T> {
  return !!value && typeof value === 'object' && typeof (value as { ok?: unknown }).ok === 'boolean';
}

function unwrap<T>(body: unknown): T {
  if (!isEnvelope<T>(body)) throw new ServiceError('INTERNAL', UNAVAILABLE_MESSAGE);
  if (body.ok) return body.data;
  const { code, message } = body.error || { code: 'INTERNAL' as const, message: '' };
  throw new ServiceError(code, message || UNAVAILABLE_MESSAGE);
}

let cloudReady = false;

/** Initialises wx.cloud once (app launch, or the first cloud call after a dev switch). */
export function ensureCloud(): void {
  if (cloudReady) return;
  wx.cloud.init(config.cloudEnv ? { env: config.cloudEnv, traceUser: true } : { traceUser: true });
  cloudReady = true;
}

function requestLocal(baseUrl: string, openid: string, name: string, event: ServiceEvent): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const header: Record<string, string> = { 'content-type': 'application/json' };
    if (openid) header['x-wx-openid'] = openid;
    wx.request({
      url: `${baseUrl}/v1/functions/${encodeURIComponent(name)}`,
      method: 'POST',
      header,
      data: event,
      timeout: 15000,
      success: (res) => {
        if (res.statusCode !== 200) {
          reject(new ServiceError(res.statusCode === 404 ? 'NOT_FOUND' : 'INTERNAL', UNAVAILABLE_MESSAGE));
          return;
        }
        resolve(res.data);
      },
      fail: () => reject(new ServiceError('NETWORK', NETWORK_MESSAGE)),
    });
  });
}

async function callCloud(name: string, event: ServiceEvent): Promise<unknown> {
  ensureCloud();
  try {
    const res = await wx.cloud.callFunction({ name, data: event });
    return res.result;
  } catch {
    throw new ServiceError('NETWORK', NETWORK_MESSAGE);
  }
}

export async function callFunction<T>(name: string, event: ServiceEvent): Promise<T> {
  const target = transportTarget();
  const body =
    target.kind === 'local'
      ? await requestLocal(target.baseUrl, target.openid, name, event)
      : await callCloud(name, event);
  return unwrap<T>(body);
}

/**
 * A typed call: the action's params and result come from the function's API map in `typings/`,
 * e.g. `call('org', 'getPoint', { pointId })` answers a `PointDetail`.
 */
export function call<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, ...params: ParamsArg<ParamsOf<F, A>>): Promise<ResultOf<F, A>> {
  return callFunction<ResultOf<F, A>>(fn, { ...(params[0] as object | undefined), action });
}

const UPLOAD_FAILED_MESSAGE = '文件没有传上去，请检查网络后再试';

function uploadLocal(baseUrl: string, openid: string, cloudPath: string, filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.uploadFile({
      url: `${baseUrl}/v1/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`,
      filePath,
      name: 'file',
      header: openid ? { 'x-wx-openid': openid } : {},
      success: (res) => {
        let body: { ok?: boolean; fileID?: unknown } = {};
        try {
          body = typeof res.data === 'string' ? JSON.parse(res.data) : (res.data as typeof body);
        } catch {
          body = {};
        }
        if (res.statusCode === 200 && body.ok && typeof body.fileID === 'string') resolve(body.fileID);
        else reject(new ServiceError('INTERNAL', UPLOAD_FAILED_MESSAGE));
      },
      fail: () => reject(new ServiceError('NETWORK', UPLOAD_FAILED_MESSAGE)),
    });
  });
}

/**
 * Puts a local file (a temp path from wx.chooseMedia / chooseMessageFile / compressImage) into
 * cloud storage at `cloudPath` and answers its fileID (`cloud://…`), which functions take.
 */
export async function uploadFile(cloudPath: string, filePath: string): Promise<string> {
  const target = transportTarget();
  if (target.kind === 'local') return uploadLocal(target.baseUrl, target.openid, cloudPath, filePath);
  ensureCloud();
  try {
    const res = await wx.cloud.uploadFile({ cloudPath, filePath });
    return res.fileID;
  } catch {
    throw new ServiceError('NETWORK', UPLOAD_FAILED_MESSAGE);
  }
}

/** The message to show a resident for any thrown value. */
export function messageOf(err: unknown): string {
  return err instanceof ServiceError ? err.message : NETWORK_MESSAGE;
}

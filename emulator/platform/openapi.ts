import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { toBuffer } from 'qrcode';

/**
 * WeChat's open APIs (云调用, `cloud.openapi.*`) answered locally. The SDK sends each call as a
 * protobuf `CommApiData` whose pairs carry the snake_case parameters as JSON; the answer goes back
 * as a `CommOpenApiResp` (JSON with `errcode`, or bytes with a content type), which the SDK's own
 * code turns into `{ errCode: 0, errMsg: 'openapi.<api>:ok', ... }` or a thrown `CloudSDKError`.
 *
 * Local rules, chosen so that production's failures can be shown and tested:
 * - Permissions: an API the calling function's `config.json` does not list in
 *   `permissions.openapi` fails with errCode -604101, as CloudBase does. An API the local cloud
 *   does not emulate answers -604100 (API not found).
 * - `subscribeMessage.send`: a `touser` ending in `-refuses` has not accepted (or has used up) the
 *   subscription: errcode 43101. A missing `touser` 40003, missing `template_id` 40037, a
 *   `thing*` value over 20 characters or another value over 32: 47003.
 * - `wxacode.getUnlimited`: a PNG QR code (the `qrcode` library) of `<page>?<scene>`, which the
 *   check-in page's 扫码 reads as it reads a real 小程序码; a scene over 32 characters 40169. It is
 *   drawn at 4 pixels per module whatever `width` asks (the page scales it): drawing 430 pixels
 *   takes the pure-JS encoder long enough to eat a test's time limit.
 * - `security.msgSecCheck`: content containing one of BANNED_WORDS is risky: errcode 87014; with
 *   `version: 2` (which needs `openid` and `scene` 1–4) errcode 0 and `result.suggest` `risky`
 *   (label 20006) or `pass` (label 100), as v2 answers.
 * - `security.imgSecCheck`: an image whose first 64 bytes contain the ASCII text `risky`: 87014
 *   (the SDK sends no file name of the caller's).
 * - `phonenumber.getPhoneNumber`: any code of 1–128 characters gives the same fake mainland
 *   number every time (`138` + 8 digits derived from the code); the code `invalid` 40029.
 */
export const BANNED_WORDS = ['违禁词', '赌博', '代开发票', '枪支', 'forbidden-word'];

export interface OpenApiCall {
  api: string;
  params: Record<string, unknown>;
  /** Binary parameters (`{ contentType, value: Buffer }` in the SDK call), by key. */
  media: Record<string, { contentType: string; filename: string; bytes: Buffer }>;
  appId: string;
  nowMs: number;
}

export type OpenApiAnswer =
  | { kind: 'json'; body: Record<string, unknown> }
  | { kind: 'binary'; contentType: string; bytes: Buffer }
  /** A platform-level failure (errorCode of CommOpenApiResp), e.g. -604101. */
  | { kind: 'system'; errorCode: number };

type Handler = (call: OpenApiCall) => Promise<OpenApiAnswer> | OpenApiAnswer;

const ok = (body: Record<string, unknown> = {}): OpenApiAnswer => ({ kind: 'json', body: { errcode: 0, errmsg: 'ok', ...body } });
const fail = (errcode: number, errmsg: string): OpenApiAnswer => ({
  kind: 'json',
  body: { errcode, errmsg: `${errmsg} rid: ${createHash('sha1').update(`${errcode}${Date.now()}${Math.random()}`).digest('hex').slice(0, 24)}` },
});

const HANDLERS: Record<string, Handler> = {
  'subscribeMessage.send': ({ params }) => {
    const touser = params.touser;
    if (typeof touser !== 'string' || !touser) return fail(40003, 'invalid openid');
    if (typeof params.template_id !== 'string' || !params.template_id) return fail(40037, 'invalid template_id');
    const data = (params.data ?? {}) as Record<string, { value?: unknown }>;
    for (const [key, field] of Object.entries(data)) {
      const value = String(field?.value ?? '');
      const max = key.startsWith('thing') ? 20 : 32;
      if (Array.from(value).length > max) return fail(47003, `argument invalid! data.${key}.value invalid`);
    }
    if (touser.endsWith('-refuses')) return fail(43101, 'user refuse to accept the msg');
    return ok({ msgid: Number.parseInt(createHash('sha1').update(`${touser}${Date.now()}${Math.random()}`).digest('hex').slice(0, 12), 16) });
  },
  'wxacode.getUnlimited': async ({ params }) => {
    const scene = String(params.scene ?? '');
    if (!scene || scene.length > 32) return fail(40169, 'invalid length for scene, or the data is not json string');
    const page = typeof params.page === 'string' && params.page ? params.page : 'pages/index/index';
    const bytes = await toBuffer(`${page}?${scene}`, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 4 });
    return { kind: 'binary', contentType: 'image/png', bytes };
  },
  'security.msgSecCheck': ({ params }) => {
    const content = String(params.content ?? '');
    if (!content) return fail(40003, 'content is empty');
    const keyword = BANNED_WORDS.find((word) => content.includes(word));
    if (Number(params.version) !== 2) return keyword ? fail(87014, 'risky content') : ok();
    if (typeof params.openid !== 'string' || !params.openid) return fail(40003, 'invalid openid');
    if (![1, 2, 3, 4].includes(Number(params.scene))) return fail(40097, 'invalid args: scene');
    const suggest = keyword ? 'risky' : 'pass';
    const label = keyword ? 20006 : 100;
    return ok({
      result: { suggest, label },
      detail: [{ strategy: 'keyword', errcode: 0, suggest, label, ...(keyword ? { keyword } : {}), prob: keyword ? 90 : 0 }],
      trace_id: createHash('sha1').update(content).digest('hex').slice(0, 24),
    });
  },
  'security.imgSecCheck': ({ media }) => {
    const image = media.media;
    if (!image) return fail(41005, 'media data missing');
    return image.bytes.subarray(0, 64).toString('latin1').toLowerCase().includes('risky') ? fail(87014, 'risky content') : ok();
  },
  'phonenumber.getPhoneNumber': ({ params, appId, nowMs }) => {
    const code = params.code;
    if (typeof code !== 'string' || !code || code.length > 128 || code === 'invalid') return fail(40029, 'invalid code');
    const digits = (BigInt(`0x${createHash('sha256').update(code).digest('hex').slice(0, 12)}`) % 100000000n).toString().padStart(8, '0');
    const pure = `138${digits}`;
    return ok({
      phone_info: { phoneNumber: pure, purePhoneNumber: pure, countryCode: '86', watermark: { timestamp: Math.floor(nowMs / 1000), appid: appId } },
    });
  },
};

export function isEmulatedOpenApi(api: string): boolean {
  return Object.prototype.hasOwnProperty.call(HANDLERS, api);
}

/** The open APIs a function folder's config.json permits (`permissions.openapi`). */
export function declaredOpenApis(functionDir: string): string[] {
  const file = path.join(functionDir, 'config.json');
  if (!existsSync(file)) return [];
  try {
    const config = JSON.parse(readFileSync(file, 'utf8')) as { permissions?: { openapi?: unknown } };
    const list = config.permissions?.openapi;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Answers one call. `declared` is the calling function's permission list, or undefined for a call
 * made outside any function (a test harness calling product helpers directly): no check then.
 */
export async function answerOpenApi(call: OpenApiCall, declared: string[] | undefined): Promise<OpenApiAnswer> {
  if (declared && !declared.includes(call.api)) return { kind: 'system', errorCode: -604101 };
  if (!isEmulatedOpenApi(call.api)) return { kind: 'system', errorCode: -604100 };
  return HANDLERS[call.api](call);
}

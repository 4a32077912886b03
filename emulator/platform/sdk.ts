/**
 * Swaps the internals of the unmodified wx-server-sdk for local ones, as Firebase's emulators swap
 * their SDKs' transports: product code keeps calling `cloud.database()`, `cloud.uploadFile()`,
 * `cloud.callFunction()`, `cloud.openapi.*` and `cloud.getWXContext()`, and the SDK's own code
 * still validates the arguments and shapes the answers (`errMsg: 'uploadFile:ok'`, `status`,
 * thrown `CloudSDKError`s). Below wx-server-sdk every call lands on a `CloudBase` instance of its
 * `@cloudbase/node-sdk`; the methods it calls there are replaced on that class's prototype and
 * answer in the raw shapes of the node SDK (`{ fileID, requestId }`, `{ code: 'SUCCESS' }`, a
 * protobuf `CommOpenApiResp` buffer …). The database requester goes on its `@cloudbase/database`.
 *
 * A function folder may carry its own `node_modules/wx-server-sdk` (what `npm install` in the
 * folder gives): the host patches the copy each function resolves before loading it, and every
 * copy that Node loads later is patched as it loads (Module._load hook).
 */
import { createHash, randomUUID } from 'node:crypto';
import { ReadStream } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { currentInvocation, currentPlatformInvocation } from '../invocation';
import { installLocalRequester } from '../local-db';
import { platformNow } from './clock';
import { CloudFunctionError, FunctionNotFoundError } from './errors';
import { currentPlatform } from './index';
import { answerOpenApi, declaredOpenApis, type OpenApiCall } from './openapi';
import { DEFAULT_MAX_AGE_SEC, cloudPathProblem, contentTypeOf } from './storage';

const PATCHED = Symbol.for('csu.localCloud.sdkPatched');

/** The calls a function can make of another function when no invocation is running (a test harness). */
export interface FunctionInvoker {
  invoke(name: string, event: unknown, options?: { openid?: string; source?: string }): Promise<unknown>;
}
let outsideInvoker: FunctionInvoker | undefined;
export function setOutsideInvoker(invoker: FunctionInvoker): void {
  outsideInvoker = invoker;
}

/** A stable pseudonymous UNIONID for an OPENID (as if the app were bound to an open-platform account). */
export function unionIdOf(openid: string): string {
  return `o${createHash('sha256').update(`unionid:${openid}`).digest('base64url').slice(0, 27)}`;
}

/** getWXContext(), answered from the invocation running in this async context. */
export function localWXContext(): Record<string, string | undefined> {
  const platform = currentPlatform();
  const invocation = currentPlatformInvocation();
  const openid = invocation?.openid ?? currentInvocation()?.openid;
  return {
    OPENID: openid,
    APPID: openid ? platform.appId : undefined,
    UNIONID: openid ? unionIdOf(openid) : undefined,
    CLIENTIP: invocation?.clientIp,
    ENV: platform.envId,
    SOURCE: invocation?.source ?? (openid ? 'wx_client' : 'wx_http'),
  };
}

function assertRunning(): void {
  if (currentPlatformInvocation()?.cutOff) throw new Error('the invocation was cut off at its time limit');
}

async function readAll(content: unknown): Promise<Buffer> {
  if (Buffer.isBuffer(content)) return content;
  const chunks: Buffer[] = [];
  for await (const chunk of content as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

type FileListItem = string | { fileID?: unknown; maxAge?: unknown };

/** The node SDK's CloudBase methods that wx-server-sdk calls, answered locally. */
function localMethods(protobuf: ProtobufTypes) {
  return {
    async callFunction(options: { name: string; data?: unknown }): Promise<Record<string, unknown>> {
      assertRunning();
      const requestId = randomUUID();
      const parent = currentPlatformInvocation();
      try {
        const result = parent
          ? await parent.callFunction(options.name, options.data ?? {})
          : await requireOutsideInvoker().invoke(options.name, options.data ?? {}, { source: 'scf' });
        return { result, requestId };
      } catch (error) {
        if (error instanceof FunctionNotFoundError) {
          return { code: 'ResourceNotFound.Function', message: `[ResourceNotFound.Function] 未找到指定的云函数 ${options.name}`, requestId };
        }
        if (error instanceof CloudFunctionError) return { code: 'FUNCTIONS_EXECUTE_FAIL', message: error.detail, requestId: error.requestID };
        throw error;
      }
    },

    async uploadFile({ cloudPath, fileContent }: { cloudPath: string; fileContent: unknown }, opts?: { onResponseReceived?: (res: { statusCode: number }) => void }) {
      assertRunning();
      const requestId = randomUUID();
      if (!(fileContent instanceof ReadStream) && !Buffer.isBuffer(fileContent)) {
        return { code: 'INVALID_PARAM', message: '[node-sdk] fileContent should be instance of fs.ReadStream or Buffer', requestId };
      }
      const problem = cloudPathProblem(cloudPath);
      if (problem) return { code: 'INVALID_PARAM', message: problem, requestId };
      const bytes = await readAll(fileContent);
      const fileID = currentPlatform().storage.put(cloudPath, bytes, { uploader: currentPlatformInvocation()?.openid, at: new Date(platformNow()) });
      opts?.onResponseReceived?.({ statusCode: 200 });
      return { fileID, requestId };
    },

    async getTempFileURL({ fileList }: { fileList: FileListItem[] }) {
      assertRunning();
      const platform = currentPlatform();
      const { storage } = platform;
      const nowSec = Math.floor(platformNow() / 1000);
      return {
        requestId: randomUUID(),
        fileList: (fileList ?? []).map((item) => {
          const fileID = typeof item === 'string' ? item : item?.fileID;
          const asked = typeof item === 'object' && item ? Number(item.maxAge) : NaN;
          const maxAge = Number.isFinite(asked) && asked > 0 ? Math.floor(asked) : DEFAULT_MAX_AGE_SEC;
          const cloudPath = storage.cloudPathOf(fileID);
          if (!cloudPath || !storage.stat(cloudPath)) return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST', maxAge };
          return { fileID, tempFileURL: platform.baseUrl + storage.tempUrlPath(cloudPath, nowSec + maxAge), code: 'SUCCESS', maxAge };
        }),
      };
    },

    async deleteFile({ fileList }: { fileList: string[] }) {
      assertRunning();
      const { storage } = currentPlatform();
      return {
        requestId: randomUUID(),
        fileList: (fileList ?? []).map((fileID) => {
          const cloudPath = storage.cloudPathOf(fileID);
          return { fileID, code: cloudPath && storage.delete(cloudPath) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' };
        }),
      };
    },

    async downloadFile({ fileID }: { fileID: string }) {
      assertRunning();
      const { storage } = currentPlatform();
      const cloudPath = storage.cloudPathOf(fileID);
      const file = cloudPath ? storage.read(cloudPath) : undefined;
      if (!file) return { code: 'STORAGE_FILE_NONEXIST', message: `storage file not exists: ${fileID}`, requestId: randomUUID() };
      return { fileContent: Buffer.from(file.bytes), message: '文件下载完成' };
    },

    async callCompatibleWxOpenApi({ apiName, requestData }: { apiName: string; requestData: Buffer }) {
      assertRunning();
      const platform = currentPlatform();
      const invocation = currentPlatformInvocation();
      const decoded = protobuf.CommApiData.toObject(protobuf.CommApiData.decode(requestData), { defaults: true }) as {
        openapiData?: { pairs?: Array<{ key: string; value: Uint8Array; contenttype?: string; filename?: string }> };
      };
      const call: OpenApiCall = { api: apiName, params: {}, media: {}, appId: platform.appId, nowMs: platformNow() };
      const recorded: Record<string, unknown> = {};
      for (const pair of decoded.openapiData?.pairs ?? []) {
        const bytes = Buffer.from(pair.value);
        // wx-server-sdk's media converter names the field `contentType`, which the protobuf writer
        // (`contenttype`) drops: a media pair arrives with its file name only.
        if (pair.contenttype || pair.filename) {
          const contentType = pair.contenttype || contentTypeOf(pair.filename ?? '');
          call.media[pair.key] = { contentType, filename: pair.filename ?? '', bytes };
          recorded[pair.key] = { contentType, bytes: bytes.length };
        } else {
          try {
            call.params[pair.key] = JSON.parse(bytes.toString('utf8'));
          } catch {
            call.params[pair.key] = bytes.toString('utf8');
          }
          recorded[pair.key] = call.params[pair.key];
        }
      }
      const answer = await answerOpenApi(call, invocation ? declaredOpenApis(invocation.functionDir) : undefined);
      const base = { api: apiName, functionName: invocation?.functionName, at: new Date(call.nowMs).toISOString(), request: recorded };
      if (answer.kind === 'system') {
        const errMsg = answer.errorCode === -604101 ? 'function has no permission to call this API' : 'API not found';
        platform.outbox.record({ ...base, errCode: answer.errorCode, errMsg });
        return Buffer.from(protobuf.CommOpenApiResp.encode({ errorCode: answer.errorCode }).finish());
      }
      if (answer.kind === 'binary') {
        platform.outbox.record({ ...base, errCode: 0, errMsg: 'ok' });
        return Buffer.from(protobuf.CommOpenApiResp.encode({ respData: answer.bytes, contentType: answer.contentType, httpCode: 200 }).finish());
      }
      platform.outbox.record({ ...base, errCode: Number(answer.body.errcode) || 0, errMsg: String(answer.body.errmsg) });
      return Buffer.from(
        protobuf.CommOpenApiResp.encode({ respData: Buffer.from(JSON.stringify(answer.body)), contentType: 'application/json', httpCode: 200 }).finish(),
      );
    },
  };
}

function requireOutsideInvoker(): FunctionInvoker {
  if (!outsideInvoker) throw new Error('no local function host: start the local cloud first');
  return outsideInvoker;
}

interface ProtoType {
  decode(bytes: Uint8Array): unknown;
  encode(message: Record<string, unknown>): { finish(): Uint8Array };
  toObject(message: unknown, options: Record<string, unknown>): unknown;
}
interface ProtobufTypes {
  CommApiData: ProtoType;
  CommOpenApiResp: ProtoType;
}

/** wx-server-sdk's open-API messages (src/protobuf/openapi), built with the SDK's own protobufjs. */
function protobufTypes(sdkDir: string): ProtobufTypes {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const protobuf = require(require.resolve('protobufjs', { paths: [sdkDir] })) as {
    Root: { fromJSON(json: unknown): { lookupType(name: string): ProtoType } };
  };
  const root = protobuf.Root.fromJSON({
    nested: {
      KeyValuePair: {
        fields: { key: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 }, contenttype: { type: 'string', id: 3 }, filename: { type: 'string', id: 4 } },
      },
      OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
      CommApiData: { fields: { apiType: { type: 'int32', id: 1 }, openapiData: { type: 'OpenApiData', id: 2 }, appid: { type: 'string', id: 6 } } },
      HttpHeader: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
      CommOpenApiResp: {
        fields: {
          respData: { type: 'bytes', id: 1 },
          contentType: { type: 'string', id: 2 },
          errorCode: { type: 'int32', id: 3 },
          httpCode: { type: 'uint32', id: 4 },
          headers: { rule: 'repeated', type: 'HttpHeader', id: 5 },
          svrkitErrorCode: { type: 'int32', id: 6 },
        },
      },
    },
  });
  return { CommApiData: root.lookupType('CommApiData'), CommOpenApiResp: root.lookupType('CommOpenApiResp') };
}

/** Patches one copy of wx-server-sdk, given the path of its index.js; idempotent. */
export function installOnSdk(sdkIndexPath: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require(sdkIndexPath) as Record<string | symbol, unknown>;
  if (sdk[PATCHED]) return;
  process.env.TENCENTCLOUD = 'true';
  const sdkDir = path.dirname(sdkIndexPath);
  sdk.getWXContext = localWXContext;

  const nodeSdkIndex = require.resolve('@cloudbase/node-sdk', { paths: [sdkDir] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CloudBase } = require(path.join(path.dirname(nodeSdkIndex), 'cloudbase.js')) as { CloudBase: { prototype: Record<string | symbol, unknown> } };
  if (!CloudBase.prototype[PATCHED]) {
    Object.assign(CloudBase.prototype, localMethods(protobufTypes(sdkDir)));
    Object.defineProperty(CloudBase.prototype, PATCHED, { value: true });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  installLocalRequester((require(require.resolve('@cloudbase/database', { paths: [path.dirname(nodeSdkIndex)] })) as { Db: unknown }).Db);
  Object.defineProperty(sdk, PATCHED, { value: true });
}

/** Patches the wx-server-sdk that code in `dir` resolves (a function folder's own copy, or the repo's). */
export function installOnSdkFor(dir: string): void {
  let resolved: string;
  try {
    resolved = require.resolve('wx-server-sdk', { paths: [dir] });
  } catch {
    return; // a function without the SDK needs no patch
  }
  installOnSdk(resolved);
}

const SDK_INDEX = /[\\/]wx-server-sdk[\\/]index\.js$/;
let hooked = false;

/** Patches every copy of wx-server-sdk Node loads from now on, wherever it is required from. */
export function hookSdkLoads(): void {
  if (hooked) return;
  hooked = true;
  const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown; _resolveFilename: (request: string, parent: unknown, isMain: boolean) => string };
  const original = loader._load;
  loader._load = function load(this: unknown, request: string, parent: unknown, isMain: boolean) {
    const exports = original.call(this, request, parent, isMain);
    if (request === 'wx-server-sdk' || request.endsWith('wx-server-sdk') || SDK_INDEX.test(request)) {
      try {
        const filename = loader._resolveFilename(request, parent, isMain);
        if (SDK_INDEX.test(filename)) installOnSdk(filename);
      } catch {
        /* not resolvable as a file: nothing to patch */
      }
    }
    return exports;
  };
}

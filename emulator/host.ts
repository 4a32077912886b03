import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { currentPlatformInvocation, runInInvocation, type Invocation, type PlatformInvocation } from './invocation';
import { currentPlatform } from './platform';
import { CloudFunctionError, FUNCTIONS_EXECUTE_FAIL, FUNCTIONS_TIME_LIMIT_EXCEEDED, FunctionNotFoundError } from './platform/errors';
import { hookSdkLoads, installOnSdkFor } from './platform/sdk';

export { CloudFunctionError, FunctionNotFoundError } from './platform/errors';

export type FunctionMain = (event: unknown, context: unknown) => unknown;

export interface InvokeOptions {
  /** The caller's OPENID; omit for an anonymous caller. */
  openid?: string;
  /** getWXContext().SOURCE; default `wx_client` with an OPENID, `wx_http` without. */
  source?: string;
  /** getWXContext().CLIENTIP; default 127.0.0.1. */
  clientIp?: string;
}

export interface InvocationRecord extends Invocation {
  requestId?: string;
  durationMs: number;
  /** `OK`, an envelope error code, `THREW` (main threw or rejected), `TIMEOUT`, or `LOAD_FAILED`. */
  outcome: string;
  /** For THREW: the error's class and stack frames (never its message, which may carry event values). */
  stack?: string;
}

export interface HostOptions {
  /** Folder whose sub-folders are functions (default: the repo's cloudfunctions/). */
  functionsDir?: string;
  /** Receives one line per invocation (default: stdout); pass `() => {}` to silence. */
  log?: (line: string, record: InvocationRecord) => void;
  /** Receives host problems: a function that failed to load, a stray rejection (default: stderr). */
  warn?: (line: string) => void;
  /**
   * Multiplies every time limit (default 1; 10 inside a jest worker, whose module sandbox runs
   * pure-JS work such as PNG encoding tens of times slower than Node does). Tests of the limit
   * itself pass 1.
   */
  timeLimitScale?: number;
}

const DEFAULT_TIME_LIMIT_SCALE = process.env.JEST_WORKER_ID !== undefined ? 10 : 1;

const FUNCTION_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** CloudBase's default time limit of a function; config.json `timeout` (seconds) overrides it. */
export const DEFAULT_TIMEOUT_MS = 3000;
const MAX_TIMEOUT_SEC = 900;
const MEMORY_LIMIT_MB = 256;

/**
 * How much of its time limit an invocation has used. On CloudBase each invocation has an instance
 * to itself; here all of them share one event loop, so with n invocations in flight each is
 * charged 1/n of the time that passes (processor sharing). A lone function that hangs is cut off
 * after exactly its limit; a burst of 300 concurrent signups is not cut off for queueing behind
 * the others.
 */
const machineShare = (() => {
  let inFlight = 0;
  let charged = 0;
  let at = performance.now();
  const advance = () => {
    const t = performance.now();
    charged += (t - at) / Math.max(1, inFlight);
    at = t;
  };
  return {
    enter(): number {
      advance();
      inFlight++;
      return charged;
    },
    leave(): void {
      advance();
      inFlight = Math.max(0, inFlight - 1);
    },
    usedSince(start: number): number {
      advance();
      return charged - start;
    },
    contention(): number {
      return Math.max(1, inFlight);
    },
  };
})();

interface LoadedFunction {
  dir: string;
  timeoutMs: number;
  main?: FunctionMain;
  /** Why the function could not be loaded (its calls fail with it). */
  loadError?: string;
}

hookSdkLoads();
installOnSdkFor(__dirname);

/**
 * Runs the unmodified cloud functions in this process: every folder under `functionsDir` with an
 * index.ts or index.js exporting `main` is a function, found by name on first call. A function
 * that fails to load, throws, rejects, or runs past its time limit fails alone, answered as
 * CloudBase answers it (CloudFunctionError); the host and every other function keep serving.
 */
export class FunctionHost {
  readonly functionsDir: string;
  private readonly log: NonNullable<HostOptions['log']>;
  private readonly warn: NonNullable<HostOptions['warn']>;
  private readonly loaded = new Map<string, LoadedFunction>();
  private readonly timeLimitScale: number;

  constructor(options: HostOptions = {}) {
    this.timeLimitScale = options.timeLimitScale ?? DEFAULT_TIME_LIMIT_SCALE;
    this.functionsDir = path.resolve(options.functionsDir ?? path.join(__dirname, '..', 'cloudfunctions'));
    this.log = options.log ?? defaultLog;
    this.warn = options.warn ?? ((line) => console.error(line));
    installProcessGuards();
  }

  /** Names of the functions the folder holds now (loads each to check that it exports main). */
  names(): string[] {
    return readdirSync(this.functionsDir)
      .filter((name) => this.has(name))
      .sort();
  }

  /** True for a function, including one that failed to load (its calls answer the failure). */
  has(name: string): boolean {
    return this.resolve(name) !== undefined;
  }

  /** Why `name` could not be loaded, or undefined when it loaded (or is no function). */
  loadError(name: string): string | undefined {
    return this.resolve(name)?.loadError;
  }

  async invoke(name: string, event: unknown, options: InvokeOptions = {}): Promise<unknown> {
    const fn = this.resolve(name);
    if (!fn) throw new FunctionNotFoundError(name);
    const platform = currentPlatform();
    const action = event && typeof event === 'object' ? (event as { action?: unknown }).action : undefined;
    const requestId = randomUUID();
    const openid = options.openid || undefined;
    const invocation: PlatformInvocation = {
      functionName: name,
      action: typeof action === 'string' ? action.slice(0, 64) : undefined,
      openid,
      reads: 0,
      writes: 0,
      docsExamined: 0,
      requestId,
      source: options.source ?? (openid ? 'wx_client' : 'wx_http'),
      clientIp: options.clientIp ?? '127.0.0.1',
      functionDir: fn.dir,
      // CloudBase passes the caller's identity on: the callee sees the same OPENID and APPID.
      callFunction: (callee, data) => this.invoke(callee, data, { openid, source: `${invocation.source},scf`, clientIp: invocation.clientIp }),
      cutOff: false,
      settled: false,
      fail: () => undefined,
    };
    installProcessGuards();
    const started = process.hrtime.bigint();
    let outcome = 'THREW';
    let settle = () => undefined as void;
    let stack: string | undefined;
    try {
      if (fn.loadError !== undefined || !fn.main) {
        outcome = 'LOAD_FAILED';
        throw new CloudFunctionError(FUNCTIONS_EXECUTE_FAIL, fn.loadError ?? 'no main', requestId);
      }
      const main = fn.main;
      const context = {
        callbackWaitsForEmptyEventLoop: false,
        memory_limit_in_mb: MEMORY_LIMIT_MB,
        time_limit_in_ms: fn.timeoutMs,
        request_id: requestId,
        environ: `SCF_NAMESPACE=${platform.envId};TCB_ENV=${platform.envId};SCF_FUNCTIONNAME=${name};TENCENTCLOUD_RUNENV=SCF`,
        function_version: '$LATEST',
        function_name: name,
        namespace: platform.envId,
        tencentcloud_region: 'ap-shanghai',
      };
      const limitMs = fn.timeoutMs * this.timeLimitScale;
      const result = await new Promise<unknown>((resolve, reject) => {
        const startShare = machineShare.enter();
        let timer: NodeJS.Timeout;
        const check = () => {
          const used = machineShare.usedSince(startShare);
          if (used < limitMs) {
            timer = setTimeout(check, (limitMs - used) * machineShare.contention());
            return;
          }
          invocation.cutOff = true;
          outcome = 'TIMEOUT';
          reject(new CloudFunctionError(FUNCTIONS_TIME_LIMIT_EXCEEDED, `Invoking task timed out after ${fn.timeoutMs / 1000} seconds`, requestId));
        };
        timer = setTimeout(check, limitMs);
        // Once settled (answered, failed or cut off) the invocation is no longer charged or timed.
        settle = () => {
          clearTimeout(timer);
          machineShare.leave();
        };
        invocation.fail = reject;
        runInInvocation(invocation, async () => main(event, context)).then(resolve, reject);
      });
      outcome = outcomeOf(result);
      return result;
    } catch (error) {
      if (error instanceof CloudFunctionError && error.requestID === requestId) throw error;
      stack = stackOf(error);
      throw new CloudFunctionError(FUNCTIONS_EXECUTE_FAIL, describe(error), requestId);
    } finally {
      settle();
      invocation.settled = true;
      const { callFunction: _c, fail: _f, cutOff: _x, settled: _s, functionDir: _d, source: _src, clientIp: _ip, ...base } = invocation;
      const record: InvocationRecord = { ...base, durationMs: Number(process.hrtime.bigint() - started) / 1e6, outcome, ...(stack ? { stack } : {}) };
      this.log(formatLogLine(record), record);
    }
  }

  private entryFile(name: string): string | undefined {
    const dir = path.join(this.functionsDir, name);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return undefined;
    return ['index.ts', 'index.js'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
  }

  private resolve(name: string): LoadedFunction | undefined {
    if (!FUNCTION_NAME.test(name)) return undefined;
    const cached = this.loaded.get(name);
    if (cached) return cached;
    const entry = this.entryFile(name);
    if (!entry) return undefined;
    const dir = path.dirname(entry);
    const fn: LoadedFunction = { dir, timeoutMs: readTimeoutMs(dir) };
    try {
      // The function's own wx-server-sdk (its node_modules, or the repo's) gets the local platform first.
      installOnSdkFor(dir);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(entry) as { main?: unknown };
      if (typeof mod.main !== 'function') return undefined;
      fn.main = mod.main as FunctionMain;
    } catch (error) {
      fn.loadError = describe(error);
      this.warn(`[host] function ${name} failed to load and answers every call with the error: ${fn.loadError}`);
    }
    this.loaded.set(name, fn);
    return fn;
  }
}

function readTimeoutMs(dir: string): number {
  const file = path.join(dir, 'config.json');
  if (!existsSync(file)) return DEFAULT_TIMEOUT_MS;
  try {
    const timeout = (JSON.parse(readFileSync(file, 'utf8')) as { timeout?: unknown }).timeout;
    if (typeof timeout === 'number' && timeout > 0 && timeout <= MAX_TIMEOUT_SEC) return Math.round(timeout * 1000);
  } catch {
    /* an unreadable config.json: the default, as a deploy would refuse it anyway */
  }
  return DEFAULT_TIMEOUT_MS;
}

/** What CloudBase reports after `errMsg:`: the error's class and message, first line only. */
function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.split('\n')[0].slice(0, 1000);
  const errMsg = (error as { errMsg?: unknown } | null)?.errMsg;
  if (typeof errMsg === 'string') return errMsg.slice(0, 1000);
  return String(error).slice(0, 1000);
}

/** The error's class and stack frames, without its message. */
function stackOf(error: unknown): string {
  if (!(error instanceof Error)) return `(a thrown ${error === null ? 'null' : typeof error})`;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 12);
  return [error.name, ...frames].join('\n');
}

function outcomeOf(result: unknown): string {
  if (result && typeof result === 'object' && 'ok' in result) {
    const envelope = result as { ok: boolean; error?: { code?: string } };
    return envelope.ok ? 'OK' : (envelope.error?.code ?? 'ERROR');
  }
  return 'OK';
}

function defaultLog(line: string, record: InvocationRecord): void {
  if (record.stack) console.error(`${line}\n${record.stack}`);
  else console.log(line);
}

/** A pseudonymous tag for the caller: enough to follow one caller through a log, no OPENID in it. */
export function callerTag(openid: string | undefined): string {
  return openid ? `#${createHash('sha256').update(openid).digest('hex').slice(0, 8)}` : 'anonymous';
}

export function formatLogLine(r: InvocationRecord): string {
  const fn = r.action ? `${r.functionName}.${r.action}` : r.functionName;
  return `[fn] ${fn} caller=${callerTag(r.openid)} ${r.durationMs.toFixed(1)}ms reads=${r.reads} writes=${r.writes} docs=${r.docsExamined} ${r.outcome}`;
}

/**
 * A rejection nobody handles, or an exception thrown from a callback, would end the Node process:
 * one function would take every other down. The host fails only the invocation it arose in (the
 * async context still knows it), and logs one raised outside any invocation.
 *
 * The guards go on the real process (`vm.runInThisContext('process')`: a test runner hands modules
 * a copy of it), once per process, shared by every copy of this module through `GUARDS`; a runner
 * that swaps the process's listeners during a run gets ours back on the next invocation.
 */
interface Guards {
  lookups: Set<() => PlatformInvocation | undefined>;
  onRejection: (reason: unknown, promise: Promise<unknown>) => void;
}
const GUARDS = Symbol.for('csu.localCloud.processGuards');
const realProcess = vm.runInThisContext('process') as NodeJS.Process;

function installProcessGuards(): void {
  const proc = realProcess as unknown as Record<symbol, Guards | undefined>;
  let guards = proc[GUARDS];
  if (!guards) {
    const lookups = new Set<() => PlatformInvocation | undefined>();
    const running = () => {
      for (const lookup of lookups) {
        const invocation = lookup();
        if (invocation) return invocation;
      }
      return undefined;
    };
    const stray = (kind: string, error: unknown, invocation: PlatformInvocation | undefined) => {
      const where = invocation ? ` in ${invocation.functionName} after it answered` : '';
      console.error(`[host] ${kind}${where}: ${stackOf(error)}`);
    };
    guards = {
      lookups,
      onRejection: (reason, promise) => {
        const invocation = running();
        if (invocation && !invocation.settled) {
          promise.catch(() => undefined); // handled now: by failing its invocation
          invocation.fail(reason);
        } else if (realProcess.listenerCount('unhandledRejection') === 1) {
          stray('unhandled rejection', reason, invocation);
        }
      },
    };
    proc[GUARDS] = guards;
    const onException = (error: unknown) => {
      const invocation = running();
      if (invocation && !invocation.settled) invocation.fail(error);
      else if (realProcess.listenerCount('uncaughtException') > 0) realProcess.emit('uncaughtException', error as Error);
      else stray('uncaught exception', error, invocation);
    };
    try {
      realProcess.setUncaughtExceptionCaptureCallback(onException);
    } catch {
      realProcess.on('uncaughtException', onException); // another capture callback is set (domains)
    }
  }
  guards.lookups.add(currentPlatformInvocation);
  if (!realProcess.listeners('unhandledRejection').includes(guards.onRejection as never)) realProcess.on('unhandledRejection', guards.onRejection);
}

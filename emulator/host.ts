import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
// The SDK's own exports object (a namespace import would be a frozen copy): getWXContext is replaced on it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import cloud = require('wx-server-sdk');
import { currentInvocation, runInInvocation, type Invocation } from './invocation';

export type FunctionMain = (event: unknown, context: unknown) => unknown;

export class FunctionNotFoundError extends Error {
  constructor(readonly functionName: string) {
    super(`no cloud function named ${functionName}`);
  }
}

export interface InvokeOptions {
  /** The caller's OPENID; omit for an anonymous caller. */
  openid?: string;
}

export interface InvocationRecord extends Invocation {
  durationMs: number;
  /** `OK`, an envelope error code, or `THREW` when main rejected. */
  outcome: string;
}

export interface HostOptions {
  /** Folder whose sub-folders are functions (default: the repo's cloudfunctions/). */
  functionsDir?: string;
  /** Receives one line per invocation (default: stdout); pass `() => {}` to silence. */
  log?: (line: string, record: InvocationRecord) => void;
}

const FUNCTION_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

installLocalContext();

/**
 * Runs the unmodified cloud functions in this process: every folder under `functionsDir` with an
 * index.ts or index.js exporting `main` is a function, found by name on first call.
 */
export class FunctionHost {
  readonly functionsDir: string;
  private readonly log: NonNullable<HostOptions['log']>;
  private readonly loaded = new Map<string, FunctionMain>();

  constructor(options: HostOptions = {}) {
    this.functionsDir = path.resolve(options.functionsDir ?? path.join(__dirname, '..', 'cloudfunctions'));
    this.log = options.log ?? ((line) => console.log(line));
  }

  /** Names of the functions the folder holds now (loads each to check that it exports main). */
  names(): string[] {
    return readdirSync(this.functionsDir)
      .filter((name) => this.has(name))
      .sort();
  }

  has(name: string): boolean {
    return this.resolve(name) !== undefined;
  }

  async invoke(name: string, event: unknown, options: InvokeOptions = {}): Promise<unknown> {
    const main = this.resolve(name);
    if (!main) throw new FunctionNotFoundError(name);
    const action = event && typeof event === 'object' ? (event as { action?: unknown }).action : undefined;
    const invocation: Invocation = {
      functionName: name,
      action: typeof action === 'string' ? action.slice(0, 64) : undefined,
      openid: options.openid || undefined,
      reads: 0,
      writes: 0,
      docsExamined: 0,
    };
    const started = process.hrtime.bigint();
    let outcome = 'THREW';
    try {
      const result = await runInInvocation(invocation, async () => main(event, { function_name: name }));
      outcome = outcomeOf(result);
      return result;
    } finally {
      const record: InvocationRecord = { ...invocation, durationMs: Number(process.hrtime.bigint() - started) / 1e6, outcome };
      this.log(formatLogLine(record), record);
    }
  }

  private entryFile(name: string): string | undefined {
    const dir = path.join(this.functionsDir, name);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return undefined;
    return ['index.ts', 'index.js'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
  }

  private resolve(name: string): FunctionMain | undefined {
    if (!FUNCTION_NAME.test(name)) return undefined;
    const cached = this.loaded.get(name);
    if (cached) return cached;
    const entry = this.entryFile(name);
    if (!entry) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(entry) as { main?: unknown };
    if (typeof mod.main !== 'function') return undefined;
    this.loaded.set(name, mod.main as FunctionMain);
    return mod.main as FunctionMain;
  }
}

function outcomeOf(result: unknown): string {
  if (result && typeof result === 'object' && 'ok' in result) {
    const envelope = result as { ok: boolean; error?: { code?: string } };
    return envelope.ok ? 'OK' : (envelope.error?.code ?? 'ERROR');
  }
  return 'OK';
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
 * wx-server-sdk's getWXContext() reads process-wide environment variables, which mixes up callers
 * when invocations overlap; locally it answers from the invocation running in this async context.
 */
function installLocalContext(): void {
  process.env.TENCENTCLOUD = 'true';
  // Tells functions they run on the local cloud (e.g. notify.ts records messages instead of sending).
  process.env.LOCAL_CLOUD = '1';
  (cloud as { getWXContext: () => Record<string, unknown> }).getWXContext = () => {
    const invocation = currentInvocation();
    return {
      OPENID: invocation?.openid,
      APPID: 'wx-local-cloud',
      UNIONID: undefined,
      ENV: 'local',
      SOURCE: invocation?.openid ? 'wx_client' : 'wx_http',
    };
  };
}

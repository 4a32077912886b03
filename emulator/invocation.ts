import { AsyncLocalStorage } from 'node:async_hooks';

/** What the local cloud knows about one running function invocation. */
export interface Invocation {
  functionName: string;
  action?: string;
  /** The caller's OPENID; undefined for an anonymous caller or a timer trigger. */
  openid?: string;
  /** Database round-trips that read (get, count, aggregate, transactional get). */
  reads: number;
  /** Database round-trips that write (insert, modify, remove, commit). */
  writes: number;
  /** Documents the engine examined to answer reads: shows whether an index bounded the work. */
  docsExamined: number;
}

/** The platform's view of an invocation: identity as getWXContext() shows it, and its lifecycle. */
export interface PlatformInvocation extends Invocation {
  requestId: string;
  /** getWXContext().SOURCE: `wx_client`, `wx_http`, `wx_trigger`, `…,scf` for a function's call. */
  source: string;
  clientIp: string;
  /** The function's folder (its config.json declares its open-API permissions). */
  functionDir: string;
  /** Calls another function of the same host with this invocation's identity (cloud.callFunction). */
  callFunction: (name: string, data: unknown) => Promise<unknown>;
  /** Set once the time limit cut the invocation off: its later platform calls fail. */
  cutOff: boolean;
  /** Set once the invocation has answered (or failed). */
  settled: boolean;
  /** Fails the invocation (an unhandled rejection or uncaught exception raised inside it). */
  fail: (error: unknown) => void;
}

const store = new AsyncLocalStorage<Invocation>();

export function runInInvocation<T>(invocation: Invocation, fn: () => Promise<T>): Promise<T> {
  return store.run(invocation, fn);
}

export function currentInvocation(): Invocation | undefined {
  return store.getStore();
}

/** The running invocation when the function host started it (not a bare engine test). */
export function currentPlatformInvocation(): PlatformInvocation | undefined {
  const invocation = store.getStore();
  return invocation && 'requestId' in invocation ? (invocation as PlatformInvocation) : undefined;
}

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

const store = new AsyncLocalStorage<Invocation>();

export function runInInvocation<T>(invocation: Invocation, fn: () => Promise<T>): Promise<T> {
  return store.run(invocation, fn);
}

export function currentInvocation(): Invocation | undefined {
  return store.getStore();
}

import type { ActionName, FunctionName, ParamsOf, ResultOf } from '../../typings/api';
import type { Envelope } from '../../typings/envelope';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../emulator/local-cloud';

export type { LocalCloud };

/**
 * A fresh in-memory local cloud with the reference data (head school + 41 branches), no demo data,
 * and a silent log. Tests call functions through `cloud.call(name, event, openid)`: the real `main`.
 */
export function startTestCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  return startLocalCloud({ log: () => {}, seed: { demo: false }, ...options });
}

/** Unwraps an envelope that must be ok, with the error in the failure message when it is not. */
export function expectOk<T>(result: unknown): T {
  const envelope = result as { ok: boolean; data?: T; error?: unknown };
  if (!envelope || envelope.ok !== true) throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return envelope.data as T;
}

/** The error code of an envelope that must have failed. */
export function errorCode(result: unknown): string {
  const envelope = result as { ok: boolean; error?: { code: string; message: string } };
  if (!envelope || envelope.ok !== false || !envelope.error) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  if (!/[\u4e00-\u9fa5]/.test(envelope.error.message)) throw new Error(`error message is not Chinese: ${envelope.error.message}`);
  return envelope.error.code;
}

/**
 * The typed client of the tests: params and result come from the function's API map in `typings/`,
 * as in the mini-program's `call()`, so a test cannot assert a shape the API does not return.
 */
export function typedApi(cloud: LocalCloud) {
  function call<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, params: ParamsOf<F, A>, openid?: string): Promise<Envelope<ResultOf<F, A>>> {
    return cloud.call<Envelope<ResultOf<F, A>>>(fn, { ...(params as object), action }, openid);
  }
  return {
    call,
    /** The data of a call that must succeed. */
    ok: async <F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, params: ParamsOf<F, A>, openid?: string): Promise<ResultOf<F, A>> =>
      expectOk<ResultOf<F, A>>(await call(fn, action, params, openid)),
  };
}

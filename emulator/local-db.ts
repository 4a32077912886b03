/**
 * Plugs the embedded engine into the unmodified wx-server-sdk: every request of the exact
 * @cloudbase/database module that wx-server-sdk's @cloudbase/node-sdk resolves goes to the
 * current Engine instead of the network.
 */
import * as path from 'node:path';
// Imported rather than global: jsdom test environments (page tests) hide Node's setImmediate.
import { setImmediate } from 'node:timers';
import type { Engine } from './engine/index';
import { currentPlatformInvocation } from './invocation';

let current: Engine | undefined;

/** One event-loop turn: what stands in for the network between a function and its database. */
const networkHop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The requester class @cloudbase/database instantiates (`new Db.reqClass(config)`).
 * The engine answers synchronously; on CloudBase every request is a network round-trip, during
 * which other invocations run. Each request therefore waits one event-loop turn first, so
 * invocations arriving over HTTP overlap at every round-trip as they do in production, and races
 * show locally instead of only in the cloud.
 */
class LocalRequester {
  constructor(readonly config?: unknown) {}

  async send(action: string, params?: unknown, _opts?: unknown): Promise<any> {
    await networkHop();
    // CloudBase freezes an instance past its time limit: nothing it sends afterwards arrives.
    if (currentPlatformInvocation()?.cutOff) throw new Error('the invocation was cut off at its time limit');
    return currentEngine().request(action, params ?? {});
  }
}

const INSTALLED = Symbol.for('csu.localDb.installed');

function cloudbaseDatabaseModule(): { Db: any } {
  const wxSdk = require.resolve('wx-server-sdk');
  const nodeSdk = require.resolve('@cloudbase/node-sdk', { paths: [path.dirname(wxSdk)] });
  const database = require.resolve('@cloudbase/database', { paths: [path.dirname(nodeSdk)] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(database);
}

/** Routes wx-server-sdk's database to `engine` (installing the requester on first use). */
export function useEngine(engine: Engine): void {
  current = engine;
  process.env.TENCENTCLOUD = 'true';
  installLocalRequester(cloudbaseDatabaseModule().Db);
}

/** Installs the local requester on one copy of @cloudbase/database (each wx-server-sdk copy has its own). */
export function installLocalRequester(Db: any): void {
  if (Db[INSTALLED]) return;
  Object.defineProperty(Db, 'reqClass', {
    configurable: true,
    get: () => LocalRequester,
    set() {
      /* cloud.database() resets reqClass on every call: keep ours */
    },
  });
  Object.defineProperty(Db, INSTALLED, { value: true });
}

export function currentEngine(): Engine {
  if (!current) throw new Error('no local database engine: call useEngine(engine) first');
  return current;
}

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Engine, loadIndexDeclaration } from './engine';
import { FunctionHost, type HostOptions } from './host';
import { useEngine } from './local-db';
import { Platform, platformNow, setClock, setClockOffset, usePlatform } from './platform';
import { applyFunctionEnv, localFunctionEnv } from './platform/function-env';
import { setOutsideInvoker } from './platform/sdk';
import { seedLocalCloud, type SeedReport } from './seed';

export interface LocalCloudOptions extends HostOptions {
  /** Folder for the SQLite file and cloud storage; omit for in-memory (tests). */
  dataDir?: string;
  /** Seed reference data (and demo data when `demo` is true). Default: no seeding. */
  seed?: { demo: boolean };
  /** Base URL of the HTTP face, for temporary file URLs (default http://127.0.0.1:8787). */
  baseUrl?: string;
}

export interface LocalCloud {
  engine: Engine;
  host: FunctionHost;
  /** Storage, outbox and the environment's identity (env id, AppID). */
  platform: Platform;
  seedReport?: SeedReport;
  /** Calls a function as `openid` (omit for anonymous) and returns what main returned. */
  call<T = unknown>(name: string, event: Record<string, unknown>, openid?: string): Promise<T>;
  /** Moves the functions' clock (tests of start times and deadlines); 0 restores real time. */
  setClockOffset(ms: number): void;
  /** Sets the clock to an instant (time moves on from it), or back to real time with 'reset'. */
  setClock(now: string | Date | 'reset'): Date;
  close(): void;
}

/** The engine, installed under wx-server-sdk, plus the function host and platform: one machine's CloudBase. */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  let filename = ':memory:';
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    filename = path.join(options.dataDir, 'cloud.sqlite');
  }
  const platform = new Platform({ dataDir: options.dataDir, baseUrl: options.baseUrl });
  usePlatform(platform);
  applyFunctionEnv(localFunctionEnv());
  // db.serverDate(), $$NOW and transaction timeouts follow the local clock too.
  const engine = new Engine({ filename, indexes: loadIndexDeclaration(), now: platformNow });
  useEngine(engine);
  const host = new FunctionHost(options);
  setOutsideInvoker(host);
  const seedReport = options.seed ? await seedLocalCloud(host, options.seed) : undefined;
  return {
    engine,
    host,
    platform,
    seedReport,
    call: <T>(name: string, event: Record<string, unknown>, openid?: string) => host.invoke(name, event, { openid }) as Promise<T>,
    setClockOffset,
    setClock,
    close: () => {
      setClockOffset(0);
      engine.close();
    },
  };
}

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setLocalClockOffset } from '../cloudfunctions/_shared/clock';
import { Engine, loadIndexDeclaration } from './engine';
import { FunctionHost, type HostOptions } from './host';
import { useEngine } from './local-db';
import { seedLocalCloud, type SeedReport } from './seed';

export interface LocalCloudOptions extends HostOptions {
  /** Folder for the SQLite file; omit for an in-memory database (tests). */
  dataDir?: string;
  /** Seed reference data (and demo data when `demo` is true). Default: no seeding. */
  seed?: { demo: boolean };
}

export interface LocalCloud {
  engine: Engine;
  host: FunctionHost;
  seedReport?: SeedReport;
  /** Calls a function as `openid` (omit for anonymous) and returns what main returned. */
  call<T = unknown>(name: string, event: Record<string, unknown>, openid?: string): Promise<T>;
  /** Moves the functions' clock (tests of start times and deadlines); 0 restores real time. */
  setClockOffset(ms: number): void;
  close(): void;
}

/** The engine, installed under wx-server-sdk, plus the function host: one machine's CloudBase. */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  let filename = ':memory:';
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    filename = path.join(options.dataDir, 'cloud.sqlite');
  }
  const engine = new Engine({ filename, indexes: loadIndexDeclaration() });
  useEngine(engine);
  const host = new FunctionHost(options);
  const seedReport = options.seed ? await seedLocalCloud(host, options.seed) : undefined;
  return {
    engine,
    host,
    seedReport,
    call: <T>(name: string, event: Record<string, unknown>, openid?: string) => host.invoke(name, event, { openid }) as Promise<T>,
    setClockOffset: (ms) => setLocalClockOffset(ms),
    close: () => {
      setLocalClockOffset(0);
      engine.close();
    },
  };
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Outbox } from './outbox';
import { LocalStorage } from './storage';

export { platformNow, setClock, setClockOffset } from './clock';

/**
 * The non-database half of the local CloudBase: the environment's identity, cloud storage, and
 * the outbox of open-API calls. One per process is current (the local cloud installs it); the
 * SDK patches (./sdk.ts) and the HTTP face answer from the current one.
 */
export interface PlatformOptions {
  /** Folder for storage and the environment's identity; omit to keep everything in memory. */
  dataDir?: string;
  /** Base URL of the HTTP face, used in temporary file URLs (default http://127.0.0.1:8787). */
  baseUrl?: string;
}

/** The mini-program's AppID as getWXContext() reports it (shaped as WeChat's: wx + 16 hex). */
export const LOCAL_APPID = 'wx0000000000000000';
const APP_NUMBER = '1250000000';

export class Platform {
  readonly envId: string;
  readonly appId = LOCAL_APPID;
  readonly storage: LocalStorage;
  readonly outbox = new Outbox();
  baseUrl: string;

  constructor(options: PlatformOptions = {}) {
    const identity = loadIdentity(options.dataDir);
    this.envId = identity.envId;
    this.baseUrl = options.baseUrl ?? 'http://127.0.0.1:8787';
    this.storage = new LocalStorage({
      envId: identity.envId,
      appNumber: APP_NUMBER,
      secret: identity.secret,
      dir: options.dataDir ? path.join(options.dataDir, 'storage') : undefined,
    });
  }
}

/** A data folder keeps its env id and URL-signing key, so fileIDs and links survive restarts. */
function loadIdentity(dataDir: string | undefined): { envId: string; secret: string } {
  const fresh = () => ({ envId: `local-${randomBytes(3).toString('hex')}`, secret: randomBytes(32).toString('hex') });
  if (!dataDir) return fresh();
  const file = path.join(dataDir, 'storage', 'environment.json');
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { envId?: unknown; secret?: unknown };
    if (typeof saved.envId === 'string' && typeof saved.secret === 'string') return { envId: saved.envId, secret: saved.secret };
  }
  const identity = fresh();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(identity));
  return identity;
}

let current: Platform | undefined;

export function usePlatform(platform: Platform): void {
  current = platform;
}

/** The installed platform (an in-memory one is created for hosts started on their own). */
export function currentPlatform(): Platform {
  if (!current) current = new Platform();
  return current;
}

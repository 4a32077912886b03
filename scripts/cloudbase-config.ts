/**
 * cloudbaserc.json, the CloudBase CLI's (`tcb`) declaration of the cloud functions, derived from
 * the function folders: `npm run deploy:config` writes it, and test/build/cloudbaserc.test.ts
 * fails when the committed file differs from what the folders say (a function added, a trigger,
 * timeout or environment variable changed). `npm run deploy` deploys from the same file.
 *
 * Per function (`cloudfunctions/<name>/` as `npm run build` finds them):
 * - runtime Nodejs16.13, the Node the bundles are built for (esbuild target node16; wx-server-sdk 4
 *   runs on it);
 * - timeout: `timeout` (seconds) of the function's config.json, else DEFAULT_TIMEOUT_S;
 * - triggers: the `triggers` of config.json (timer triggers, as WeChat DevTools uploads them);
 * - envVariables: every variable the function's own source files read (`process.env.NAME`, and the
 *   subscription template variables named in cloudfunctions/_shared/notify.ts), each as a
 *   `{{env.NAME}}` placeholder the CLI fills from `.env` / `.env.local`;
 * - installDependency: the cloud installs wx-server-sdk from the bundle's package.json.
 */
import { build } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findFunctions } from './build-functions';

const REPO_ROOT = path.join(__dirname, '..');
export const CLOUDBASERC_FILE = path.join(REPO_ROOT, 'cloudbaserc.json');

export const RUNTIME = 'Nodejs16.13';
/** CloudBase's own default (3 s) is too short for an export or a reminder round; 60 is the CLI's maximum. */
export const DEFAULT_TIMEOUT_S = 20;
/** Read only on the local cloud (emulator/ sets them); never configured in CloudBase. */
export const LOCAL_ONLY_VARIABLES = ['LOCAL_CLOUD', 'DEMO_DATA', 'DATA_DIR', 'PORT', 'HOST'];

export interface TimerTrigger {
  name: string;
  type: 'timer';
  config: string;
}

export interface CloudbaseFunction {
  name: string;
  handler: 'index.main';
  runtime: string;
  timeout: number;
  installDependency: true;
  envVariables: Record<string, string>;
  triggers?: TimerTrigger[];
}

export interface CloudbaseRc {
  version: '2.0';
  envId: string;
  functionRoot: string;
  functions: CloudbaseFunction[];
}

interface FunctionConfigJson {
  timeout?: unknown;
  triggers?: unknown;
}

function readConfigJson(dir: string): FunctionConfigJson {
  const file = path.join(dir, 'config.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as FunctionConfigJson) : {};
}

function timeoutOf(name: string, config: FunctionConfigJson): number {
  if (config.timeout === undefined) return DEFAULT_TIMEOUT_S;
  const t = config.timeout;
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 900) {
    throw new Error(`cloudfunctions/${name}/config.json: timeout must be a whole number of seconds (1–900)`);
  }
  return t;
}

function triggersOf(name: string, config: FunctionConfigJson): TimerTrigger[] {
  if (config.triggers === undefined) return [];
  if (!Array.isArray(config.triggers)) throw new Error(`cloudfunctions/${name}/config.json: triggers must be a list`);
  return config.triggers.map((t: { name?: unknown; type?: unknown; config?: unknown }) => {
    if (typeof t?.name !== 'string' || t.type !== 'timer' || typeof t.config !== 'string') {
      throw new Error(`cloudfunctions/${name}/config.json: every trigger needs a name, type "timer" and a cron config`);
    }
    return { name: t.name, type: 'timer', config: t.config };
  });
}

const DIRECT_READ = /process\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\])/g;
/** notify.ts reads these through a table (`process.env[TEMPLATE_ENV[kind]]`). */
const TEMPLATE_NAME = /['"](SUBSCRIBE_TEMPLATE_[A-Z0-9_]+)['"]/g;

/** The environment variables a function's own code reads: the project files its bundle is made of. */
export async function environmentVariablesOf(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node16',
    format: 'cjs',
    external: ['wx-server-sdk'],
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: REPO_ROOT,
  });
  const names = new Set<string>();
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.includes('node_modules/') || !/\.(ts|js)$/.test(input)) continue;
    const text = fs.readFileSync(path.join(REPO_ROOT, input), 'utf8');
    for (const m of text.matchAll(DIRECT_READ)) names.add(m[1] ?? m[2]);
    for (const m of text.matchAll(TEMPLATE_NAME)) names.add(m[1]);
  }
  return [...names].filter((n) => !LOCAL_ONLY_VARIABLES.includes(n)).sort();
}

export async function cloudbaseConfig(srcDir: string = path.join(REPO_ROOT, 'cloudfunctions')): Promise<CloudbaseRc> {
  const functions: CloudbaseFunction[] = [];
  for (const fn of findFunctions(srcDir)) {
    const config = readConfigJson(path.dirname(fn.entry));
    const triggers = triggersOf(fn.name, config);
    const variables = await environmentVariablesOf(fn.entry);
    functions.push({
      name: fn.name,
      handler: 'index.main',
      runtime: RUNTIME,
      timeout: timeoutOf(fn.name, config),
      installDependency: true,
      envVariables: Object.fromEntries(variables.map((n) => [n, `{{env.${n}}}`])),
      ...(triggers.length ? { triggers } : {}),
    });
  }
  return { version: '2.0', envId: '{{env.ENV_ID}}', functionRoot: 'build/cloudfunctions', functions };
}

export function formatConfig(config: CloudbaseRc): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** The committed cloudbaserc.json. */
export function readCloudbaseRc(file: string = CLOUDBASERC_FILE): CloudbaseRc {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CloudbaseRc;
}

if (require.main === module) {
  cloudbaseConfig().then(
    (config) => {
      fs.writeFileSync(CLOUDBASERC_FILE, formatConfig(config));
      console.log(`cloudbaserc.json: ${config.functions.map((f) => f.name).join(', ')}`);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}

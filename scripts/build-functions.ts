/**
 * Bundles every cloud function for "upload and deploy" (`npm run build`).
 *
 * For each `cloudfunctions/<name>/` with an `index.ts` or `index.js` (folders starting with `_`,
 * such as `_shared`, are libraries inlined into each function), esbuild writes
 * `build/cloudfunctions/<name>/index.js` (Node 16, CommonJS, minified but for identifiers,
 * wx-server-sdk and LAZY_PACKAGES external), a `package.json` whose dependencies are wx-server-sdk
 * and the lazy packages the bundle requires, at the root's exact versions (the cloud installs
 * them), and a copy of `config.json` (timer triggers) when there is one.
 * project.config.json's `cloudfunctionRoot` points at the output folder.
 */
import { build, type Plugin } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.join(__dirname, '..');

export interface BuildOptions {
  /** Folder holding the function folders; default `<repo>/cloudfunctions`. */
  srcDir?: string;
  /** Output folder; default `<repo>/build/cloudfunctions`. */
  outDir?: string;
  /** Print the size table (default true). */
  log?: boolean;
}

export interface BuiltFunction {
  name: string;
  /** Absolute path of the bundle. */
  bundle: string;
  bytes: number;
  hasConfig: boolean;
}

/**
 * Packages a function loads only inside the action that needs them (`await import(...)`), kept
 * out of the bundle and listed in the function's package.json instead, so the cloud installs them
 * beside it ("云端安装依赖") and the function's cold start never pays for them: spreadsheet code
 * (exceljs and its zip, stream and promise libraries: ~1.3 MB; csv-parse) for staff imports and
 * exports, and the QR encoder (qrcode + pngjs) only the staff's sign-in code screen draws with.
 */
export const LAZY_PACKAGES = ['exceljs', 'csv-parse', 'qrcode'] as const;

function rootVersion(name: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const version = pkg.dependencies?.[name];
  if (!version) throw new Error(`${name} is missing from the root package.json dependencies`);
  return version;
}

function wxServerSdkVersion(): string {
  return rootVersion('wx-server-sdk');
}

/**
 * zod's entries (classic and core) re-export every one of its ~40 message locales (`z.locales`, about a third
 * of zod in a bundle). The functions give every message themselves and zod's own default is the
 * English locale the entry installs anyway, so the bundle keeps `en` only: messages do not change.
 */
const zodLocalesEnOnly: Plugin = {
  name: 'zod-locales-en-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), '../locales/en.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};\n`,
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

/** The function folders: `<name>/index.ts|js`, skipping `_`-prefixed libraries. */
export function findFunctions(srcDir: string): { name: string; entry: string }[] {
  if (!fs.existsSync(srcDir)) return [];
  return fs
    .readdirSync(srcDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_') && !d.name.startsWith('.'))
    .map((d) => {
      const entry = ['index.ts', 'index.js'].map((f) => path.join(srcDir, d.name, f)).find((f) => fs.existsSync(f));
      return entry ? { name: d.name, entry } : undefined;
    })
    .filter((f): f is { name: string; entry: string } => !!f)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function buildFunctions(options: BuildOptions = {}): Promise<BuiltFunction[]> {
  const srcDir = path.resolve(options.srcDir ?? path.join(REPO_ROOT, 'cloudfunctions'));
  const outDir = path.resolve(options.outDir ?? path.join(REPO_ROOT, 'build', 'cloudfunctions'));
  const sdkVersion = wxServerSdkVersion();
  const functions = findFunctions(srcDir);
  const built: BuiltFunction[] = [];

  for (const fn of functions) {
    const target = path.join(outDir, fn.name);
    // A clean folder: "upload and deploy" uploads everything in it.
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target, { recursive: true });
    const bundle = path.join(target, 'index.js');

    const result = await build({
      entryPoints: [fn.entry],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      external: ['wx-server-sdk', ...LAZY_PACKAGES],
      plugins: [zodLocalesEnOnly],
      metafile: true,
      // Smaller and faster to load; identifiers stay, so the failure log's stack frames still read.
      minifySyntax: true,
      minifyWhitespace: true,
      minifyIdentifiers: false,
      treeShaking: true,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'silent',
      absWorkingDir: REPO_ROOT,
    });

    const packageOf = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
    const required = new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => packageOf(i.path))));
    const dependencies: Record<string, string> = { 'wx-server-sdk': sdkVersion };
    for (const name of LAZY_PACKAGES) if (required.has(name)) dependencies[name] = rootVersion(name);
    const pkg = {
      name: fn.name,
      version: '1.0.0',
      main: 'index.js',
      dependencies,
    };
    fs.writeFileSync(path.join(target, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

    const config = path.join(srcDir, fn.name, 'config.json');
    const hasConfig = fs.existsSync(config);
    if (hasConfig) fs.copyFileSync(config, path.join(target, 'config.json'));

    built.push({ name: fn.name, bundle, bytes: fs.statSync(bundle).size, hasConfig });
  }

  if (options.log !== false) printTable(built, outDir);
  return built;
}

function printTable(built: BuiltFunction[], outDir: string): void {
  if (!built.length) {
    console.log('No cloud functions found (cloudfunctions/<name>/index.ts).');
    return;
  }
  const width = Math.max(8, ...built.map((b) => b.name.length));
  console.log(`Cloud functions -> ${path.relative(process.cwd(), outDir) || outDir}`);
  console.log(`${'function'.padEnd(width)}  ${'size (KB)'.padStart(10)}  config.json`);
  for (const b of built) {
    console.log(`${b.name.padEnd(width)}  ${(b.bytes / 1024).toFixed(1).padStart(10)}  ${b.hasConfig ? 'yes' : '-'}`);
  }
  const total = built.reduce((sum, b) => sum + b.bytes, 0);
  console.log(`${'total'.padEnd(width)}  ${(total / 1024).toFixed(1).padStart(10)}`);
}

if (require.main === module) {
  buildFunctions().then(
    (built) => {
      if (!built.length) process.exitCode = 1;
    },
    (err: unknown) => {
      // esbuild has already formatted its errors into the message.
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}

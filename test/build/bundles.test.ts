import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { builtinModules } from 'node:module';
import { buildFunctions, findFunctions, LAZY_PACKAGES } from '../../scripts/build-functions';

const REPO = path.join(__dirname, '../..');
const rootPkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

/**
 * A scratch folder shaped like a deployed function's world: `node_modules/` holds only a symlink
 * to the repo's wx-server-sdk (Node resolves a symlinked package's own dependencies from its real
 * path), and bundles are built under `out/`, so `require('wx-server-sdk')` from a bundle finds
 * nothing else of the repo.
 */
function scratch(): { dir: string; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csu-build-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(path.join(REPO, 'node_modules', 'wx-server-sdk'), path.join(dir, 'node_modules', 'wx-server-sdk'), 'dir');
  return { dir, out: path.join(dir, 'out') };
}

/** Runs a script in a clean node process (no NODE_PATH, no jest), cwd = the scratch folder. */
function runNode(cwd: string, script: string): string {
  const env = { ...process.env };
  delete env.NODE_PATH;
  delete env.NODE_OPTIONS;
  return execFileSync(process.execPath, ['-e', script], { cwd, env, encoding: 'utf8', timeout: 30000 });
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

test('every cloud function bundles into a self-contained index.js that exports main', async () => {
  const expected = findFunctions(path.join(REPO, 'cloudfunctions')).map((f) => f.name);
  expect(expected.length).toBeGreaterThan(0);

  const { dir, out } = scratch();
  dirs.push(dir);
  const built = await buildFunctions({ outDir: out, log: false });
  expect(built.map((b) => b.name)).toEqual(expected);

  for (const fn of built) {
    const folder = path.join(out, fn.name);
    const pkg = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
    expect(pkg).toEqual({ name: fn.name, version: '1.0.0', main: 'index.js', dependencies: expect.any(Object) });
    // wx-server-sdk, plus the lazily loaded packages this bundle requires, at the root's versions.
    const code = fs.readFileSync(fn.bundle, 'utf8');
    const required = [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].filter((r) => !r.startsWith('node:') && !builtinModules.includes(r));
    const packages = [...new Set(required.map((r) => r.split('/').slice(0, r.startsWith('@') ? 2 : 1).join('/')))].sort();
    expect(packages.every((p) => p === 'wx-server-sdk' || (LAZY_PACKAGES as readonly string[]).includes(p))).toBe(true);
    expect(Object.keys(pkg.dependencies).sort()).toEqual([...new Set(['wx-server-sdk', ...packages])].sort());
    for (const [name, version] of Object.entries(pkg.dependencies)) expect({ name, version }).toEqual({ name, version: rootPkg.dependencies[name] });
    const source = path.join(REPO, 'cloudfunctions', fn.name, 'config.json');
    expect(fs.existsSync(path.join(folder, 'config.json'))).toBe(fs.existsSync(source));

    const answer = runNode(
      dir,
      `const m = require(${JSON.stringify(fn.bundle)}); process.stdout.write(typeof m.main);`,
    );
    expect({ fn: fn.name, main: answer }).toEqual({ fn: fn.name, main: 'function' });
  }
});

/**
 * Functions residents call on every page: each bundle at most 250 KB and at most 40 ms to load
 * (its own code: wx-server-sdk is loaded first; a clean Node process per run, median of 5; CPU
 * time of the synchronous require, so that other work on a shared machine does not count).
 * Spreadsheet and QR code stay out (LAZY_PACKAGES), zod keeps only its English locale.
 */
const RESIDENT_FACING = ['org', 'user', 'course', 'quiz', 'volunteer', 'resource', 'teacher'];
const MAX_BYTES = 250 * 1024;
const MAX_LOAD_MS = 40;

test('resident-facing bundles: at most 250 KB and 40 ms own load time each', async () => {
  const { dir, out } = scratch();
  dirs.push(dir);
  const built = (await buildFunctions({ outDir: out, log: false })).filter((b) => RESIDENT_FACING.includes(b.name));
  expect(built.length).toBeGreaterThanOrEqual(5);
  const measured = built.map((fn) => {
    const runs = Array.from({ length: 5 }, () =>
      Number(
        runNode(
          dir,
          `require('wx-server-sdk'); const c = process.cpuUsage(); require(${JSON.stringify(fn.bundle)}); const u = process.cpuUsage(c); process.stdout.write(String((u.user + u.system) / 1000));`,
        ),
      ),
    ).sort((a, b) => a - b);
    return { fn: fn.name, kb: Math.round(fn.bytes / 1024), ms: Math.round(runs[2] * 10) / 10 };
  });
  console.log(measured.map((m) => `${m.fn} ${m.kb} KB ${m.ms} ms`).join('\n'));
  for (const m of measured) {
    expect({ fn: m.fn, withinSize: m.kb * 1024 <= MAX_BYTES, size: m.kb }).toEqual({ fn: m.fn, withinSize: true, size: m.kb });
    expect({ fn: m.fn, withinLoad: m.ms <= MAX_LOAD_MS, ms: m.ms }).toEqual({ fn: m.fn, withinLoad: true, ms: m.ms });
  }
}, 120_000);

describe('with a fixture source tree', () => {
  let src: string;
  let world: { dir: string; out: string };

  beforeAll(() => {
    world = scratch();
    dirs.push(world.dir);
    src = path.join(world.dir, 'src');
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
      fs.writeFileSync(path.join(src, rel), text);
    };
    write('_shared/greet.ts', `export const greet = (name: string): string => '你好，' + name;\nexport const unused = () => 'tree-shaken';\n`);
    write(
      'hello/index.ts',
      `import cloud from 'wx-server-sdk';\nimport { greet } from '../_shared/greet';\n` +
        `export async function main(event: { name: string }) { return { text: greet(event.name), sdk: typeof cloud.init }; }\n`,
    );
    write('hello/config.json', JSON.stringify({ triggers: [{ name: 'daily', type: 'timer', config: '0 0 2 * * * *' }] }));
    write('plain/index.js', `exports.main = async () => 'js';\n`);
    write('_lib/index.ts', `export const main = () => 'a library, not a function';\n`);
    write('notes/README.md', 'no index: not a function\n');
  });

  test('builds only function folders, inlines _shared, keeps wx-server-sdk external, copies config.json', async () => {
    const built = await buildFunctions({ srcDir: src, outDir: world.out, log: false });
    expect(built.map((b) => b.name)).toEqual(['hello', 'plain']);

    const hello = fs.readFileSync(path.join(world.out, 'hello', 'index.js'), 'utf8');
    expect(hello).toContain('require("wx-server-sdk")');
    expect(hello).not.toContain('tree-shaken');
    expect(fs.readFileSync(path.join(world.out, 'hello', 'config.json'), 'utf8')).toContain('timer');
    expect(fs.existsSync(path.join(world.out, 'plain', 'config.json'))).toBe(false);

    const out = runNode(
      world.dir,
      `require(${JSON.stringify(path.join(world.out, 'hello', 'index.js'))}).main({ name: '张三' })` +
        `.then((r) => process.stdout.write(JSON.stringify(r)));`,
    );
    expect(JSON.parse(out)).toEqual({ text: '你好，张三', sdk: 'function' });
  });

  test('a build error rejects', async () => {
    fs.mkdirSync(path.join(src, 'broken'), { recursive: true });
    fs.writeFileSync(path.join(src, 'broken', 'index.ts'), `import { nothing } from './missing';\nexport const main = nothing;\n`);
    try {
      await expect(buildFunctions({ srcDir: src, outDir: world.out, log: false })).rejects.toThrow(/missing/);
    } finally {
      fs.rmSync(path.join(src, 'broken'), { recursive: true, force: true });
    }
  });
});

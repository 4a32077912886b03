import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../..');
const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).scripts;

interface Probe {
  ignored: string[];
  rules: Record<string, Record<string, unknown>>;
  samples: Record<string, string[]>;
}

/**
 * Asks ESLint itself (in a plain node process: the flat config is an ES module, which jest's
 * CommonJS runtime does not load) which tracked files it lints, which rules are on for a file of
 * each area, and what it reports on a few samples.
 */
function probe(): Probe {
  const files = execFileSync('git', ['ls-files', '-z', '--', '*.ts'], { cwd: REPO, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && fs.existsSync(path.join(REPO, f)));
  const script = `
    const { ESLint } = require('eslint');
    const files = ${JSON.stringify(files)};
    const samples = {
      'cloudfunctions/org/sample.ts': 'export const x: any = 1;\\n',
      'miniprogram/pages/sample.ts': "const fs = require('fs');\\nexport default fs;\\n",
      'test/sample.test.ts': 'export const y: any = 1;\\n',
      'scripts/sample.ts': 'export function f(_unused: number, used: number): number { const { _drop, ...rest } = { _drop: 1, a: used }; return rest.a; }\\n',
    };
    (async () => {
      const eslint = new ESLint({ cwd: ${JSON.stringify(REPO)} });
      const ignored = [];
      for (const f of files) if (await eslint.isPathIgnored(f)) ignored.push(f);
      const rules = {};
      for (const f of ['cloudfunctions/_shared/handler.ts', 'miniprogram/app.ts', 'emulator/host.ts', 'test/support/cloud.ts', 'typings/envelope.ts', 'scripts/build-functions.ts', 'bench/db.ts']) {
        const config = await eslint.calculateConfigForFile(f);
        rules[f] = Object.fromEntries(Object.entries(config.rules).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
      }
      const out = {};
      for (const [filePath, code] of Object.entries(samples)) {
        const [result] = await eslint.lintText(code, { filePath });
        out[filePath] = result.messages.map((m) => m.ruleId);
      }
      process.stdout.write(JSON.stringify({ ignored, rules, samples: out }));
    })().catch((e) => { console.error(e); process.exit(1); });
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: REPO, encoding: 'utf8', timeout: 60000 }));
}

const on = (level: unknown): boolean => level === 2 || level === 'error' || level === 1 || level === 'warn';

describe('npm run lint', () => {
  let result: Probe;
  beforeAll(() => {
    result = probe();
  });

  test('npm test runs it after the type-check, failing on any finding', () => {
    expect(scripts.lint).toMatch(/^eslint \. --max-warnings 0$/);
    expect(scripts.test).toMatch(/^npm run typecheck && npm run lint && jest$/);
  });

  test('lints every tracked TypeScript file', () => {
    expect(result.ignored).toEqual([]);
  });

  test('the rules the code carries disable comments for are on everywhere those comments are', () => {
    for (const [file, rules] of Object.entries(result.rules)) {
      expect([file, on(rules['@typescript-eslint/no-require-imports'])]).toEqual([file, true]);
      expect([file, on(rules['@typescript-eslint/no-unused-vars'])]).toEqual([file, true]);
    }
    for (const file of ['cloudfunctions/_shared/handler.ts', 'miniprogram/app.ts', 'typings/envelope.ts', 'scripts/build-functions.ts']) {
      expect([file, on(result.rules[file]['@typescript-eslint/no-explicit-any'])]).toEqual([file, true]);
    }
  });

  test('reports what the product code must not do, and keeps the `_` convention', () => {
    expect(result.samples['cloudfunctions/org/sample.ts']).toEqual(['@typescript-eslint/no-explicit-any']);
    expect(result.samples['miniprogram/pages/sample.ts']).toEqual(['@typescript-eslint/no-require-imports']);
    expect(result.samples['test/sample.test.ts']).toEqual([]);
    expect(result.samples['scripts/sample.ts']).toEqual([]);
  });
});

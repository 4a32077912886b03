import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const REPO = path.resolve(__dirname, '../..');
const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).scripts;

function trackedTs(): string[] {
  return execFileSync('git', ['ls-files', '-z', '--', '*.ts'], { cwd: REPO, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && fs.existsSync(path.join(REPO, f)))
    .map((f) => path.join(REPO, f));
}

/** The projects `npm run typecheck` passes to tsc with `-p`. */
function typecheckProjects(): string[] {
  return [...scripts.typecheck.matchAll(/\btsc\b[^&]*?-p\s+(\S+)/g)].map((m) => path.join(REPO, m[1]));
}

/** The files a tsconfig includes, as tsc reads them (no compile). */
function projectFiles(configPath: string): { files: string[]; options: ts.CompilerOptions } {
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configPath));
  return { files: parsed.fileNames.map((f) => path.resolve(f)), options: parsed.options };
}

describe('npm run typecheck', () => {
  const projects = typecheckProjects();

  test('checks the functions project and the mini-program project, both strict', () => {
    expect(projects.map((p) => path.relative(REPO, p)).sort()).toEqual(['miniprogram/tsconfig.json', 'tsconfig.json']);
    for (const p of projects) expect(projectFiles(p).options.strict).toBe(true);
  });

  test('npm test runs it first', () => {
    expect(scripts.test).toMatch(/^npm run typecheck && /);
  });

  test('every tracked TypeScript file is in one of its projects', () => {
    const covered = new Set(projects.flatMap((p) => projectFiles(p).files));
    const missing = trackedTs().filter((f) => !covered.has(f)).map((f) => path.relative(REPO, f));
    expect(missing).toEqual([]);
  });

  test('the mini-program is checked against the WeChat API typings, without DOM or Node', () => {
    const { options, files } = projectFiles(path.join(REPO, 'miniprogram/tsconfig.json'));
    expect(options.types).toEqual(['miniprogram-api-typings']);
    expect((options.lib ?? []).some((l) => /dom/i.test(l))).toBe(false);
    expect(files.filter((f) => f.startsWith(path.join(REPO, 'miniprogram') + path.sep)).length).toBeGreaterThan(50);
  });
});

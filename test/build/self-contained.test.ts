import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

/**
 * A fresh clone must test on its own (`git clone … && npm ci && npm test`): no tracked file may
 * read from beside the repository (the steering folder next to the checkout) or from a machine's
 * absolute paths. Markdown is prose and may name such places; everything else is scanned.
 */
function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out
    .split('\0')
    .filter((f) => f && !f.endsWith('.md'))
    .filter((f) => fs.existsSync(path.join(REPO, f)) && fs.statSync(path.join(REPO, f)).isFile());
}

function isText(buf: Buffer): boolean {
  return !buf.subarray(0, 8000).includes(0);
}

// Written so that this file does not match itself.
const SIBLING_FOLDER = /\.\.[\\/]+shared\b/;
const MACHINE_PATH = /(?<![\w.])\/(?:work|home|Users|root|mnt|srv|opt|var\/lib)\/[\w.-]/;
const WINDOWS_PATH = /\b[A-Za-z]:\\\\?(?:Users|work)\b/;
/** A literal `'../../…'` (or `"…"`, `` `…` ``) that, taken from the file's own folder, climbs out of the repo. */
const RELATIVE_LITERAL = /['"`]((?:\.\.\/)+)[^'"`]*['"`]/g;

export interface Finding {
  file: string;
  line: number;
  text: string;
  why: string;
}

export function scan(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const dir = path.dirname(path.join(REPO, file));
  text.split('\n').forEach((content, i) => {
    const add = (why: string): void => {
      findings.push({ file, line: i + 1, text: content.trim().slice(0, 160), why });
    };
    if (SIBLING_FOLDER.test(content)) add('reads the shared folder beside the repo');
    if (MACHINE_PATH.test(content) || WINDOWS_PATH.test(content)) add('absolute path outside the repo');
    for (const m of content.matchAll(RELATIVE_LITERAL)) {
      const target = path.resolve(dir, m[1]);
      if (target !== REPO && !target.startsWith(REPO + path.sep)) add(`relative path ${m[1]} leaves the repo`);
    }
  });
  return findings;
}

describe('the repository is self-contained', () => {
  const files = trackedFiles();

  test('git lists the repository files', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'database/reference/chongqing-branches.json']));
  });

  test('no tracked file reads the folder beside the repo or a path outside it', () => {
    const findings: Finding[] = [];
    for (const file of files) {
      const buf = fs.readFileSync(path.join(REPO, file));
      if (isText(buf)) findings.push(...scan(file, buf.toString('utf8')));
    }
    expect(findings).toEqual([]);
  });

  test('the scan catches each way out', () => {
    const up = '../';
    expect(scan('test/miniprogram/x.test.ts', `path.join(__dirname, '${up}${up}${up}shared/data/b.json')`).map((f) => f.why)).toEqual([
      'reads the shared folder beside the repo',
      `relative path ${up}${up}${up} leaves the repo`,
    ]);
    expect(scan('scripts/x.ts', `const f = '${'/'}work/shared/x.json';`)).toHaveLength(1);
    expect(scan('scripts/x.ts', `const f = '${'/'}home/dev/data.json';`)).toHaveLength(1);
    expect(scan('x.ts', `require('${up}outside')`)).toHaveLength(1);
    // Inside the repo: fine.
    expect(scan('test/miniprogram/x.test.ts', `path.join(__dirname, '${up}${up}database/reference/b.json')`)).toEqual([]);
    expect(scan('cloudfunctions/quiz/actions/stats.ts', `import r from '${up}${up}${up}database/reference/b.json';`)).toEqual([]);
  });
});

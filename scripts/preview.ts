/**
 * npm run preview [-- --resident demo-learner-1 --staff demo-branch-admin-yuzhong --elder --out preview]
 *
 * Renders every page of the mini-program, resident and staff, as the chosen demo accounts see it
 * against the local cloud with its demo data (the same renderer as test/preview/pages.test.ts,
 * which this runs with PREVIEW_DIR set), then screenshots each page at phone size (375 px wide,
 * device scale 2) with headless Chromium: `CHROME_PATH`, else chromium / chromium-browser /
 * google-chrome on the PATH (Debian: `apt-get install chromium fonts-noto-cjk`). Without a
 * browser the HTML pages are still written and can be opened in any browser.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const root = path.join(__dirname, '..');
const out = path.resolve(arg('out') ?? path.join(root, 'preview'));
const elder = process.argv.includes('--elder');

fs.rmSync(out, { recursive: true, force: true });
const jest = spawnSync(process.execPath, [path.join(root, 'node_modules/jest/bin/jest.js'), 'test/preview/pages.test.ts', '--runInBand'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PREVIEW_DIR: out, PREVIEW_RESIDENT: arg('resident') ?? '', PREVIEW_STAFF: arg('staff') ?? '', PREVIEW_ELDER: elder ? '1' : '' },
});
if (!fs.existsSync(path.join(out, 'budgets.json'))) {
  console.error('preview: the pages were not rendered');
  process.exit(1);
}

function findChrome(): string | undefined {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return undefined;
}

const chrome = findChrome();
const pages = fs.readdirSync(out).filter((f) => f.endsWith('.html'));
if (!chrome) {
  console.log(`preview: ${pages.length} pages written as HTML to ${out} (no Chromium found: set CHROME_PATH or apt-get install chromium for PNG screenshots)`);
  process.exit(jest.status ?? 0);
}
const height = Number(arg('height') ?? 1400);
for (const page of pages) {
  const png = path.join(out, page.replace(/\.html$/, '.png'));
  execFileSync(
    chrome,
    ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=2', `--window-size=375,${height}`, `--screenshot=${png}`, `file://${path.join(out, page)}`],
    { stdio: 'ignore' },
  );
}
console.log(`preview: ${pages.length} screenshots (375 px wide) in ${out}; budgets in ${path.join(out, 'budgets.json')}`);
process.exit(jest.status ?? 0);

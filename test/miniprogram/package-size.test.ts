import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The main package is what every resident downloads before the first screen: staff pages live in
 * the `staff` subpackage, and the main package stays within a budget well below WeChat's 2 MB cap.
 */
const ROOT = path.join(__dirname, '..', '..', 'miniprogram');
const MAIN_PACKAGE_BUDGET_BYTES = 400 * 1024;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const mainFiles = walk(ROOT).filter((f) => !f.startsWith(path.join(ROOT, 'packages') + path.sep) && !f.endsWith('tsconfig.json'));

test(`the main package stays under ${MAIN_PACKAGE_BUDGET_BYTES / 1024} KB of source`, () => {
  const bytes = mainFiles.reduce((sum, f) => sum + statSync(f).size, 0);
  expect(bytes).toBeLessThan(MAIN_PACKAGE_BUDGET_BYTES);
});

test('staff pages are all in the staff subpackage, and the main package never imports from it', () => {
  const app = JSON.parse(readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as { pages: string[]; subpackages: Array<{ root: string }> };
  expect(app.subpackages.map((s) => s.root)).toEqual(['packages/staff']);
  const staffish = app.pages.filter((p) => /staff|edit|review|roster|import|report|signin-code|checkin-code/.test(p));
  expect(staffish).toEqual([]);
  // Navigating into the subpackage is fine; importing its code or components is not.
  const imports = /(from\s+|require\(\s*|import\s*\(\s*)['"][^'"]*packages\/staff\/|"[^"]*":\s*"[^"]*packages\/staff\//;
  const offenders = mainFiles.filter((f) => /\.(ts|json)$/.test(f) && !f.endsWith("sitemap.json") && imports.test(readFileSync(f, 'utf8')));
  expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
});

test('the mini-program loads no code from outside miniprogram/ (DevTools uploads only that folder)', () => {
  const statement = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/g;
  const offenders: string[] = [];
  for (const file of walk(ROOT).filter((f) => f.endsWith('.ts'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(statement)) {
      if (m[2] || !m[3].startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), m[3]);
      if (!target.startsWith(ROOT + path.sep)) offenders.push(`${path.relative(ROOT, file)} → ${m[3]}`);
    }
  }
  expect(offenders).toEqual([]);
});

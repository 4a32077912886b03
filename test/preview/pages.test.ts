/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDecoder, TextEncoder } from 'node:util';
import { startTestCloud, type LocalCloud } from '../support/cloud';
import { renderOne, tabBarHtml, tabIndex, toHtml, type Rendering } from './render';
import { pageSpecs } from './specs';

/**
 * Every page, resident and staff, rendered with the demo data of the local cloud as a demo
 * account sees it. A page fails when it throws, shows an identifier (br_…, pt_…, an OPENID like
 * demo-…), shows English words to a resident, sends a first setData over 32 KB, or has 1,000
 * WXML nodes or more. `npm run preview` runs this with PREVIEW_DIR set: the HTML of each page is
 * written there for scripts/preview.ts to screenshot.
 */
const RESIDENT = process.env.PREVIEW_RESIDENT || undefined;
const STAFF = process.env.PREVIEW_STAFF || undefined;
const OUT = process.env.PREVIEW_DIR;
const ELDER = process.env.PREVIEW_ELDER === '1';

const IDENTIFIER = /\b(?:br|pt|cs|qz|tm|ac)_[0-9a-z]{3,}|\bdemo-[a-z-]+\d*|\bo[A-Za-z0-9_-]{27}\b/;
/** Latin words a resident may read: none, but a few abbreviations every phone shows. */
const ALLOWED_LATIN = new Set(['QR', 'PDF', 'Excel', 'CSV', 'App']);
const SETDATA_BUDGET = 32 * 1024;
const NODE_BUDGET = 1000;

let cloud: LocalCloud;
const results: Rendering[] = [];

beforeAll(async () => {
  // The functions run in this jsdom test too (check-in QR codes need Node's TextEncoder, which jsdom hides).
  Object.assign(globalThis, { TextEncoder, TextDecoder });
  cloud = await startTestCloud({ seed: { demo: true } });
  const specs = await pageSpecs(cloud, RESIDENT, STAFF);
  for (const spec of specs) {
    if (ELDER) (globalThis as unknown as { wx?: Record<string, unknown> }).wx = undefined;
    results.push(await renderOne(cloud, spec));
  }
  if (OUT) {
    fs.mkdirSync(OUT, { recursive: true });
    for (const r of results) {
      const tab = tabIndex(r.spec.page);
      const html = toHtml(r, { elder: ELDER, tabBarHtml: tab >= 0 ? tabBarHtml(tab, ELDER) : undefined });
      fs.writeFileSync(path.join(OUT, `${r.spec.page.replace(/\/index$/, '').replace(/\//g, '_')}.html`), html);
    }
    fs.writeFileSync(
      path.join(OUT, 'budgets.json'),
      JSON.stringify(results.map((r) => ({ page: r.spec.page, nodes: r.nodes, firstSetDataBytes: r.firstSetDataBytes, maxSetDataBytes: r.maxSetDataBytes, calls: r.calls, error: r.error || undefined })), null, 2),
    );
  }
}, 120_000);
afterAll(() => cloud?.close());

const latinWords = (text: string) => (text.match(/(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])/g) ?? []).filter((w) => !ALLOWED_LATIN.has(w));

test('every page of app.json renders with the demo data without throwing', () => {
  expect(results.length).toBeGreaterThan(40);
  expect(results.filter((r) => r.error).map((r) => `${r.spec.page}: ${r.error}`)).toEqual([]);
});

test('no page shows an identifier (br_…, pt_…, an OPENID)', () => {
  const offenders = results.filter((r) => IDENTIFIER.test(r.text)).map((r) => `${r.spec.page}: ${IDENTIFIER.exec(r.text)?.[0]}`);
  expect(offenders).toEqual([]);
});

test('no resident page shows English words', () => {
  const offenders = results.filter((r) => !r.spec.staff && latinWords(r.text).length).map((r) => `${r.spec.page}: ${latinWords(r.text).join(' ')}`);
  expect(offenders).toEqual([]);
});

test(`first setData of every page ≤ ${SETDATA_BUDGET / 1024} KB and fewer than ${NODE_BUDGET} WXML nodes`, () => {
  expect(results.filter((r) => r.firstSetDataBytes > SETDATA_BUDGET).map((r) => `${r.spec.page}: ${r.firstSetDataBytes} B`)).toEqual([]);
  expect(results.filter((r) => r.nodes >= NODE_BUDGET).map((r) => `${r.spec.page}: ${r.nodes} nodes`)).toEqual([]);
});

test('the home page opens with at most two cloud calls', () => {
  const home = results.find((r) => r.spec.page === 'pages/index/index');
  expect(home?.calls).toBeLessThanOrEqual(2);
  expect(home?.text).toContain('我的下一堂课');
});

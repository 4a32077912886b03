/** @jest-environment jsdom */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MINIPROGRAM_ROOT } from '../support/simulate';

// routes.ts is mini-program code; required through jest's transform like the pages are.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { REGISTERED_PAGES } = require(path.join(MINIPROGRAM_ROOT, 'routes')) as { REGISTERED_PAGES: string[] };

interface AppJson {
  pages: string[];
  subpackages?: { root: string; pages: string[] }[];
}

const appJson: AppJson = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM_ROOT, 'app.json'), 'utf8'));
const declared = [
  ...appJson.pages.map((p) => `/${p}`),
  ...(appJson.subpackages ?? []).flatMap((s) => s.pages.map((p) => `/${s.root}/${p}`)),
];

test('routes.ts lists exactly the pages of app.json', () => {
  expect([...REGISTERED_PAGES].sort()).toEqual([...declared].sort());
});

test('every page of app.json has its four files', () => {
  for (const page of declared) {
    for (const ext of ['.ts', '.wxml', '.wxss', '.json']) {
      expect(fs.existsSync(path.join(MINIPROGRAM_ROOT, page + ext))).toBe(true);
    }
  }
});

test('the staff subpackage is set up as required', () => {
  expect(appJson.subpackages).toEqual(
    expect.arrayContaining([expect.objectContaining({ root: 'packages/staff', pages: expect.arrayContaining(['pages/index/index']) })]),
  );
  expect(appJson.pages[0]).toBe('pages/index/index');
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { findFunctions } from '../../scripts/build-functions';
import { END_MARKER, loadFunctionMeta, README_FILE, renderApiTable, START_MARKER, withApiTable } from '../../scripts/api-table';

const CLOUDFUNCTIONS = path.join(__dirname, '../../cloudfunctions');

describe('the README permission table', () => {
  const functions = loadFunctionMeta();

  it('covers every function folder and every action with a rule', () => {
    expect(functions.map((f) => f.functionName)).toEqual(findFunctions(CLOUDFUNCTIONS).map((f) => f.name));
    for (const fn of functions) {
      expect(Object.keys(fn.access).length).toBeGreaterThan(0);
      for (const access of Object.values(fn.access)) {
        if (access.kind === 'staff' || access.kind === 'custom') expect(access.who.trim()).not.toBe('');
      }
    }
  });

  it('is what the code says (run `npm run docs:api` after adding or changing an action)', () => {
    const readme = fs.readFileSync(README_FILE, 'utf8');
    expect(readme).toContain(START_MARKER);
    expect(readme).toContain(END_MARKER);
    expect(withApiTable(readme, renderApiTable(functions))).toBe(readme);
  });

  it('puts each rule in one row per function', () => {
    const table = renderApiTable([
      {
        functionName: 'demo',
        access: {
          a: { kind: 'anyone' },
          b: { kind: 'user' },
          c: { kind: 'staff', who: 'head_admin' },
          d: { kind: 'anyone' },
          e: { kind: 'custom', who: 'learner', signedIn: true },
        },
      },
    ]);
    expect(table.split('\n').slice(2)).toEqual(['| demo | a, d | anyone |', '| demo | b | signed-in user |', '| demo | c | head_admin |', '| demo | e | learner |']);
  });
});

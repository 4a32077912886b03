/**
 * The README's permission table, made from the code: every function folder's `main` carries its
 * name and, per action, who may call it (`FunctionMeta` in cloudfunctions/_shared/handler.ts, set by
 * publicAction / userAction / staffAction / customAction). `npm run docs:api` rewrites the table
 * between the README's markers; test/build/api-table.test.ts fails when README and code differ.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Access, FunctionMeta } from '../cloudfunctions/_shared/handler';
import { findFunctions } from './build-functions';

const REPO_ROOT = path.join(__dirname, '..');
export const README_FILE = path.join(REPO_ROOT, 'README.md');
export const START_MARKER = '<!-- api-table:start -->';
export const END_MARKER = '<!-- api-table:end -->';

/** Every function's name and per-action access, from its `main`. */
export function loadFunctionMeta(srcDir = path.join(REPO_ROOT, 'cloudfunctions')): FunctionMeta[] {
  return findFunctions(srcDir).map(({ name, entry }) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const main = (require(entry) as { main?: Partial<FunctionMeta> }).main;
    if (!main || typeof main.functionName !== 'string' || !main.access) {
      throw new Error(`cloudfunctions/${name}: main does not come from createFunction (no functionName/access)`);
    }
    if (main.functionName !== name) throw new Error(`cloudfunctions/${name}: createFunction is named '${main.functionName}'`);
    return { functionName: main.functionName, access: main.access };
  });
}

export function describeAccess(access: Access): string {
  switch (access.kind) {
    case 'anyone':
      return 'anyone';
    case 'user':
      return 'signed-in user';
    case 'staff':
      return access.who;
    case 'custom':
      return access.who;
  }
}

/** One row per function and rule, its actions in the order the function declares them. */
export function renderApiTable(functions: FunctionMeta[]): string {
  const lines = ['| function | actions | who may call |', '|---|---|---|'];
  for (const fn of functions) {
    const groups = new Map<string, string[]>();
    for (const [actionName, access] of Object.entries(fn.access)) {
      const who = describeAccess(access);
      groups.set(who, [...(groups.get(who) ?? []), actionName]);
    }
    for (const [who, actions] of groups) lines.push(`| ${fn.functionName} | ${actions.join(', ')} | ${who.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n');
}

/** The README with the table between the markers replaced. */
export function withApiTable(readme: string, table: string): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START_MARKER} … ${END_MARKER} section`);
  return `${readme.slice(0, start + START_MARKER.length)}\n${table}\n${readme.slice(end)}`;
}

if (require.main === module) {
  const readme = fs.readFileSync(README_FILE, 'utf8');
  const next = withApiTable(readme, renderApiTable(loadFunctionMeta()));
  if (next !== readme) fs.writeFileSync(README_FILE, next);
  console.log(next === readme ? 'README.md: the permission table is up to date' : 'README.md: permission table rewritten');
}

/**
 * One registry of collection names (cloudfunctions/_shared/collections.ts), the same set as the
 * declaration database/indexes.json, and no collection name written anywhere else in the
 * functions or the local cloud's seed: CloudBase refuses every collection that deploy:db did not create.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import { loadIndexDeclaration } from '../../emulator/engine';

const ROOT = path.resolve(__dirname, '../..');
const REGISTRY = path.join(ROOT, 'cloudfunctions/_shared/collections.ts');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

const FILES = [...sources(path.join(ROOT, 'cloudfunctions')), ...sources(path.join(ROOT, 'emulator/seed'))].filter((f) => f !== REGISTRY);

interface Finding {
  file: string;
  line: number;
  text: string;
}

/** Occurrences of `re` (global) in every scanned file, with the capture group 1 as text. */
function scan(re: RegExp, files: string[] = FILES): Finding[] {
  return files.flatMap((file) => {
    const src = readFileSync(file, 'utf8');
    return [...src.matchAll(re)].map((m) => ({
      file: path.relative(ROOT, file),
      line: src.slice(0, m.index).split('\n').length,
      text: m[1],
    }));
  });
}

const STRING = `'([^'\\\\]*)'|"([^"\\\\]*)"|\`([^\`$\\\\]*)\``;

test('the registry and database/indexes.json name the same collections', () => {
  const registered = Object.values(COLLECTIONS).sort();
  const declared = Object.keys(loadIndexDeclaration()).sort();
  expect(registered).toEqual(declared);
  // keys are the names themselves, so `COLLECTIONS.x` reads as the collection it is
  for (const [key, name] of Object.entries(COLLECTIONS)) expect(key).toBe(name);
});

test('no .collection() call names a collection by a string literal', () => {
  const re = new RegExp(`\\.collection\\s*(?:<[^>()]*>)?\\(\\s*(?:${STRING})`, 'g');
  const literals = scan(re).map((f) => `${f.file}:${f.line}`);
  expect(literals).toEqual([]);
});

test('collection-name constants take their value from the registry', () => {
  // Identifiers handed to .collection(...) anywhere in the scanned code…
  const used = new Set(scan(/\.collection\s*(?:<[^>()]*>)?\(\s*([A-Za-z_$][\w$]*)\s*\)/g).map((f) => f.text));
  expect(used.size).toBeGreaterThan(10);
  // …must not be defined as a string literal (a `*_COLLECTION` constant never may).
  const literalConsts = scan(new RegExp(`(?:const|let|var)\\s+([A-Za-z_$][\\w$]*)\\s*(?::[^=]+)?=\\s*(?:${STRING})`, 'g')).filter(
    (f) => used.has(f.text) || /_COLLECTION$/.test(f.text),
  );
  expect(literalConsts.map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
});

test('every COLLECTIONS.<name> used in the code is registered', () => {
  const refs = scan(/\bCOLLECTIONS\.([A-Za-z_$][\w$]*)/g);
  expect(refs.length).toBeGreaterThan(20);
  const unknown = refs.filter((f) => !Object.prototype.hasOwnProperty.call(COLLECTIONS, f.text));
  expect(unknown.map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
});

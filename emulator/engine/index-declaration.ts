/**
 * Loads the project's index declaration, database/indexes.json, whose shape the production
 * deploy shares: { "collections": { "<name>": { "indexes": [ { name, keys, unique } ] } } }.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkCollectionName, checkFieldPath } from './names';
import type { IndexDeclaration, IndexSpec } from './types';

export const DEFAULT_INDEX_FILE = path.resolve(__dirname, '../../database/indexes.json');

const INDEX_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function fail(message: string): never {
  throw new Error(`database/indexes.json: ${message}`);
}

function parseIndex(collection: string, raw: any): IndexSpec {
  if (!raw || typeof raw !== 'object') fail(`${collection}: an index must be an object`);
  if (typeof raw.name !== 'string' || !INDEX_NAME.test(raw.name)) fail(`${collection}: bad index name ${JSON.stringify(raw.name)}`);
  if (!Array.isArray(raw.keys) || raw.keys.length === 0) fail(`${collection}.${raw.name}: keys must be a non-empty list`);
  const keys = raw.keys.map((k: any) => {
    if (!k || typeof k.field !== 'string') fail(`${collection}.${raw.name}: every key needs a field`);
    if (k.direction !== 1 && k.direction !== -1) fail(`${collection}.${raw.name}: direction must be 1 or -1`);
    try {
      checkFieldPath(k.field);
    } catch (e) {
      fail(`${collection}.${raw.name}: ${(e as Error).message}`);
    }
    return { field: k.field as string, direction: k.direction as 1 | -1 };
  });
  if (new Set(keys.map((k: { field: string }) => k.field)).size !== keys.length) fail(`${collection}.${raw.name}: a field appears twice`);
  return { name: raw.name, keys, unique: raw.unique === true };
}

/** Validates the parsed JSON of an index declaration file. */
export function parseIndexDeclaration(json: unknown): IndexDeclaration {
  const root = json as any;
  if (!root || typeof root !== 'object' || !root.collections || typeof root.collections !== 'object') {
    fail('expected { "collections": { ... } }');
  }
  const out: IndexDeclaration = {};
  for (const [name, entry] of Object.entries<any>(root.collections)) {
    try {
      checkCollectionName(name);
    } catch (e) {
      fail((e as Error).message);
    }
    const list = entry?.indexes ?? [];
    if (!Array.isArray(list)) fail(`${name}: "indexes" must be a list`);
    const specs = list.map((raw: unknown) => parseIndex(name, raw));
    if (new Set(specs.map((s: IndexSpec) => s.name)).size !== specs.length) fail(`${name}: duplicate index name`);
    out[name] = specs;
  }
  return out;
}

/** Reads database/indexes.json (or the given file). */
export function loadIndexDeclaration(file: string = DEFAULT_INDEX_FILE): IndexDeclaration {
  return parseIndexDeclaration(JSON.parse(readFileSync(file, 'utf8')));
}

/** Test harness: the real wx-server-sdk over an in-memory (or file) Engine. */
import { Engine, type IndexDeclaration } from '../../emulator/engine';
import { useEngine } from '../../emulator/local-db';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cloud = require('wx-server-sdk');

export interface Harness {
  engine: Engine;
  db: any;
  _: any;
}

/**
 * A fresh engine routed into wx-server-sdk, and the SDK's database object. The collections of
 * `indexes` and `collections` (declared without indexes) exist from the start; any other must be
 * created with db.createCollection, as in CloudBase.
 */
export function open(
  opts: { filename?: string; indexes?: IndexDeclaration; collections?: string[]; now?: () => number } = {},
): Harness {
  const indexes: IndexDeclaration = { ...Object.fromEntries((opts.collections ?? []).map((c) => [c, []])), ...opts.indexes };
  const engine = new Engine({ filename: opts.filename ?? ':memory:', indexes, now: opts.now });
  useEngine(engine);
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const db = cloud.database();
  return { engine, db, _: db.command };
}

export function ids(res: { data: Array<{ _id: string }> }): string[] {
  return res.data.map((d) => d._id);
}

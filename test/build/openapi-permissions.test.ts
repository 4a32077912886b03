import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildFunctions } from '../../scripts/build-functions';

/**
 * A cloud call (云调用) works only when the function's config.json declares it under
 * permissions.openapi: without it CloudBase answers -604101 in production, which no local test
 * would notice. Every bundle that reaches an open API must declare it.
 */
const OPEN_APIS: Array<{ marker: RegExp; api: string }> = [
  { marker: /\bsubscribeMessage\b/, api: 'subscribeMessage.send' },
  { marker: /\bwxacode\b/, api: 'wxacode.getUnlimited' },
];

test('each function declares the open APIs its bundle calls', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'csu-openapi-'));
  try {
    const built = await buildFunctions({ outDir: out, log: false });
    const missing: string[] = [];
    let calls = 0;
    for (const fn of built) {
      const code = fs.readFileSync(fn.bundle, 'utf8');
      const configFile = path.join(out, fn.name, 'config.json');
      const declared: string[] = fs.existsSync(configFile) ? (JSON.parse(fs.readFileSync(configFile, 'utf8')).permissions?.openapi ?? []) : [];
      for (const { marker, api } of OPEN_APIS) {
        if (!marker.test(code)) continue;
        calls++;
        if (!declared.includes(api)) missing.push(`${fn.name}: ${api}`);
      }
    }
    expect(missing).toEqual([]);
    expect(calls).toBeGreaterThan(0);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

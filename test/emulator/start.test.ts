import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** `npm start` as a user runs it: a real process, a data folder, a second start over the same data. */
function start(dataDir: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'emulator', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      const m = /local cloud on (http:\/\/[^\s]+)[\s\S]*try:/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1], output: () => out });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('npm start', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'csu-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves the functions on loopback, seeds on first start only, and keeps data across restarts', async () => {
    const first = await start(dataDir, { DEMO_DATA: '0' });
    try {
      expect(first.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(first.output()).toContain('branches created: 41');
      const res = await fetch(`${first.base}/v1/functions/org`, { method: 'POST', body: JSON.stringify({ action: 'listBranches' }) });
      const body = (await res.json()) as { data: { items: Array<{ name: string }> } };
      expect(body.data.items).toHaveLength(41);
      expect(first.output()).toMatch(/\[fn\] org\.listBranches caller=anonymous/);
    } finally {
      await stop(first.child);
    }

    const second = await start(dataDir, { DEMO_DATA: '0' });
    try {
      expect(second.output()).toContain('branches created: 0');
      const res = await fetch(`${second.base}/v1/functions/org`, { method: 'POST', body: JSON.stringify({ action: 'listBranches' }) });
      expect(((await res.json()) as { data: { items: unknown[] } }).data.items).toHaveLength(41);
    } finally {
      await stop(second.child);
    }
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Platform } from '../../emulator/platform';

const ROOT = path.join(__dirname, '..', '..');

/** `npm start` as a real process; resolves with its output once it serves (or once it exits). */
function start(env: Record<string, string>): Promise<{ base?: string; code?: number | null; output: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'emulator', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, DEMO_DATA: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /local cloud on (http:\/\/\S+)[\s\S]*try:/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ base: m[1], output: out, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: out, stop });
    });
  });
}

describe('npm start and the platform', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'csu-platform-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('with the port taken, says so in one line and exits, without a stack', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const res = await start({ PORT: String(port), DATA_DIR: dataDir });
      expect(res.code).toBe(1);
      const lines = res.output.trim().split('\n');
      expect(lines[lines.length - 1]).toBe(`社区科普大学 local cloud cannot start: port ${port} is already in use (set PORT to another one)`);
      expect(res.output).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('keeps stored files, the env id and signed links across restarts under DATA_DIR/storage', async () => {
    const first = await start({ PORT: '0', DATA_DIR: dataDir });
    let fileID: string;
    try {
      const up = await fetch(`${first.base}/v1/storage/upload?cloudPath=keep/notes.txt`, { method: 'POST', body: '留存', headers: { 'x-wx-openid': 'o-keep' } });
      fileID = ((await up.json()) as { fileID: string }).fileID;
      expect(fileID).toMatch(/^cloud:\/\/local-[0-9a-f]{6}\.[0-9a-f]{4}-local-[0-9a-f]{6}-1250000000\/keep\/notes\.txt$/);
      const outbox = await fetch(`${first.base}/v1/outbox`);
      expect(await outbox.json()).toEqual({ ok: true, items: expect.any(Array) });
    } finally {
      await first.stop();
    }
    const second = await start({ PORT: '0', DATA_DIR: dataDir });
    try {
      const envId = /^cloud:\/\/([^.]+)\./.exec(fileID)![1];
      expect(second.output).toContain(`(env ${envId})`);
      const cloudPath = 'keep/notes.txt';
      // A signed link from the restarted cloud serves the bytes uploaded before the restart.
      const platform = new Platform({ dataDir });
      expect(platform.envId).toBe(envId);
      const t = Math.floor(Date.now() / 1000) + 60;
      const res = await fetch(`${second.base}${platform.storage.tempUrlPath(cloudPath, t)}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('留存');
    } finally {
      await second.stop();
    }
  });
});

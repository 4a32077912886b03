import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LocalCloud } from './cloud';

/**
 * The device half of uploads for page tests: files the user "picks" (wx.chooseMedia,
 * wx.chooseMessageFile), wx.compressImage, file sizes, and wx.uploadFile, which sends a picked
 * file to the local cloud's storage as its `POST /v1/storage/upload?cloudPath=…` would (the
 * uploader is the `x-wx-openid` header). Call after setupWx().
 */
export interface FakeFiles {
  /** Temp files on the "device": path → bytes. */
  files: Map<string, Buffer>;
  /** What the next wx.chooseMedia answers (one entry per call). */
  media: Array<Array<{ path: string; bytes: Buffer; duration?: number }>>;
  /** What the next wx.chooseMessageFile answers. */
  messages: Array<{ name: string; bytes: Buffer }>;
  /** Extensions each chooseMessageFile offered. */
  offered: string[][];
  /** Every upload: cloud path and the uploader. */
  uploads: Array<{ cloudPath: string; openid: string | undefined }>;
}

export function installFakeFiles(cloud: LocalCloud): FakeFiles {
  const state: FakeFiles = { files: new Map(), media: [], messages: [], offered: [], uploads: [] };
  const g = globalThis as unknown as { wx: Record<string, unknown> };
  Object.assign(g.wx, {
    chooseMedia: (opts: { success?: (res: unknown) => void; fail?: (err: unknown) => void }) => {
      const next = state.media.shift();
      if (!next) return opts.fail?.({ errMsg: 'chooseMedia:fail cancel' });
      for (const f of next) state.files.set(f.path, f.bytes);
      opts.success?.({ type: 'mix', tempFiles: next.map((f) => ({ tempFilePath: f.path, size: f.bytes.length, duration: f.duration, fileType: f.duration ? 'video' : 'image' })) });
    },
    chooseMessageFile: (opts: { extension?: string[]; success?: (res: unknown) => void; fail?: (err: unknown) => void }) => {
      state.offered.push(opts.extension ?? []);
      const next = state.messages.shift();
      if (!next) return opts.fail?.({ errMsg: 'chooseMessageFile:fail cancel' });
      const tmp = `wxfile://tmp_${state.files.size}_${next.name}`;
      state.files.set(tmp, next.bytes);
      opts.success?.({ tempFiles: [{ path: tmp, name: next.name, size: next.bytes.length, type: 'file', time: 0 }] });
    },
    compressImage: (opts: { src: string; success?: (res: unknown) => void; fail?: (err: unknown) => void }) => {
      const bytes = state.files.get(opts.src);
      if (!bytes) return opts.fail?.({ errMsg: 'compressImage:fail file not found' });
      // WeChat answers a JPEG; the bytes stay as they were (the content check reads them).
      const out = `${opts.src.replace(/\.[A-Za-z0-9]+$/, '')}_compressed.jpg`;
      state.files.set(out, bytes);
      opts.success?.({ tempFilePath: out });
    },
    getFileSystemManager: () => ({
      getFileInfo: (opts: { filePath: string; success?: (res: unknown) => void; fail?: (err: unknown) => void }) => {
        const bytes = state.files.get(opts.filePath);
        if (bytes) opts.success?.({ size: bytes.length });
        else opts.fail?.({ errMsg: 'getFileInfo:fail no such file' });
      },
    }),
    uploadFile: (opts: { url: string; filePath: string; name: string; header?: Record<string, string>; success?: (res: unknown) => void; fail?: (err: unknown) => void }) => {
      void Promise.resolve().then(() => {
        const url = new URL(opts.url);
        const bytes = state.files.get(opts.filePath);
        const cloudPath = url.searchParams.get('cloudPath') ?? '';
        const openid = opts.header?.['x-wx-openid'];
        if (url.pathname !== '/v1/storage/upload' || opts.name !== 'file' || !bytes || !cloudPath || !openid) {
          opts.success?.({ statusCode: 400, data: JSON.stringify({ ok: false, error: 'bad upload' }) });
          return;
        }
        state.uploads.push({ cloudPath, openid });
        const fileID = cloud.platform.storage.put(cloudPath, bytes, { uploader: openid, at: new Date() });
        opts.success?.({ statusCode: 200, data: JSON.stringify({ ok: true, fileID }) });
      });
      return { abort() {} };
    },
  });
  return state;
}

/**
 * A functions folder that serves the repository's functions through wrappers, each with a
 * config.json the test may change (e.g. take away an open-API permission, as a deploy that missed
 * it would): `setConfig(name, config)`.
 */
export function wrappedFunctions(): { dir: string; setConfig(name: string, config: unknown): void } {
  const root = path.join(__dirname, '..', '..', 'cloudfunctions');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fns-'));
  for (const name of readdirSync(root)) {
    if (name.startsWith('_') || !existsSync(path.join(root, name, 'index.ts'))) continue;
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'index.ts'), `export { main } from ${JSON.stringify(path.join(root, name, 'index'))};\n`);
    if (existsSync(path.join(root, name, 'config.json'))) copyFileSync(path.join(root, name, 'config.json'), path.join(dir, name, 'config.json'));
  }
  return { dir, setConfig: (name, config) => writeFileSync(path.join(dir, name, 'config.json'), JSON.stringify(config)) };
}

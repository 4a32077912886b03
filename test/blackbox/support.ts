/**
 * Black-box conformance harness: a real local cloud behind its real HTTP face on 127.0.0.1 (an
 * ephemeral port), called with global fetch exactly as outside tools call it (CONTRACT.md):
 * `POST /v1/functions/<name>` with the event as JSON and `x-wx-openid` for the caller.
 * Tests assert only what goes over the wire; fixtures are made through the public actions.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { startLocalCloud, type LocalCloud } from '../../emulator/local-cloud';
import { createHttpServer } from '../../emulator/server';

/** The head-school admin of every black-box file (HEAD_ADMIN_OPENIDS, as `npm start` reads it). */
export const HEAD = 'bb-head';
export const YUZHONG = 'br_500103';
export const JIANGBEI = 'br_500105';

export interface ApiError {
  code: string;
  message: string;
}
export type Envelope<T = any> = { ok: true; data: T } | { ok: false; error: ApiError };

export interface BlackBox {
  baseUrl: string;
  cloud: LocalCloud;
  /** POSTs `event` to the function as `openid` (anonymous when omitted) and returns the JSON body. */
  post<T = any>(fn: string, event: Record<string, unknown>, openid?: string): Promise<Envelope<T>>;
  /** The same, asserting `ok: true`, answering `data`. */
  ok<T = any>(fn: string, event: Record<string, unknown>, openid?: string): Promise<T>;
  /** The same, asserting `ok: false` with a Chinese message, answering the code. */
  fail(fn: string, event: Record<string, unknown>, openid?: string): Promise<string>;
  close(): Promise<void>;
}

const CHINESE = /[\u4e00-\u9fa5]/;

export function expectChineseError(body: Envelope): string {
  if (body.ok !== false) throw new Error(`expected an error envelope, got ${JSON.stringify(body).slice(0, 500)}`);
  if (!body.error || typeof body.error.code !== 'string' || typeof body.error.message !== 'string') {
    throw new Error(`malformed error envelope ${JSON.stringify(body)}`);
  }
  if (!CHINESE.test(body.error.message)) throw new Error(`error message is not Chinese: ${body.error.message}`);
  // No stack traces or internals leave a function.
  if (/at .*\(|Error:|stack|mingo|sqlite/i.test(body.error.message)) throw new Error(`error message leaks internals: ${body.error.message}`);
  return body.error.code;
}

export async function startBlackBox(): Promise<BlackBox> {
  process.env.HEAD_ADMIN_OPENIDS = HEAD;
  const cloud = await startLocalCloud({ seed: { demo: false }, log: () => {} });
  const server: Server = createHttpServer(cloud.host);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const post = async <T>(fn: string, event: Record<string, unknown>, openid?: string): Promise<Envelope<T>> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (openid) headers['x-wx-openid'] = openid;
    const res = await fetch(`${baseUrl}/v1/functions/${fn}`, { method: 'POST', headers, body: JSON.stringify(event) });
    if (res.status !== 200) throw new Error(`HTTP ${res.status} from ${fn}.${String(event.action)}: ${await res.text()}`);
    return (await res.json()) as Envelope<T>;
  };
  const ok = async <T>(fn: string, event: Record<string, unknown>, openid?: string): Promise<T> => {
    const body = await post<T>(fn, event, openid);
    if (body.ok !== true) throw new Error(`expected ok from ${fn}.${String(event.action)}, got ${JSON.stringify(body)}`);
    return body.data;
  };
  const fail = async (fn: string, event: Record<string, unknown>, openid?: string): Promise<string> =>
    expectChineseError(await post(fn, event, openid));

  return {
    baseUrl,
    cloud,
    post,
    ok,
    fail,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      cloud.close();
    },
  };
}

// ------------------------------------------------------------------ shape checks

/** `2026-12-05T09:00:00+08:00` (seconds and fraction optional), the contract's time format. */
export const ISO_0800 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?\+08:00$/;

export function expectIso(value: unknown): void {
  expect(typeof value).toBe('string');
  expect(value).toMatch(ISO_0800);
  expect(Number.isNaN(Date.parse(value as string))).toBe(false);
}

export function expectPage(data: unknown): asserts data is { items: any[]; nextCursor: string | null } {
  expect(data).toEqual(expect.objectContaining({ items: expect.any(Array) }));
  const cursor = (data as { nextCursor?: unknown }).nextCursor;
  expect(cursor === null || typeof cursor === 'string').toBe(true);
}

/** Nothing in `value` (deeply, as JSON) contains any of `needles` (full phones, secrets, OPENIDs). */
export function expectNoLeak(value: unknown, needles: string[]): void {
  const text = JSON.stringify(value);
  for (const n of needles) if (text.includes(n)) throw new Error(`leaked "${n}" in ${text.slice(0, 400)}`);
}

/** Fields no public answer may ever carry. */
export function expectNoSecrets(value: unknown): void {
  const text = JSON.stringify(value);
  expect(text).not.toMatch(/codeSecret|"secret"|"phone":"1[3-9]\d{9}"/);
}

/**
 * Walks a list action through every page with `limit`, answering all items; asserts every
 * non-last page is full and the last page's nextCursor is null.
 */
export async function walkPages(bb: BlackBox, fn: string, event: Record<string, unknown>, limit: number, openid?: string): Promise<any[]> {
  const all: any[] = [];
  let cursor: string | null | undefined;
  for (let page = 0; page < 1000; page++) {
    const data = await bb.ok(fn, { ...event, limit, ...(cursor ? { cursor } : {}) }, openid);
    expectPage(data);
    all.push(...data.items);
    if (data.nextCursor === null) {
      expect(data.items.length).toBeLessThanOrEqual(limit);
      return all;
    }
    expect(data.items).toHaveLength(limit);
    cursor = data.nextCursor;
  }
  throw new Error('pagination did not end');
}

// ------------------------------------------------------------------ time helpers

const HOUR = 3600_000;
export const MINUTE = 60_000;

/** An ISO +08:00 time `ms` from now. */
export function isoIn(ms: number): string {
  const d = new Date(Date.now() + ms + 8 * HOUR);
  return `${d.toISOString().slice(0, 19)}+08:00`;
}

export function hours(h: number): number {
  return h * HOUR;
}

export function days(d: number): number {
  return d * 24 * HOUR;
}

// ------------------------------------------------------------------ public fixtures

let phoneSeq = 0;
/** A distinct valid mainland mobile per call. */
export function nextPhone(): string {
  phoneSeq++;
  return `137${String(10000000 + phoneSeq).slice(-8)}`;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '建华秀英国平桂兰志强淑珍明德';
export function nameFor(i: number): string {
  return SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length] + GIVEN[(i * 7) % GIVEN.length];
}

export function pointInput(branchId: string, name: string, extra: Record<string, unknown> = {}) {
  return { branchId, name, address: `重庆市${name}社区服务中心二楼`, leaderName: '王建华', leaderTitle: '社区党委副书记', ...extra };
}

export async function createPoint(bb: BlackBox, caller: string, branchId: string, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  return (await bb.ok<{ pointId: string }>('org', { action: 'createPoint', ...pointInput(branchId, name, extra) }, caller)).pointId;
}

export async function grantRole(bb: BlackBox, caller: string, openid: string, role: string, scopeId: string): Promise<void> {
  expect(await bb.ok('org', { action: 'grantRole', openid, role, scopeId }, caller)).toEqual({ granted: true });
}

/**
 * The units and staff most contract files start from, made by HEAD: points 解放碑 (渝中) and
 * 观音桥 (江北), with `pa` administering 解放碑, `pc` 观音桥 and `ba` the 渝中 branch.
 */
export async function setUpUnits(bb: BlackBox, staff: { pa: string; pc: string; ba: string }): Promise<{ pointA: string; pointC: string }> {
  const pointA = await createPoint(bb, HEAD, YUZHONG, '解放碑');
  const pointC = await createPoint(bb, HEAD, JIANGBEI, '观音桥');
  await grantRole(bb, HEAD, staff.pa, 'point_admin', pointA);
  await grantRole(bb, HEAD, staff.pc, 'point_admin', pointC);
  await grantRole(bb, HEAD, staff.ba, 'branch_admin', YUZHONG);
  return { pointA, pointC };
}

export function enrollEvent(pointId: string, i: number, phone = nextPhone()) {
  return { action: 'enroll', pointId, name: nameFor(i), gender: i % 2 ? 'female' : 'male', birthYear: 1950 + (i % 30), occupation: 'retired', phone, consent: true };
}

/** Runs `tasks` with at most `width` in flight (fixture set-up; the contract's races use Promise.all). */
export async function inBatches<T>(items: T[], width: number, task: (item: T, index: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) {
    await Promise.all(items.slice(i, i + width).map((item, j) => task(item, i + j)));
  }
}

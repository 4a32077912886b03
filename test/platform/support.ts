import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import path from 'node:path';
import { createHttpServer } from '../../emulator/server';
import type { InvocationRecord } from '../../emulator/host';
import { startTestCloud, type LocalCloud } from '../support/cloud';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'functions');

export interface PlatformHarness {
  cloud: LocalCloud;
  base: string;
  records: InvocationRecord[];
  warnings: string[];
  /** POST /v1/functions/<name> with the event; answers status and JSON body. */
  post(name: string, event: unknown, openid?: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** The fixture functions on a fresh local cloud, with its HTTP face on a free port. */
export async function startHarness(): Promise<PlatformHarness> {
  const records: InvocationRecord[] = [];
  const warnings: string[] = [];
  const cloud = await startTestCloud({ functionsDir: FIXTURES, log: (_line, record) => records.push(record), warn: (line) => warnings.push(line), timeLimitScale: 1 });
  const server: http.Server = createHttpServer(cloud.host, { platform: cloud.platform });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cloud.platform.baseUrl = base;
  return {
    cloud,
    base,
    records,
    warnings,
    async post(name, event, openid) {
      const res = await fetch(`${base}/v1/functions/${name}`, {
        method: 'POST',
        body: JSON.stringify(event),
        headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
      });
      return { status: res.status, body: await res.json() };
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      cloud.close();
    },
  };
}

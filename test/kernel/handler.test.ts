import path from 'node:path';
import { startTestCloud, type LocalCloud } from '../support/cloud';
import { main as kernel } from './functions/kernel';

const FUNCTIONS = path.join(__dirname, 'functions');

describe('the action kernel: who may call is part of the action', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await startTestCloud({ functionsDir: FUNCTIONS });
    await cloud.call('kernel', { action: 'grantForTest', role: 'branch_admin', scopeId: 'br_a', openid: 'admin-a' });
    await cloud.call('kernel', { action: 'grantForTest', role: 'point_admin', scopeId: 'pt_1', openid: 'point-1' });
  });
  afterAll(() => cloud.close());

  const code = (r: unknown) => (r as { ok: boolean; error?: { code: string } }).error?.code ?? 'OK';

  it('publicAction serves anonymous callers; userAction refuses them before the handler', async () => {
    expect(await cloud.call('kernel', { action: 'hello' })).toEqual({ ok: true, data: { anonymous: true } });
    expect(code(await cloud.call('kernel', { action: 'whoAmI' }))).toBe('UNAUTHENTICATED');
    expect(await cloud.call('kernel', { action: 'whoAmI' }, 'u-1')).toEqual({ ok: true, data: { openid: 'u-1' } });
  });

  it('staffAction checks the scope the request resolves to', async () => {
    expect(code(await cloud.call('kernel', { action: 'branchOnly', branchId: 'br_a' }))).toBe('UNAUTHENTICATED');
    expect(code(await cloud.call('kernel', { action: 'branchOnly', branchId: 'br_a' }, 'nobody'))).toBe('PERMISSION_DENIED');
    expect(code(await cloud.call('kernel', { action: 'branchOnly', branchId: 'br_b' }, 'admin-a'))).toBe('PERMISSION_DENIED');
    expect(await cloud.call('kernel', { action: 'branchOnly', branchId: 'br_a' }, 'admin-a')).toEqual({ ok: true, data: { branchId: 'br_a', by: 'admin-a' } });
  });

  it('staffAction counts only the roles the target allows', async () => {
    const denied = (await cloud.call('kernel', { action: 'reviewPoint', branchId: 'br_a', pointId: 'pt_1' }, 'point-1')) as { ok: false; error: { code: string; message: string } };
    expect(denied.error).toEqual({ code: 'PERMISSION_DENIED', message: '只有所属分校或总校可以审核' });
    expect(code(await cloud.call('kernel', { action: 'reviewPoint', branchId: 'br_a', pointId: 'pt_1' }, 'admin-a'))).toBe('OK');
  });

  it('parses the event before any handler runs', async () => {
    expect(code(await cloud.call('kernel', { action: 'branchOnly', branchId: 'br a!' }, 'admin-a'))).toBe('INVALID_ARGUMENT');
    expect(code(await cloud.call('kernel', { action: 'nope' }))).toBe('INVALID_ARGUMENT');
  });

  it('carries its permission table', () => {
    expect(kernel.functionName).toBe('kernel');
    expect(kernel.access.hello).toEqual({ kind: 'anyone' });
    expect(kernel.access.whoAmI).toEqual({ kind: 'user' });
    expect(kernel.access.branchOnly).toEqual({ kind: 'staff', who: 'branch_admin of branchId, head_admin' });
  });

  it('logs an unexpected failure by class, code and frames, never the message or an event value', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      const answer = await cloud.call('kernel', { action: 'explode', secret: '13800138000' });
      expect(answer).toEqual({ ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } });
    } finally {
      spy.mockRestore();
    }
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]) as { fn: string; action: string; error: { class: string; frames: string[] } };
    expect(record.fn).toBe('kernel');
    expect(record.action).toBe('explode');
    expect(record.error.class).toMatch(/Error/);
    expect(record.error.frames.length).toBeGreaterThan(0);
    expect(lines[0]).not.toContain('13800138000');
    expect(lines[0]).not.toContain('kernelNeverCreated');
  });
});

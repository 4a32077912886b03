/** @jest-environment jsdom */
import { renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';

/** The developer panel's 本地云地址: requests follow the address typed (another PORT, a phone on the LAN). */
const backend: Backend = async (name, event, openid) =>
  name === 'user' && event.action === 'me'
    ? { ok: true, data: { openid, roles: [], learner: null, volunteer: null } }
    : { ok: false, error: { code: 'INVALID_ARGUMENT', message: '未知操作' } };

function recordUrls(): string[] {
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  const request = wx.request as (opts: { url: string }) => unknown;
  const urls: string[] = [];
  wx.request = (opts: { url: string }) => {
    urls.push(opts.url);
    return request(opts);
  };
  return urls;
}

test('the default address until another one is saved; a bare host:port gets http://', async () => {
  const fake = setupWx({ backend });
  const urls = recordUrls();
  const { comp } = await renderPage('pages/index/index');
  expect(urls).toEqual(['http://127.0.0.1:8787/v1/functions/user']);
  expect(textOf(comp.querySelector('#dev-panel'))).toContain('本地云 http://127.0.0.1:8787');

  comp.querySelector('#dev-base-url')!.dispatchEvent('input', { detail: { value: '192.168.1.20:8799' } });
  tap(comp.querySelector('#dev-base-url-save'));
  await settle();
  expect(fake.storage.get('devBaseUrl')).toBe('http://192.168.1.20:8799');
  expect(urls[urls.length - 1]).toBe('http://192.168.1.20:8799/v1/functions/user');
  expect(textOf(comp.querySelector('#dev-panel'))).toContain('本地云 http://192.168.1.20:8799');

  // Emptied and saved: back to the default.
  comp.querySelector('#dev-base-url')!.dispatchEvent('input', { detail: { value: '' } });
  tap(comp.querySelector('#dev-base-url-save'));
  await settle();
  expect(fake.storage.has('devBaseUrl')).toBe(false);
  expect(urls[urls.length - 1]).toBe('http://127.0.0.1:8787/v1/functions/user');
});

test('an address that is not host:port is refused with a dialog and nothing changes', async () => {
  const fake = setupWx({ backend });
  const { comp } = await renderPage('pages/index/index');
  comp.querySelector('#dev-base-url')!.dispatchEvent('input', { detail: { value: 'http://192.168.1.20:8799/v1 x' } });
  tap(comp.querySelector('#dev-base-url-save'));
  await settle();
  expect(fake.dialogs[fake.dialogs.length - 1]).toContain('本机地址加端口');
  expect(fake.storage.has('devBaseUrl')).toBe(false);
});

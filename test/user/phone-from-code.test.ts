import { errorCode, startTestCloud, typedApi, type LocalCloud } from '../support/cloud';

/** 使用微信手机号: the button's code becomes the verified number (the local cloud answers it deterministically). */
let cloud: LocalCloud;
beforeAll(async () => (cloud = await startTestCloud()));
afterAll(() => cloud.close());

test('a code answers a mainland number, the same for the same code', async () => {
  const api = typedApi(cloud);
  const first = await api.ok('user', 'phoneFromCode', { code: 'button-code-1' }, 'phone-person');
  expect(first.phone).toMatch(/^138\d{8}$/);
  expect((await api.ok('user', 'phoneFromCode', { code: 'button-code-1' }, 'phone-person')).phone).toBe(first.phone);
  expect((await api.ok('user', 'phoneFromCode', { code: 'button-code-2' }, 'phone-person')).phone).not.toBe(first.phone);
});

test('a refused code, a missing code or an anonymous caller get a Chinese error', async () => {
  const api = typedApi(cloud);
  expect(errorCode(await api.call('user', 'phoneFromCode', { code: 'invalid' }, 'phone-person'))).toBe('FAILED_PRECONDITION');
  expect(errorCode(await api.call('user', 'phoneFromCode', { code: '' }, 'phone-person'))).toBe('INVALID_ARGUMENT');
  expect(errorCode(await api.call('user', 'phoneFromCode', { code: 'x' }))).toBe('UNAUTHENTICATED');
});

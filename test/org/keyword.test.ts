import type { Page } from '../../typings/envelope';
import type { PointItem } from '../../typings/org';
import { createPoint, HEAD, pointInput, YUZHONG } from './fixtures';
import { errorCode, expectOk, startTestCloud, type LocalCloud } from '../support/cloud';

/**
 * A search keyword is literal text: regex specials match themselves, control characters (NUL
 * and the like, which the database refuses inside a pattern) are refused with a Chinese message,
 * never an INTERNAL failure; nothing of the keyword reaches the log.
 */
let cloud: LocalCloud;
const lines: string[] = [];
const errors: string[] = [];
let literal: string;
beforeAll(async () => {
  process.env.HEAD_ADMIN_OPENIDS = HEAD;
  cloud = await startTestCloud({ log: (line) => lines.push(line) });
  literal = await createPoint(cloud, HEAD, pointInput(YUZHONG, '幸福(一)社区', { address: '重庆市渝中区[新华路]100号 a|b $5 \\ 站' }));
  await createPoint(cloud, HEAD, pointInput(YUZHONG, '幸福二社区'));
});
afterAll(() => cloud.close());

const search = (keyword: unknown) => cloud.call('org', { action: 'listPoints', keyword });

test.each(['社区\u0000', '\u0000', '社\u0001区', '社区\u007f', '社区\u0085', '\u001b[31m'])('%j is refused in Chinese, nothing logged of it', async (keyword) => {
  const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.map(String).join(' ')));
  const res = (await search(keyword)) as { error: { message: string } };
  spy.mockRestore();
  expect(errorCode(res)).toBe('INVALID_ARGUMENT');
  expect(res.error.message).toBe('搜索词含有无法识别的字符，请只输入文字、数字或常用符号');
  expect(errors.join('\n')).not.toContain('社区');
  expect(lines.join('\n')).not.toMatch(/INTERNAL/);
});

test.each(['(一)', '[新华路]', 'a|b', '$5', '\\', '幸福(', '.*', '+', '?', '^重庆', '{1}'])('%j is literal text', async (keyword) => {
  const page = expectOk<Page<PointItem>>(await search(keyword));
  const expected = ['.*', '+', '?', '{1}', '^重庆'].includes(keyword) ? [] : [literal];
  expect(page.items.map((i) => i.id)).toEqual(expected);
});

test('tabs and line breaks inside a pasted keyword count as one space', async () => {
  const page = expectOk<Page<PointItem>>(await search('a|b\t$5'));
  expect(page.items.map((i) => i.id)).toEqual([literal]);
});

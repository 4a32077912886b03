/** @jest-environment jsdom */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startTestCloud, typedApi, type LocalCloud } from '../support/cloud';
import { installFakeFiles, wrappedFunctions, type FakeFiles } from '../support/fake-files';
import { renderPage, settle, setupWx, tap, textOf, type Backend, type SimComponent } from '../support/simulate';
import { BRANCH_ADMIN, POINT_ADMIN, setupCourseOrg } from './fixtures';

/**
 * The staff upload page against the real local cloud: files picked on the "device", the cover
 * compressed, both uploaded to storage, then resource.upload and its content check. The functions
 * are served through wrappers so one test can deploy `resource` without its content-check
 * permission (the check cannot run) and then with it again.
 */
let cloud: LocalCloud;
let fns: ReturnType<typeof wrappedFunctions>;
let pointA: string;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
const as = (openid: string) => ({ devOpenid: { openid } });
const RESOURCE_CONFIG = JSON.parse(readFileSync(path.join(__dirname, '../../cloudfunctions/resource/config.json'), 'utf8'));

beforeAll(async () => {
  fns = wrappedFunctions();
  cloud = await startTestCloud({ functionsDir: fns.dir });
  pointA = (await setupCourseOrg(cloud)).pointA;
});
afterAll(() => {
  cloud.close();
  rmSync(fns.dir, { recursive: true, force: true });
});

const input = (comp: SimComponent, id: string, value: string) => comp.querySelector(id)!.dispatchEvent('input', { detail: { value } });

async function fillForm(comp: SimComponent, files: FakeFiles, title: string): Promise<void> {
  files.media.push([{ path: 'wxfile://tmp/lecture.mp4', bytes: Buffer.from('MP4 lecture'), duration: 312.4 }]);
  tap(comp.querySelector('#btn-file'));
  await settle();
  files.media.push([{ path: 'wxfile://tmp/cover.png', bytes: Buffer.from('PNG harmless cover') }]);
  tap(comp.querySelector('#btn-cover'));
  await settle();
  input(comp, '#input-title', title);
  input(comp, '#input-summary', '老年人冬季出行与居家防跌倒的实用方法');
  comp.instance.onTopic({ detail: { value: 7 } });
  tap(comp.querySelectorAll('.audience').find((a) => textOf(a) === '老年人'));
  await settle();
}

test('a point uploads a video with a compressed cover: stored, checked, waiting for the branch’s review', async () => {
  const wx = setupWx({ backend, storage: as(POINT_ADMIN) });
  const files = installFakeFiles(cloud);
  const { comp } = await renderPage('packages/staff/pages/resource-upload/index');
  expect(comp.querySelectorAll('.kind').map((k) => textOf(k))).toEqual(['视频', '音频', '电子书', '动画', '课件']);
  expect(textOf(comp.querySelector('#unit'))).toBe('解放碑');

  // Nothing chosen: the reason stays on the page until it is fixed.
  tap(comp.querySelector('#btn-submit'));
  await settle();
  expect(textOf(comp.querySelector('#form-error'))).toBe('请选择视频文件');
  expect(wx.toasts).toEqual([]);

  await fillForm(comp, files, '冬季防跌倒小常识');
  expect(textOf(comp.querySelector('#file-line'))).toContain('视频');
  expect(comp.querySelector('#cover-preview')).toBeDefined();
  expect(comp.data.topicNames[comp.data.topicIndex]).toBe('健康养老');
  tap(comp.querySelector('#btn-submit'));
  await settle();

  expect(textOf(comp.querySelector('#upload-result'))).toContain('已通过内容安全检测，等待审核');
  expect(files.uploads.map((u) => u.openid)).toEqual([POINT_ADMIN, POINT_ADMIN]);
  expect(files.uploads[0].cloudPath).toMatch(new RegExp(`^resources/${pointA}/.+\\.mp4$`));
  expect(files.uploads[1].cloudPath).toMatch(/-cover\.jpg$/);
  const queue = await typedApi(cloud).ok('resource', 'manageList', { pointId: pointA, status: 'pending' }, BRANCH_ADMIN);
  expect(queue.items.map((i) => [i.title, i.kind, i.topic, i.audiences, i.durationSec, i.unitName])).toEqual([['冬季防跌倒小常识', 'video', '老', ['senior'], 312, '解放碑']]);
});

test('the content check’s verdict is shown in words: a blocked upload says why', async () => {
  setupWx({ backend, storage: as(POINT_ADMIN) });
  const files = installFakeFiles(cloud);
  const { comp } = await renderPage('packages/staff/pages/resource-upload/index');
  await fillForm(comp, files, '赌博游戏的危害');
  tap(comp.querySelector('#btn-submit'));
  await settle();
  const result = textOf(comp.querySelector('#upload-result'));
  expect(result).toContain('未通过内容安全检测');
  expect(result).toContain('标题含有不宜公开的内容');
  expect(comp.querySelector('#btn-recheck')).toBeUndefined();
});

test('an e-book must be a PDF within the limit: the file chooser offers only pdf, a wrong file is refused on the page', async () => {
  setupWx({ backend, storage: as(POINT_ADMIN) });
  const files = installFakeFiles(cloud);
  const { comp } = await renderPage('packages/staff/pages/resource-upload/index');
  tap(comp.querySelectorAll('.kind').find((k) => textOf(k) === '电子书'));
  await settle();
  files.messages.push({ name: '讲义.docx', bytes: Buffer.from('DOCX') });
  tap(comp.querySelector('#btn-file'));
  await settle();
  expect(files.offered).toEqual([['pdf']]);
  expect(textOf(comp.querySelector('#form-error'))).toBe('电子书只能上传 pdf 格式的文件，请重新选择');
  files.messages.push({ name: '家庭急救手册.pdf', bytes: Buffer.from('%PDF-1.4 aid') });
  tap(comp.querySelector('#btn-file'));
  await settle();
  expect(comp.querySelector('#form-error')).toBeUndefined();
  expect(textOf(comp.querySelector('#file-line'))).toContain('家庭急救手册.pdf');
});

test('the content check cannot run: the upload stays checking, hidden from learners, until 重新检测 passes it to review', async () => {
  const api = typedApi(cloud);
  setupWx({ backend, storage: as(POINT_ADMIN) });
  const files = installFakeFiles(cloud);
  const { comp } = await renderPage('packages/staff/pages/resource-upload/index');
  await fillForm(comp, files, '居家用电安全');

  // Deployed without the content-security permission: msgSecCheck answers -604101.
  fns.setConfig('resource', {});
  tap(comp.querySelector('#btn-submit'));
  await settle();
  expect(textOf(comp.querySelector('#upload-result'))).toContain('内容安全检测暂时没有完成');
  const { resourceId } = comp.data.result as { resourceId: string };
  const staffView = await api.ok('resource', 'staffGet', { resourceId }, POINT_ADMIN);
  expect(staffView).toMatchObject({ status: 'checking', blockReason: null });
  expect((await api.call('resource', 'get', { resourceId })).ok).toBe(false);
  expect((await api.call('resource', 'review', { resourceId, decision: 'publish' }, BRANCH_ADMIN)).ok).toBe(false);
  expect((await api.ok('resource', 'manageList', { pointId: pointA, status: 'checking' }, POINT_ADMIN)).items.map((i) => i.id)).toEqual([resourceId]);

  // Still failing: 重新检测 keeps it checking.
  tap(comp.querySelector('#btn-recheck'));
  await settle();
  expect(textOf(comp.querySelector('#upload-result'))).toContain('内容安全检测暂时没有完成');

  // Permission restored: the re-check passes it to the branch's review.
  fns.setConfig('resource', RESOURCE_CONFIG);
  tap(comp.querySelector('#btn-recheck'));
  await settle();
  expect(textOf(comp.querySelector('#upload-result'))).toContain('已通过内容安全检测，等待审核');
  expect((await api.ok('resource', 'staffGet', { resourceId }, POINT_ADMIN)).status).toBe('pending');
  const again = await api.call('resource', 'recheck', { resourceId }, POINT_ADMIN);
  expect(again.ok ? null : again.error.code).toBe('FAILED_PRECONDITION');
  await api.ok('resource', 'review', { resourceId, decision: 'publish' }, BRANCH_ADMIN);
  expect((await api.ok('resource', 'get', { resourceId })).title).toBe('居家用电安全');
});

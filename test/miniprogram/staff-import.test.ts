/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import ExcelJS from 'exceljs';
import { typedApi, type LocalCloud } from '../support/cloud';
import { installFakeFiles } from '../support/fake-files';
import { PEOPLE, startOrgCloud, YUZHONG } from '../org/fixtures';
import { renderPage, settle, setupWx, tap, textOf, withDialogs, type Backend } from '../support/simulate';

/** 表格导入 against the real sheet function: template, a picked file uploaded to storage, the row-by-row report. */
let cloud: LocalCloud;
let api: ReturnType<typeof typedApi>;
let backend: Backend;

beforeAll(async () => {
  ({ cloud } = await startOrgCloud());
  api = typedApi(cloud);
  backend = (name, event, openid) => cloud.call(name, event, openid);
});
afterAll(() => cloud.close());

async function xlsx(headers: string[], rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('a branch admin downloads the teachers template, imports a filled file and reads each row; a re-import adds nobody', async () => {
  const wx = setupWx({ backend, storage: { devOpenid: { openid: PEOPLE.branchAdminYuzhong } } });
  const files = installFakeFiles(cloud);
  const opened: string[] = [];
  Object.assign((globalThis as unknown as { wx: Record<string, unknown> }).wx, {
    downloadFile: (o: { url: string; success: (r: unknown) => void }) => setTimeout(() => o.success({ statusCode: 200, tempFilePath: 'wxfile://tmp/template.xlsx' }), 0),
    openDocument: (o: { filePath: string; fileType: string; success: () => void }) => {
      opened.push(o.fileType);
      o.success();
    },
  });
  const { comp, unmount } = await renderPage('packages/staff/pages/import/index');
  // A branch admin: no 分校管理员 kind, their own branch chosen.
  expect(comp.querySelectorAll('.kind').map(textOf)).toEqual(['教学点', '讲师']);
  expect(textOf(comp.querySelector('#branch-picker'))).toContain('渝中');
  tap(comp.querySelectorAll('.kind')[1]);
  tap(comp.querySelector('#template'));
  await settle();
  expect(opened).toEqual(['xlsx']);
  const { headers } = await api.ok('sheet', 'importTemplate', { kind: 'teachers' }, PEOPLE.branchAdminYuzhong);

  const bytes = await xlsx(headers, [
    ['李秀英', '重庆医科大学附属第一医院', '主任医师', '老年医学', '健康养老、疾病预防', 13812345678, ''],
    ['王志强', '渝中区消防救援支队', '中队长', '消防', '居家安全', '1381234', ''],
  ]);
  files.messages.push({ name: '讲师.xlsx', bytes });
  tap(comp.querySelector('#choose'));
  await settle();
  expect(files.offered[0]).toEqual(['xlsx']);
  expect(files.uploads).toHaveLength(1);
  expect(wx.calls.find((c) => c.event.action === 'importFile')!.event).toMatchObject({ kind: 'teachers', branchId: YUZHONG, fromRow: 1 });
  expect(textOf(comp.querySelector('#summary'))).toBe('导入 1 行，已有未改动 0 行，未导入 1 行');
  const rows = comp.querySelectorAll('.report-row').map(textOf);
  expect(rows).toHaveLength(2);
  expect(rows[1]).toMatch(/^第3行：手机号应为11位/);
  expect((await api.ok('teacher', 'listTeachers', { branchId: YUZHONG, status: 'pending' }, PEOPLE.branchAdminYuzhong)).items.map((t) => t.name)).toContain('李秀英');

  files.messages.push({ name: '讲师.xlsx', bytes });
  tap(comp.querySelector('#choose'));
  await settle();
  expect(textOf(comp.querySelector('#summary'))).toBe('导入 0 行，已有未改动 1 行，未导入 1 行');
  unmount();
});

test('the head school chooses the branch first (told inline), can import branch admins; a wrong file type is refused', async () => {
  const fake = withDialogs(setupWx({ backend, storage: { devOpenid: { openid: PEOPLE.head } } }));
  const files = installFakeFiles(cloud);
  const { comp, unmount } = await renderPage('packages/staff/pages/import/index');
  expect(comp.querySelectorAll('.kind').map(textOf)).toEqual(['教学点', '讲师', '分校管理员']);
  tap(comp.querySelector('#choose'));
  await settle();
  expect(textOf(comp.querySelector('#branch-error'))).toBe('请先选择导入到哪个分校');
  expect(files.offered).toHaveLength(0);

  tap(comp.querySelectorAll('.kind')[2]);
  files.messages.push({ name: '名单.csv', bytes: Buffer.from('a,b') });
  tap(comp.querySelector('#choose'));
  await settle();
  expect(fake.modals.map((m) => m.content)).toContain('请选择按模板填写的表格文件（.xlsx）');
  expect(files.uploads).toHaveLength(0);
  unmount();

  setupWx({ backend, storage: { devOpenid: { openid: PEOPLE.pointAdminA } } });
  const point = await renderPage('packages/staff/pages/import/index');
  expect(textOf(point.comp.querySelector('#import-state'))).toContain('只有总校或分校管理员');
  point.unmount();
});

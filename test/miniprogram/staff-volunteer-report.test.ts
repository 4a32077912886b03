/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// Node export conditions: the volunteer function's export (exceljs, csv-stringify) runs here as the backend.
import type { LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, type Backend, type FakeWx } from '../support/simulate';
import { HEAD, HOUR, YUZHONG, addReportUnits, at, member, phone, startVolunteerCloud, type Vol } from '../volunteer/fixtures';
import type { KeyDay } from '../../typings/volunteer';

/**
 * 志愿服务统计 against the real volunteer function: approved hours recorded through the real
 * actions (signup, claim, leader's review) in three teams of two branches; the page reports a
 * branch per point, drills down and back, and exports through the `export` action to files.
 */
let cloud: LocalCloud;
let v: Vol;
let backend: Backend;

async function approvedHours(pointId: string, leader: string, volunteer: string, realName: string, hours: number, keyDay?: KeyDay): Promise<void> {
  await v.ok('register', { realName: `${realName}队长`, phone: phone() }, leader);
  const { teamId } = await v.ok('createTeam', { unitId: pointId, leaderOpenid: leader }, HEAD);
  await member(v, teamId, volunteer, leader, realName);
  const { activityId } = await v.ok(
    'createActivity',
    { teamId, title: `${realName}参加的科普活动`, startsAt: at(HOUR), endsAt: at(HOUR + hours * HOUR), location: '社区活动中心', slots: 5, hours, ...(keyDay ? { keyDay } : {}) },
    leader,
  );
  await v.ok('signupActivity', { activityId }, volunteer);
  cloud.setClockOffset((hours + 2) * HOUR);
  const { recordId } = await v.ok('logHours', { activityId, hours }, volunteer);
  await v.ok('reviewHours', { recordId, approve: true }, leader);
  cloud.setClockOffset(0);
}

beforeAll(async () => {
  ({ cloud, v } = await startVolunteerCloud());
  backend = (name, event, openid) => cloud.call(name, event, openid);
  await addReportUnits();
  await approvedHours('pt_jfb', 'lead-a', 'vol-1', '谢桂兰', 2, '全国科普日');
  await approvedHours('pt_qxg', 'lead-b', 'vol-2', '王德明', 3);
  await approvedHours('pt_gyq', 'lead-c', 'vol-3', '孙丽华', 1);
});
afterAll(() => cloud.close());

interface FileFakes {
  written: Array<{ filePath: string; encoding: string; data: string }>;
  opened: Array<{ filePath: string; fileType?: string }>;
  shared: Array<{ filePath: string; fileName?: string }>;
  failWrite: boolean;
}

function setup(openid: string): FakeWx & FileFakes {
  const fake = setupWx({ backend, storage: { devOpenid: { openid } } });
  const files = Object.assign(fake, { written: [], opened: [], shared: [], failWrite: false } as FileFakes);
  const g = globalThis as unknown as { wx: Record<string, unknown> };
  Object.assign(g.wx, {
    env: { USER_DATA_PATH: 'wxfile://usr' },
    getFileSystemManager: () => ({
      writeFile: (opts: { filePath: string; data: string; encoding: string; success?: () => void; fail?: (e: { errMsg: string }) => void }) =>
        // Asynchronous like the real one.
        Promise.resolve().then(() => {
          if (files.failWrite) return opts.fail?.({ errMsg: 'writeFile:fail the maximum size of the file storage limit is exceeded' });
          files.written.push({ filePath: opts.filePath, encoding: opts.encoding, data: opts.data });
          opts.success?.();
        }),
    }),
    openDocument: (opts: { filePath: string; fileType?: string; success?: () => void }) => {
      files.opened.push({ filePath: opts.filePath, fileType: opts.fileType });
      opts.success?.();
    },
    shareFileMessage: (opts: { filePath: string; fileName?: string; success?: () => void }) => {
      files.shared.push({ filePath: opts.filePath, fileName: opts.fileName });
      opts.success?.();
    },
  });
  return files;
}

const reportCalls = (wx: FakeWx) => wx.calls.filter((c) => c.event.action === 'teamReport').map((c) => c.event);

test('branch staff: the branch per point, drill into a point and back', async () => {
  const wx = setup('ba-yz');
  const { comp, unmount } = await renderPage('packages/staff/pages/volunteer-report/index');
  expect(reportCalls(wx)[0]).toMatchObject({ unitId: YUZHONG });
  expect(textOf(comp.querySelector('#total-hours'))).toBe('5 小时');
  expect(textOf(comp.querySelector('#summary'))).toContain('2 位志愿者 · 2 条记录');
  expect(comp.querySelectorAll('.unit-row').map(textOf)).toEqual(['七星岗社区 ›3 小时 · 1 条', '解放碑社区 ›2 小时 · 1 条']);
  expect(textOf(comp.querySelector('#key-days'))).toContain('全国科普日2 小时');
  expect(textOf(comp.querySelector('#volunteers'))).toContain('王德明');
  expect(textOf(comp.querySelector('#volunteers'))).not.toContain('孙丽华');

  tap(comp.querySelectorAll('.unit-row')[1]);
  await settle();
  expect(reportCalls(wx).pop()).toMatchObject({ unitId: 'pt_jfb' });
  expect(textOf(comp.querySelector('#total-hours'))).toBe('2 小时');
  expect(comp.querySelector('#units')).toBeUndefined();
  expect(textOf(comp.querySelector('#teams'))).toContain('解放碑社区科普大学科技志愿服务队');

  tap(comp.querySelector('#up'));
  await settle();
  expect(textOf(comp.querySelector('#total-hours'))).toBe('5 小时');
  expect(comp.querySelector('#up')).toBeUndefined();
  unmount();
});

test('head admin: the whole city, an Excel workbook written and opened, CSV files sent one by one', async () => {
  const wx = setup(HEAD);
  const { comp, unmount } = await renderPage('packages/staff/pages/volunteer-report/index');
  expect(reportCalls(wx)[0]).not.toHaveProperty('unitId');
  expect(textOf(comp.querySelector('#total-hours'))).toBe('6 小时');
  expect(comp.querySelectorAll('.unit-row')).toHaveLength(3);

  tap(comp.querySelector('#export-xlsx'));
  await settle();
  expect(wx.calls.find((c) => c.event.action === 'export')!.event).toMatchObject({ format: 'xlsx', year: expect.any(Number) });
  expect(wx.written).toHaveLength(1);
  expect(wx.written[0].filePath).toMatch(/^wxfile:\/\/usr\/科技志愿服务_.*\.xlsx$/);
  expect(wx.written[0].encoding).toBe('base64');
  expect(Buffer.from(wx.written[0].data, 'base64').subarray(0, 2).toString()).toBe('PK');
  expect(wx.opened).toEqual([{ filePath: wx.written[0].filePath, fileType: 'xlsx' }]);
  expect(textOf(comp.querySelector('#export-xlsx'))).toBe('导出 Excel 表格并打开');

  tap(comp.querySelector('#export-csv'));
  await settle();
  expect(wx.written).toHaveLength(4);
  const rows = comp.querySelectorAll('.file-row');
  expect(rows).toHaveLength(3);
  expect(textOf(comp.querySelector('#csv-files'))).toContain('服务时长.csv（3 行）');
  expect(wx.shared).toHaveLength(0);
  tap(comp.querySelectorAll('.send')[2]);
  await settle();
  expect(wx.shared).toEqual([{ filePath: wx.written[3].filePath, fileName: expect.stringMatching(/服务时长\.csv$/) }]);
  const csv = Buffer.from(wx.written[3].data, 'base64').toString('utf8');
  expect(csv).toContain('孙丽华');
  unmount();
});

test('a phone that cannot save the file is told so; the export can be tried again', async () => {
  const wx = setup(HEAD);
  const { comp, unmount } = await renderPage('packages/staff/pages/volunteer-report/index');
  wx.failWrite = true;
  tap(comp.querySelector('#export-xlsx'));
  await settle();
  expect(textOf(comp.querySelector('#export-error'))).toBe('文件没有保存或打开成功，请检查手机存储空间后重试');
  expect(wx.opened).toHaveLength(0);
  wx.failWrite = false;
  tap(comp.querySelector('#export-xlsx'));
  await settle();
  expect(comp.querySelector('#export-error')).toBeUndefined();
  expect(wx.opened).toHaveLength(1);
  unmount();
});

test('an earlier year with nothing approved is empty; a team leader is sent to the team report; a volunteer is told why', async () => {
  const wx = setup('ba-yz');
  const { comp, unmount } = await renderPage('packages/staff/pages/volunteer-report/index');
  comp.querySelector('#picker-year')!.dispatchEvent('change', { detail: { value: 2 } });
  await settle();
  expect(reportCalls(wx).pop()!.year).toBe(reportCalls(wx)[0].year as number - 2);
  expect(textOf(comp.querySelector('#report-state'))).toContain('这一年还没有审核通过的服务时长');
  unmount();

  const leaderWx = setup('lead-a');
  const leader = await renderPage('packages/staff/pages/volunteer-report/index');
  expect(textOf(leader.comp.querySelector('#report-state'))).toContain('队长请查看本队的统计与导出');
  expect(leader.comp.querySelector('#export')).toBeUndefined();
  tap(leader.comp.querySelector('.team-link'));
  await settle();
  expect(leaderWx.navigations).toEqual([expect.stringMatching(/^\/packages\/staff\/pages\/team-report\/index\?teamId=.+/)]);
  leader.unmount();

  setup('vol-1');
  const volunteer = await renderPage('packages/staff/pages/volunteer-report/index');
  expect(textOf(volunteer.comp.querySelector('#report-state'))).toContain('只有总校、分校或教学点管理员');
  expect(volunteer.comp.querySelector('#team-links')).toBeUndefined();
  volunteer.unmount();
});

import type { KeyDay } from '../../typings/volunteer';
import ExcelJS from 'exceljs';
import { database } from '../../cloudfunctions/_shared/cloud';
import { errorCode, type LocalCloud } from '../support/cloud';
import { HEAD, HOUR, YUZHONG, addPoint, at, grant, member, phone, startVolunteerCloud, type Vol } from './fixtures';

let cloud: LocalCloud;
let v: Vol;
let teamId: string;
let branchTeam: string;
const POINT = 'pt_cert';
const YEAR = new Date(Date.now() + 8 * HOUR).getUTCFullYear();
const people = Array.from({ length: 30 }, (_, i) => `c-${i}`);

/** An activity that has started, the people signed up, each claim approved by the leader. */
async function served(team: string, leader: string, who: string[], hours: number, title: string, keyDay?: KeyDay): Promise<string> {
  const { activityId } = await v.ok('createActivity', { teamId: team, title, startsAt: at(HOUR), endsAt: at(3 * HOUR), location: '社区', slots: 100, hours: 2, keyDay }, leader);
  for (const p of who) await v.ok('signupActivity', { activityId }, p);
  cloud.setClockOffset(4 * HOUR);
  for (const p of who) {
    const { recordId } = await v.ok('logHours', { activityId, hours }, p);
    await v.ok('reviewHours', { recordId, approve: true }, leader);
  }
  cloud.setClockOffset(0);
  return activityId;
}

beforeAll(async () => {
  ({ cloud, v } = await startVolunteerCloud());
  await addPoint(POINT, YUZHONG, '大坪社区');
  await grant('padmin', 'point_admin', POINT);
  await grant('badmin', 'branch_admin', YUZHONG);
  await v.ok('register', { realName: '郑队长', phone: phone() }, 'leader');
  await v.ok('register', { realName: '冯队长', phone: phone() }, 'bleader');
  ({ teamId } = await v.ok('createTeam', { unitId: POINT, leaderOpenid: 'leader' }, 'padmin'));
  ({ teamId: branchTeam } = await v.ok('createTeam', { unitId: YUZHONG, leaderOpenid: 'bleader' }, 'badmin'));
  for (const p of people) await member(v, teamId, p, 'leader', `志愿者${p}`);
  await member(v, branchTeam, 'c-0', 'bleader', '志愿者c-0');
  await served(teamId, 'leader', people, 2, '全国科普日健康讲座', '全国科普日');
  await served(teamId, 'leader', people.slice(0, 3), 1.5, '社区防诈骗宣传');
  await served(branchTeam, 'bleader', ['c-0'], 2, '科技活动周展览', '科技活动周');
  // A pending claim that must appear nowhere in certificates and reports.
  const { activityId } = await v.ok('createActivity', { teamId, title: '待审核活动', startsAt: at(HOUR), endsAt: at(3 * HOUR), location: '社区', slots: 5, hours: 2 }, 'leader');
  await v.ok('signupActivity', { activityId }, 'c-1');
  cloud.setClockOffset(4 * HOUR);
  await v.ok('logHours', { activityId, hours: 2 }, 'c-1');
  cloud.setClockOffset(0);
});
afterAll(() => cloud.close());

describe('certificate', () => {
  test('numbers are unique across 30 volunteers asking at once, and stable per person', async () => {
    const first = await Promise.all(people.map((p) => v.ok('certificate', {}, p)));
    const numbers = first.map((c) => c.number);
    expect(new Set(numbers).size).toBe(30);
    for (const n of numbers) expect(n).toMatch(new RegExp(`^KP${YEAR}\\d{6}$`));
    const again = await Promise.all(people.slice(0, 5).map((p) => v.ok('certificate', {}, p)));
    expect(again.map((c) => c.number)).toEqual(numbers.slice(0, 5));
  });

  test('shows the approved records only, the identity and the issuing teams', async () => {
    const c = await v.ok('certificate', {}, 'c-0');
    expect(c).toMatchObject({ realName: '志愿者c-0', approvedHours: 5.5, star: 0 });
    expect(c.records.map((r: any) => r.status)).toEqual(['approved', 'approved', 'approved']);
    expect(c.issuedBy).toContain('大坪社区科普大学科技志愿服务队');
    expect(c.issuedBy).toContain('渝中区社区科普大学科技志愿服务队');
    expect(c.issuedAt).toMatch(/\+08:00$/);
    const c1 = await v.ok('certificate', {}, 'c-1');
    expect(c1.approvedHours).toBe(3.5);
    expect(c1.records.map((r: any) => r.activityTitle)).not.toContain('待审核活动');
    await v.ok('register', { realName: '新志愿者', phone: phone() }, 'fresh');
    expect(errorCode(await v.call('certificate', {}, 'fresh'))).toBe('FAILED_PRECONDITION');
  });
});

describe('teamReport', () => {
  test('approved hours per volunteer, team, unit and key day, for the team, the branch and the city', async () => {
    const team = await v.ok('teamReport', { teamId, year: YEAR }, 'leader');
    expect(team).toMatchObject({ totalHours: 64.5, recordCount: 33, volunteerCount: 30 });
    expect(team.perVolunteer[0]).toMatchObject({ hours: 3.5, records: 2 });
    expect(team.perTeam).toEqual([{ teamId, teamName: '大坪社区科普大学科技志愿服务队', hours: 64.5, records: 33 }]);
    expect(team.perKeyDay).toEqual([
      { keyDay: '全国科普日', hours: 60, records: 30 },
      { keyDay: '其他', hours: 4.5, records: 3 },
    ]);
    const branch = await v.ok('teamReport', { unitId: YUZHONG, year: YEAR }, 'badmin');
    expect(branch.totalHours).toBe(66.5);
    expect(branch.perUnit).toEqual([
      { unitId: POINT, unitName: '大坪社区', hours: 64.5, records: 33 },
      { unitId: YUZHONG, unitName: '渝中区分校', hours: 2, records: 1 },
    ]);
    expect((await v.ok('teamReport', { year: YEAR }, HEAD)).totalHours).toBe(66.5);
    expect((await v.ok('teamReport', { teamId, year: YEAR - 1 }, 'leader')).totalHours).toBe(0);
    expect(errorCode(await v.call('teamReport', { year: YEAR }, 'badmin'))).toBe('PERMISSION_DENIED');
    expect(errorCode(await v.call('teamReport', { unitId: YUZHONG, year: YEAR }, 'leader'))).toBe('PERMISSION_DENIED');
  });
});

describe('export', () => {
  test('CSV: teams, persons and records in the national system layout; phones masked for a leader', async () => {
    const { files } = await v.ok('export', { teamId, year: YEAR, format: 'csv' }, 'leader');
    expect(files.map((f: any) => f.name)).toEqual([
      `科技志愿服务_大坪社区科普大学科技志愿服务队_${YEAR}_服务队.csv`,
      `科技志愿服务_大坪社区科普大学科技志愿服务队_${YEAR}_志愿者.csv`,
      `科技志愿服务_大坪社区科普大学科技志愿服务队_${YEAR}_服务时长.csv`,
    ]);
    const persons = Buffer.from(files[1].base64, 'base64');
    expect([...persons.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = persons.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(`序号,姓名,证件类型,证件号码,手机号码,服务技能,所属服务队,所属单位,注册日期,${YEAR}年服务时长（小时）,累计服务时长（小时）`);
    expect(lines).toHaveLength(1 + 31);
    expect(lines.slice(1).every((l) => /,139\*\*\*\*\d{4},/.test(l))).toBe(true);
    const records = Buffer.from(files[2].base64, 'base64').toString('utf8').slice(1).trim().split('\r\n');
    expect(records[0]).toBe('序号,姓名,证件类型,证件号码,手机号码,活动名称,服务开始时间,服务结束时间,服务时长（小时）,记录方式,主题日,服务队,记录编号');
    expect(records).toHaveLength(1 + 33);
    expect(records.some((r) => r.includes('待审核活动'))).toBe(false);
    expect(files[2].rows).toBe(33);
  });

  test('XLSX: one workbook with three sheets; staff of the unit see phones; audited', async () => {
    const { files } = await v.ok('export', { unitId: POINT, year: YEAR, format: 'xlsx' }, 'padmin');
    expect(files).toHaveLength(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(files[0].base64, 'base64') as any);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['服务队', '志愿者', '服务时长']);
    const persons = wb.getWorksheet('志愿者')!;
    expect(persons.rowCount).toBe(1 + 31);
    const phones = persons.getColumn(5).values.slice(2) as string[];
    expect(phones.every((p) => /^139\d{8}$/.test(p))).toBe(true);
    const recs = wb.getWorksheet('服务时长')!;
    expect(recs.rowCount).toBe(1 + 33);
    expect(recs.getRow(2).getCell(6).value).toBe('全国科普日健康讲座');
    expect(recs.getRow(2).getCell(10).value).toBe('事后登记审核');
    const audit = (await database().collection('audit').where({ action: 'volunteer.export', actor: 'padmin' }).get()).data;
    expect(audit).toHaveLength(1);
    expect(errorCode(await v.call('export', { unitId: POINT, year: YEAR, format: 'xlsx' }, 'leader'))).toBe('PERMISSION_DENIED');
    expect(errorCode(await v.call('export', { teamId, year: YEAR, format: 'pdf' }, 'leader'))).toBe('INVALID_ARGUMENT');
  });
});

test('one person asking for a certificate many times at once gets one number (runs last: adds records)', async () => {
  const before = await v.ok('certificate', {}, 'c-7');
  await member(v, teamId, 'burst', 'leader', '新来的');
  await served(teamId, 'leader', ['burst'], 1, '单人服务');
  const burst = await Promise.all(Array.from({ length: 10 }, () => v.ok('certificate', {}, 'burst')));
  expect(new Set(burst.map((c) => c.number)).size).toBe(1);
  expect(burst[0].number).not.toBe(before.number);
});

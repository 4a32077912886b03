import { database } from '../../cloudfunctions/_shared/cloud';
import { PART_MAX_ROWS } from '../../cloudfunctions/sheet/exports';
import { shanghaiYear } from '../../cloudfunctions/_shared/time';
import { errorCode, typedApi, type LocalCloud } from '../support/cloud';
import { enrollInput, JIANGBEI, PEOPLE, startOrgCloud, YUZHONG, type OrgFixture } from '../org/fixtures';
import { exportAll, readXlsx } from './fixtures';

let cloud: LocalCloud;
let f: OrgFixture;
let api: ReturnType<typeof typedApi>;
const year = shanghaiYear(new Date());
const NAMES = ['王秀兰', '李建国', '张桂英', '刘德明', '陈淑珍'];

beforeAll(async () => {
  ({ cloud, f } = await startOrgCloud());
  api = typedApi(cloud);
  const at = [f.pointA, f.pointA, f.pointB, f.pointC, f.pointC];
  for (const [i, pointId] of at.entries()) await api.ok('user', 'enroll', enrollInput(pointId, { name: NAMES[i], phone: `1370000${String(i).padStart(4, '0')}`, gender: i % 2 ? 'female' : 'male' }) as never, `sx-${i}`);
});
afterAll(() => cloud.close());

describe('sheet exports', () => {
  test('learners of a branch: Chinese headings, every point of the branch, full phones for its staff, nothing of another branch', async () => {
    const out = await exportAll(api, { kind: 'learners', branchId: YUZHONG }, PEOPLE.branchAdminYuzhong);
    expect(out.title).toMatch(/^渝中区.*学员名单$/);
    expect(out.fileName).toBe(`${out.title}.xlsx`);
    expect(out.url).toMatch(/^http/);
    expect(cloud.platform.storage.cloudPathOf(out.fileID)).toMatch(/^exports\//);
    const cells = await readXlsx(cloud, out.fileID);
    expect(cells[0]).toEqual(['姓名', '性别', '出生年份', '职业', '手机号', '教学点', '报名时间']);
    const names = cells.slice(1).map((r) => r[0]).sort();
    // Points A and B are 渝中区's; the fixture's own learner is at A.
    expect(names).toEqual([NAMES[0], NAMES[1], NAMES[2], '张三明'].sort());
    expect(out.rows).toBe(4);
    const phones = cells.slice(1).map((r) => String(r[4]));
    expect(phones.every((p) => /^1\d{10}$/.test(p))).toBe(true);
    expect(cells.slice(1).map((r) => r[5])).toEqual(expect.arrayContaining(['解放碑', '七星岗']));
  });

  test("a branch admin cannot export another branch's learners, points or statistics; a point admin only their point", async () => {
    expect(errorCode(await api.call('sheet', 'exportStart', { kind: 'learners', branchId: JIANGBEI }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('sheet', 'exportStart', { kind: 'learners', pointId: f.pointC }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('sheet', 'exportStart', { kind: 'points', branchId: JIANGBEI }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('sheet', 'exportStart', { kind: 'stats_breakdown', scope: 'city', year }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('sheet', 'exportStart', { kind: 'stats_overview', scope: 'branch', unitId: JIANGBEI, year }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('sheet', 'exportStart', { kind: 'learners', branchId: YUZHONG }, PEOPLE.pointAdminA))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('sheet', 'exportStart', { kind: 'learners', branchId: YUZHONG }, PEOPLE.learner))).toBe('PERMISSION_DENIED');
    const own = await exportAll(api, { kind: 'learners', pointId: f.pointA }, PEOPLE.pointAdminA);
    expect(own.rows).toBe(3);
  });

  test("a point's yearly archive as a spreadsheet: the archive view's figures, for the point's staff and above only", async () => {
    const view = await api.ok('school', 'archive', { pointId: f.pointA, year }, PEOPLE.pointAdminA);
    const out = await exportAll(api, { kind: 'archive', pointId: f.pointA, year }, PEOPLE.pointAdminA);
    expect(out.title).toBe(`解放碑${year}年档案`);
    const cells = await readXlsx(cloud, out.fileID);
    expect(cells[0]).toEqual(['部分', '项目', '数值']);
    const value = (part: string, item: string) => cells.find((r) => r[0] === part && r[1] === item)?.[2];
    expect(value('学员', '在册学员')).toBe(view.learners.total);
    expect(value('学员', '在册学员')).toBe(3);
    expect(value('教学计划', '已开课（次）')).toBe(view.plan.held);
    expect(cells.filter((r) => r[0] === '四化八有')).toHaveLength(view.checklist.items.length + 1);
    expect(errorCode(await api.call('sheet', 'exportStart', { kind: 'archive', pointId: f.pointA, year }, PEOPLE.pointAdminB))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('sheet', 'exportStart', { kind: 'archive', pointId: f.pointA, year }, PEOPLE.branchAdminJiangbei))).toBe('PERMISSION_DENIED');
  });

  test('a job belongs to the one who started it', async () => {
    const { jobId } = await api.ok('sheet', 'exportStart', { kind: 'learners', branchId: YUZHONG }, PEOPLE.branchAdminYuzhong);
    expect(errorCode(await api.call('sheet', 'exportPart', { jobId }, PEOPLE.head))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('sheet', 'exportFinish', { jobId }, PEOPLE.branchAdminYuzhong))).toBe('FAILED_PRECONDITION');
  });

  test('statistics views: the overview, the breakdown per branch and the five-year trend, as the stats actions answer them', async () => {
    const o = await api.ok('stats', 'overview', { scope: 'branch', unitId: YUZHONG, year }, PEOPLE.branchAdminYuzhong);
    const ov = await readXlsx(cloud, (await exportAll(api, { kind: 'stats_overview', scope: 'branch', unitId: YUZHONG, year }, PEOPLE.branchAdminYuzhong)).fileID);
    expect(ov[0]).toEqual(['指标', '数值']);
    expect(ov).toContainEqual(['在册学员', o.learners.total]);
    expect(ov).toContainEqual(['女', o.learners.female]);

    const b = await api.ok('stats', 'breakdown', { scope: 'city', year }, PEOPLE.head);
    const bx = await readXlsx(cloud, (await exportAll(api, { kind: 'stats_breakdown', scope: 'city', year }, PEOPLE.head)).fileID);
    expect(bx.length).toBe(b.rows.length + 1);
    expect(bx).toContainEqual([b.rows.find((r) => r.unitId === JIANGBEI)!.unitName, 2, 0, 0, 0, 0]);

    const t = await readXlsx(cloud, (await exportAll(api, { kind: 'stats_trend', scope: 'point', unitId: f.pointA, year }, PEOPLE.pointAdminA)).fileID);
    expect(t.map((r) => r[0])).toEqual(['年份', ...[4, 3, 2, 1, 0].map((d) => `${year - d}年`)]);
  });

  test('teachers and points of a branch', async () => {
    await api.ok('teacher', 'addTeacher', { branchId: YUZHONG, name: '李秀英', organisation: '重庆医科大学', title: '主任医师', field: '老年医学', topics: ['老', '病'], phone: '13811112222' }, PEOPLE.branchAdminYuzhong);
    await api.ok('teacher', 'addTeacher', { branchId: JIANGBEI, name: '赵国强', organisation: '江北区人民医院', title: '副主任医师', field: '急救', topics: ['死'], phone: '13811113333' }, PEOPLE.branchAdminJiangbei);
    const tx = await readXlsx(cloud, (await exportAll(api, { kind: 'teachers', branchId: YUZHONG }, PEOPLE.branchAdminYuzhong)).fileID);
    expect(tx.slice(1).map((r) => r[0])).toEqual(['李秀英']);
    expect(tx[1][5]).toBe('健康养老、疾病预防');
    expect(tx[1][6]).toBe('13811112222');
    const all = await readXlsx(cloud, (await exportAll(api, { kind: 'teachers' }, PEOPLE.head)).fileID);
    expect(all.slice(1).map((r) => r[0]).sort()).toEqual(['李秀英', '赵国强'].sort());
    expect(errorCode(await api.call('sheet', 'exportStart', { kind: 'teachers' }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    const px = await readXlsx(cloud, (await exportAll(api, { kind: 'points', branchId: YUZHONG }, PEOPLE.branchAdminYuzhong)).fileID);
    expect(px.slice(1).map((r) => r[0]).sort()).toEqual(['七星岗', '解放碑'].sort());
  });

  test('a large list comes in several parts, each call bounded, rows in order and none twice', async () => {
    // Seeded straight into the engine (the enrollment action is tested elsewhere): more rows than one part takes.
    const n = PART_MAX_ROWS + 150;
    const docs = Array.from({ length: n }, (_x, i) => ({
      _id: `bulk-${i}`,
      pointId: f.pointB,
      branchId: YUZHONG,
      name: '批量学员',
      gender: 'female',
      birthYear: 1950,
      occupation: 'retired',
      phone: `1360${String(i).padStart(7, '0')}`,
      consentAt: new Date(),
      consentVersion: '2026-11',
      enrolledAt: new Date(Date.UTC(2026, 0, 1) + i * 1000),
      updatedAt: new Date(),
      transfers: [],
    }));
    for (const d of docs) await database().collection('learners').add({ data: d });
    const out = await exportAll(api, { kind: 'learners', pointId: f.pointB }, PEOPLE.pointAdminB);
    expect(out.parts).toBeGreaterThanOrEqual(2);
    const cells = await readXlsx(cloud, out.fileID);
    expect(out.rows).toBe(n + 1);
    expect(cells.length).toBe(n + 2);
    expect(new Set(cells.slice(1).map((r) => String(r[4]))).size).toBe(n + 1);
    // Finishing again answers the same file.
    expect((await api.ok('sheet', 'exportFinish', { jobId: out.jobId }, PEOPLE.pointAdminB)).fileID).toBe(out.fileID);
  });
});

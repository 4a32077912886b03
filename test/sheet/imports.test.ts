import { database } from '../../cloudfunctions/_shared/cloud';
import { errorCode, typedApi, type LocalCloud } from '../support/cloud';
import { JIANGBEI, PEOPLE, startOrgCloud, YUZHONG } from '../org/fixtures';
import { readXlsx, uploadXlsx } from './fixtures';

let cloud: LocalCloud;
let api: ReturnType<typeof typedApi>;

beforeAll(async () => {
  ({ cloud } = await startOrgCloud());
  api = typedApi(cloud);
});
afterAll(() => cloud.close());

const POINT_HEADERS = ['教学点名称', '地址', '负责人姓名', '负责人职务', '纬度（可不填）', '经度（可不填）'];

describe('sheet imports', () => {
  test('the template downloads with the Chinese headings and no data rows', async () => {
    const t = await api.ok('sheet', 'importTemplate', { kind: 'points' }, PEOPLE.branchAdminYuzhong);
    expect(t.headers).toEqual(POINT_HEADERS);
    expect(t.url).toMatch(/^http/);
    expect(await readXlsx(cloud, t.fileID)).toEqual([POINT_HEADERS]);
    expect(errorCode(await api.call('sheet', 'importTemplate', { kind: 'branch_admins' }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('sheet', 'importTemplate', { kind: 'points' }, PEOPLE.pointAdminA))).toBe('PERMISSION_DENIED');
  });

  test('points: each row validated as createPoint would, refused rows say why with their row number, a re-import changes nothing', async () => {
    const fileID = await uploadXlsx(
      cloud,
      'points',
      POINT_HEADERS,
      [
        ['较场口社区', '重庆市渝中区较场口街道100号', '刘明', '社区党委副书记', 29.55, 106.57],
        ['大坪社区', '重庆市渝中区大坪正街8号二楼', '周红', '教科文卫委员', '', ''],
        ['化龙桥社区', '重庆市渝中区化龙桥街道1号', '陈立', '居委会主任', '', ''],
        ['上清寺社区', '重庆市渝中区上清寺路5号', '吴芳', '教科文卫委员', 29.5, ''],
        ['', '', '', '', '', ''],
        ['大坪社区', '重庆市渝中区大坪正街8号二楼', '周红', '教科文卫委员', '', ''],
      ],
      PEOPLE.branchAdminYuzhong,
    );
    const first = await api.ok('sheet', 'importFile', { kind: 'points', fileID, branchId: YUZHONG }, PEOPLE.branchAdminYuzhong);
    expect(first).toMatchObject({ total: 5, taken: 2, unchanged: 1, refused: 2, nextRow: null });
    expect(first.rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'taken'],
      [3, 'taken'],
      [4, 'refused'],
      [5, 'refused'],
      [7, 'unchanged'],
    ]);
    expect(first.rows[2].message).toBe('第4行：负责人职务请选择「社区党委副书记」或「教科文卫委员」');
    expect(first.rows[3].message).toBe('第5行：纬度和经度要么都填，要么都不填');
    const points = await api.ok('org', 'listBranchPoints', { branchId: YUZHONG, limit: 100 }, PEOPLE.branchAdminYuzhong);
    const created = points.items.find((p) => p.name === '较场口社区')!;
    expect(created).toMatchObject({ address: '重庆市渝中区较场口街道100号', leaderName: '刘明', location: { latitude: 29.55, longitude: 106.57 } });
    // Created through org.createPoint as the caller: the audit names the branch admin.
    const audit = await database().collection('audit').where({ action: 'point.create', targetId: created.id }).get();
    expect((audit.data[0] as unknown as { actor: string }).actor).toBe(PEOPLE.branchAdminYuzhong);

    const before = points.items.length;
    const again = await api.ok('sheet', 'importFile', { kind: 'points', fileID, branchId: YUZHONG }, PEOPLE.branchAdminYuzhong);
    expect(again).toMatchObject({ taken: 0, unchanged: 3, refused: 2 });
    expect((await api.ok('org', 'listBranchPoints', { branchId: YUZHONG, limit: 100 }, PEOPLE.branchAdminYuzhong)).items.length).toBe(before);
  });

  test("a branch admin imports only into its own branch; a file without the template's columns is refused", async () => {
    const fileID = await uploadXlsx(cloud, 'other', POINT_HEADERS, [['观音桥二社区', '重庆市江北区观音桥步行街1号', '刘明', '社区党委副书记', '', '']], PEOPLE.branchAdminYuzhong);
    expect(errorCode(await api.call('sheet', 'importFile', { kind: 'points', fileID, branchId: JIANGBEI }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    const bad = await uploadXlsx(cloud, 'bad', ['名称', '地址'], [['某社区', '某地址']], PEOPLE.branchAdminYuzhong);
    const r = await api.call('sheet', 'importFile', { kind: 'points', fileID: bad, branchId: YUZHONG }, PEOPLE.branchAdminYuzhong);
    expect(errorCode(r)).toBe('INVALID_ARGUMENT');
    expect(r.ok ? '' : r.error.message).toContain('教学点名称');
  });

  test('teachers: topics by name, phones checked, a re-import adds nobody twice', async () => {
    const headers = ['姓名', '工作单位', '职称或职务', '专业领域', '擅长主题（用顿号分开）', '手机号', '个人简介（可不填）'];
    const fileID = await uploadXlsx(
      cloud,
      'teachers',
      headers,
      [
        ['李秀英', '重庆医科大学附属第一医院', '主任医师', '老年医学', '健康养老、疾病预防', 13812345678, ''],
        ['王志强', '渝中区消防救援支队', '中队长', '消防', '居家安全', '1381234', ''],
        ['赵敏', '重庆科技馆', '馆员', '科普', '天文', '13812345679', ''],
      ],
      PEOPLE.branchAdminYuzhong,
    );
    const r = await api.ok('sheet', 'importFile', { kind: 'teachers', fileID, branchId: YUZHONG }, PEOPLE.branchAdminYuzhong);
    expect(r.rows.map((x) => x.status)).toEqual(['taken', 'refused', 'refused']);
    expect(r.rows[1].message).toMatch(/^第3行：手机号应为11位/);
    expect(r.rows[2].message).toMatch(/^第4行：/);
    const pool = await api.ok('teacher', 'listTeachers', { branchId: YUZHONG }, PEOPLE.branchAdminYuzhong);
    expect(pool.items.map((t) => [t.name, t.topics, t.status])).toEqual([['李秀英', ['老', '病'], 'pending']]);
    const again = await api.ok('sheet', 'importFile', { kind: 'teachers', fileID, branchId: YUZHONG }, PEOPLE.branchAdminYuzhong);
    expect(again).toMatchObject({ taken: 0, unchanged: 1, refused: 2 });
    expect((await api.ok('teacher', 'listTeachers', { branchId: YUZHONG }, PEOPLE.branchAdminYuzhong)).items.length).toBe(1);
  });

  test('branch admins: the head school grants them by OPENID and branch code; branch admins cannot', async () => {
    const headers = ['人员编号（OPENID）', '分校代码'];
    const fileID = await uploadXlsx(cloud, 'admins', headers, [['new-admin-1', '500105'], ['new-admin-2', 999999], ['bad id!', '500103']], PEOPLE.head);
    expect(errorCode(await api.call('sheet', 'importFile', { kind: 'branch_admins', fileID }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    const r = await api.ok('sheet', 'importFile', { kind: 'branch_admins', fileID }, PEOPLE.head);
    expect(r.rows.map((x) => [x.row, x.status])).toEqual([
      [2, 'taken'],
      [3, 'refused'],
      [4, 'refused'],
    ]);
    expect(r.rows[1].message).toBe('第3行：没有这个分校代码对应的分校，请核对');
    const me = await api.ok('user', 'me', {}, 'new-admin-1');
    expect(me.roles).toContainEqual(expect.objectContaining({ role: 'branch_admin', scopeId: JIANGBEI }));
    expect((await api.ok('sheet', 'importFile', { kind: 'branch_admins', fileID }, PEOPLE.head)).unchanged).toBe(1);
  });
});

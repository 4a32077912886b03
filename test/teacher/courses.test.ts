import { errorCode, typedApi, type LocalCloud } from '../support/cloud';
import { courseInput } from '../course/fixtures';
import { enrollInput, PEOPLE, startOrgCloud, YUZHONG, JIANGBEI, type OrgFixture } from '../org/fixtures';

let cloud: LocalCloud;
let f: OrgFixture;
let api: ReturnType<typeof typedApi>;
const HOUR = 3600_000;
const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');

async function teacher(branchId: string, name: string, phone: string, admin: string, qualify: boolean): Promise<string> {
  const { teacherId } = await api.ok('teacher', 'addTeacher', { branchId, name, organisation: '重庆市科技馆', title: '馆员', field: '科普', topics: ['用'], phone }, admin);
  if (qualify) await api.ok('teacher', 'qualify', { teacherId, approve: true }, admin);
  return teacherId;
}

beforeAll(async () => {
  ({ cloud, f } = await startOrgCloud());
  api = typedApi(cloud);
});
afterAll(() => cloud.close());

describe('courses given by pool teachers', () => {
  test('only a qualified teacher with a valid letter, of the branch or the city pool; free-text speakers stay possible', async () => {
    const pending = await teacher(YUZHONG, '钱学敏', '13700001111', PEOPLE.branchAdminYuzhong, false);
    const qualified = await teacher(YUZHONG, '孙立平', '13700002222', PEOPLE.branchAdminYuzhong, true);
    const elsewhere = await teacher(JIANGBEI, '周明亮', '13700003333', PEOPLE.branchAdminJiangbei, true);
    const start = new Date(Date.now() + 3 * HOUR);
    const base = courseInput(f.pointA, { startsAt: iso(start), endsAt: iso(new Date(start.getTime() + 2 * HOUR)) });

    expect(errorCode(await api.call('course', 'create', { ...base, teacherId: pending }, PEOPLE.pointAdminA))).toBe('FAILED_PRECONDITION');
    expect(errorCode(await api.call('course', 'create', { ...base, teacherId: elsewhere }, PEOPLE.pointAdminA))).toBe('FAILED_PRECONDITION');
    expect(errorCode(await api.call('course', 'create', { ...base, teacherId: 'tc_nobody' }, PEOPLE.pointAdminA))).toBe('NOT_FOUND');

    const { courseId } = await api.ok('course', 'create', { ...base, teacherName: '随便写的', teacherId: qualified }, PEOPLE.pointAdminA);
    const got = await api.ok('course', 'get', { courseId });
    expect(got).toMatchObject({ teacherId: qualified, teacherName: '孙立平' });
    const oneOff = await api.ok('course', 'create', { ...base, teacherName: '社区民警老刘' }, PEOPLE.pointAdminA);
    expect(await api.ok('course', 'get', { courseId: oneOff.courseId })).toMatchObject({ teacherId: null, teacherName: '社区民警老刘' });

    // Linking by update, and unlinking.
    await api.ok('course', 'update', { courseId: oneOff.courseId, teacherId: qualified }, PEOPLE.pointAdminA);
    expect(await api.ok('course', 'get', { courseId: oneOff.courseId })).toMatchObject({ teacherId: qualified, teacherName: '孙立平' });
    await api.ok('course', 'update', { courseId: oneOff.courseId, teacherId: null }, PEOPLE.pointAdminA);
    expect((await api.ok('course', 'get', { courseId: oneOff.courseId })).teacherId).toBeNull();
    expect(errorCode(await api.call('course', 'update', { courseId: oneOff.courseId, teacherId: pending }, PEOPLE.pointAdminA))).toBe('FAILED_PRECONDITION');

    // The city pool opens other districts.
    await api.ok('teacher', 'proposeCity', { teacherId: elsewhere, statement: '多年从事应急科普' }, PEOPLE.branchAdminJiangbei);
    await api.ok('teacher', 'reviewCity', { teacherId: elsewhere, accept: true }, PEOPLE.head);
    await api.ok('course', 'create', { ...base, teacherId: elsewhere }, PEOPLE.pointAdminA);

    // The teaching record: a held course (checked in) counts, with its attendance and point.
    await api.ok('user', 'enroll', enrollInput(f.pointA, { phone: '13600001111' }) as never, 'tc-l1');
    await api.ok('course', 'signup', { courseId }, 'tc-l1');
    cloud.setClockOffset(3 * HOUR + 10 * 60_000);
    const { code } = await api.ok('course', 'checkinCode', { courseId }, PEOPLE.pointAdminA);
    await api.ok('course', 'checkin', { courseId, code }, 'tc-l1');
    const detail = await api.ok('teacher', 'getTeacher', { teacherId: qualified }, PEOPLE.branchAdminYuzhong);
    expect(detail.record).toMatchObject({ coursesGiven: 1, attendances: 1, points: 1 });
    expect(detail.record.courses.map((c) => c.courseId)).toContain(courseId);
    expect((await api.ok('teacher', 'profile', { teacherId: qualified })).coursesGiven).toBe(1);
    cloud.setClockOffset(0);
  });
});

import { database } from '../../cloudfunctions/_shared/cloud';
import type { ApplyTeacherParams } from '../../typings/teacher';
import { errorCode, typedApi, type LocalCloud } from '../support/cloud';
import { JIANGBEI, PEOPLE, startOrgCloud, YUZHONG } from '../org/fixtures';

let cloud: LocalCloud;
let api: ReturnType<typeof typedApi>;
const APPLICANT = 'teacher-applicant-1';
const SECOND = 'teacher-applicant-2';
const YEAR_MS = 365 * 24 * 3600_000;

function application(extra: Partial<ApplyTeacherParams> = {}): ApplyTeacherParams {
  return {
    name: '李文华',
    organisation: '重庆医科大学附属第一医院',
    title: '主任医师',
    field: '老年医学',
    topics: ['病', '老'],
    phone: '13912345678',
    branchId: YUZHONG,
    consent: true,
    cv: '从事老年慢病防治二十年。',
    ...extra,
  };
}

beforeAll(async () => {
  ({ cloud } = await startOrgCloud());
  api = typedApi(cloud);
});
afterAll(() => cloud.close());
afterEach(() => cloud.setClockOffset(0));

describe('teacher pool: apply, qualify, letters', () => {
  let teacherId: string;
  let letterNumber: string;

  test('a user applies; consent is required; applying again edits the same application', async () => {
    expect(errorCode(await api.call('teacher', 'apply', application(), undefined))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.call('teacher', 'apply', { ...application(), consent: false as unknown as true }, APPLICANT))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await api.call('teacher', 'apply', application({ topics: ['天' as never] }), APPLICANT))).toBe('INVALID_ARGUMENT');
    const first = await api.ok('teacher', 'apply', application(), APPLICANT);
    expect(first.status).toBe('pending');
    const again = await api.ok('teacher', 'apply', application({ title: '副主任医师' }), APPLICANT);
    expect(again.teacherId).toBe(first.teacherId);
    teacherId = first.teacherId;
    const mine = await api.ok('teacher', 'mine', {}, APPLICANT);
    expect(mine.teacher?.title).toBe('副主任医师');
    expect(mine.teacher?.phone).toBe('13912345678');
  });

  test('only the admin of the teacher’s branch qualifies (not another branch, a point admin, or the head school)', async () => {
    for (const who of [PEOPLE.branchAdminJiangbei, PEOPLE.pointAdminA, PEOPLE.head, APPLICANT]) {
      expect(errorCode(await api.call('teacher', 'qualify', { teacherId, approve: true }, who))).toBe('PERMISSION_DENIED');
    }
    const res = await api.ok('teacher', 'qualify', { teacherId, approve: true }, PEOPLE.branchAdminYuzhong);
    expect(res.status).toBe('qualified');
    expect(res.letterNumber).toMatch(/^渝科普聘〔\d{4}〕0001号$/);
    letterNumber = res.letterNumber!;
    expect(errorCode(await api.call('teacher', 'qualify', { teacherId, approve: true }, PEOPLE.branchAdminYuzhong))).toBe('FAILED_PRECONDITION');
    const audit = await database().collection('audit').where({ action: 'teacher.qualify', targetId: teacherId }).get();
    expect(audit.data).toHaveLength(1);
  });

  test('letter numbers are unique under concurrent qualification', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await api.ok('teacher', 'apply', application({ name: `讲师${'甲乙丙丁戊己'[i]}`, phone: `1390000000${i}` }), `conc-${i}`)).teacherId);
    const results = await Promise.all(ids.map((id) => api.ok('teacher', 'qualify', { teacherId: id, approve: true, validYears: 2 }, PEOPLE.branchAdminYuzhong)));
    const numbers = results.map((r) => r.letterNumber!);
    expect(new Set([...numbers, letterNumber]).size).toBe(7);
  });

  test('anyone verifies a letter by number or by the short code of its QR; unknown: NOT_FOUND', async () => {
    const v = await api.ok('teacher', 'verifyLetter', { letterNumber });
    expect(v).toMatchObject({ valid: true, status: 'valid', teacherName: '李文华', letterNumber });
    expect(v.issuer).toContain('渝中');
    expect(new Date(v.validUntil).getTime() - new Date(v.issuedAt).getTime()).toBeGreaterThanOrEqual(3 * 365 * 24 * 3600_000);
    const short = /〔(\d{4})〕(\d{4})号/.exec(letterNumber)!;
    expect((await api.ok('teacher', 'verifyLetter', { letterNumber: `l=${short[1]}-${short[2]}` })).teacherName).toBe('李文华');
    expect(errorCode(await api.call('teacher', 'verifyLetter', { letterNumber: '渝科普聘〔2026〕9999号' }))).toBe('NOT_FOUND');
    expect(errorCode(await api.call('teacher', 'verifyLetter', { letterNumber: '不是编号' }))).toBe('NOT_FOUND');
  });

  test('a letter is expired once the clock passes validUntil', async () => {
    const v = await api.ok('teacher', 'verifyLetter', { letterNumber });
    cloud.setClockOffset(new Date(v.validUntil).getTime() - Date.now() - 60_000);
    expect((await api.ok('teacher', 'verifyLetter', { letterNumber })).status).toBe('valid');
    cloud.setClockOffset(new Date(v.validUntil).getTime() - Date.now() + 60_000);
    expect(await api.ok('teacher', 'verifyLetter', { letterNumber })).toMatchObject({ valid: false, status: 'expired' });
    cloud.setClockOffset(3 * YEAR_MS + 3 * 24 * 3600_000);
    expect((await api.ok('teacher', 'verifyLetter', { letterNumber })).status).toBe('expired');
  });

  test('revoking: the issuing branch or the head school; a revoked letter verifies as revoked', async () => {
    expect(errorCode(await api.call('teacher', 'revokeLetter', { letterNumber, reason: '调离' }, PEOPLE.branchAdminJiangbei))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('teacher', 'revokeLetter', { letterNumber, reason: '调离' }, PEOPLE.pointAdminA))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('teacher', 'revokeLetter', { letterNumber: '渝科普聘〔2020〕0001号', reason: '调离' }, PEOPLE.head))).toBe('NOT_FOUND');
    expect(await api.ok('teacher', 'revokeLetter', { letterNumber, reason: '本人申请退出' }, PEOPLE.head)).toEqual({ status: 'revoked' });
    expect(await api.ok('teacher', 'verifyLetter', { letterNumber })).toMatchObject({ valid: false, status: 'revoked' });
    expect(errorCode(await api.call('teacher', 'revokeLetter', { letterNumber, reason: '再次' }, PEOPLE.branchAdminYuzhong))).toBe('FAILED_PRECONDITION');
    const audit = await database().collection('audit').where({ action: 'teacher.revokeLetter' }).get();
    expect(audit.data).toHaveLength(1);
  });

  test('rejecting needs a reason; the applicant may apply again', async () => {
    const { teacherId: id } = await api.ok('teacher', 'apply', application({ name: '王科', phone: '13700000000', branchId: JIANGBEI }), SECOND);
    expect(errorCode(await api.call('teacher', 'qualify', { teacherId: id, approve: false }, PEOPLE.branchAdminJiangbei))).toBe('INVALID_ARGUMENT');
    expect(await api.ok('teacher', 'qualify', { teacherId: id, approve: false, reason: '材料不全' }, PEOPLE.branchAdminJiangbei)).toEqual({ status: 'rejected' });
    expect((await api.ok('teacher', 'mine', {}, SECOND)).teacher).toMatchObject({ status: 'rejected', rejectReason: '材料不全' });
    expect((await api.ok('teacher', 'apply', application({ name: '王科', phone: '13700000000', branchId: JIANGBEI }), SECOND)).status).toBe('pending');
  });

  test('pools: a branch sees its own with full phones; other staff see masked phones; the head school sees every pool', async () => {
    const own = await api.ok('teacher', 'listTeachers', { branchId: YUZHONG }, PEOPLE.branchAdminYuzhong);
    expect(own.items.length).toBe(7);
    expect(own.items.every((t) => !t.phoneMasked && /^1\d{10}$/.test(t.phone))).toBe(true);
    expect(errorCode(await api.call('teacher', 'listTeachers', { branchId: YUZHONG }, PEOPLE.branchAdminJiangbei))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('teacher', 'listTeachers', {}, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    expect(errorCode(await api.call('teacher', 'listTeachers', { branchId: YUZHONG }, PEOPLE.pointAdminA))).toBe('PERMISSION_DENIED'); // not staff of the branch
    const all = await api.ok('teacher', 'listTeachers', { limit: 100 }, PEOPLE.head);
    expect(all.items.length).toBe(8);
    const profile = await api.ok('teacher', 'profile', { teacherId });
    expect(profile).not.toHaveProperty('phone');
  });

  test('city pool and outstanding round: branch proposes and nominates, head school decides; the result stays on the record', async () => {
    const { items } = await api.ok('teacher', 'listTeachers', { branchId: YUZHONG, status: 'qualified', limit: 100 }, PEOPLE.branchAdminYuzhong);
    const t = items[0].id;
    expect(errorCode(await api.call('teacher', 'reviewCity', { teacherId: t, accept: true }, PEOPLE.head))).toBe('FAILED_PRECONDITION');
    expect(await api.ok('teacher', 'proposeCity', { teacherId: t, statement: '授课受欢迎' }, PEOPLE.branchAdminYuzhong)).toEqual({ cityPool: 'proposed' });
    expect(errorCode(await api.call('teacher', 'reviewCity', { teacherId: t, accept: true }, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
    expect(await api.ok('teacher', 'reviewCity', { teacherId: t, accept: true }, PEOPLE.head)).toEqual({ cityPool: 'accepted' });
    expect((await api.ok('teacher', 'listTeachers', { cityPool: true }, PEOPLE.head)).items.map((x) => x.id)).toEqual([t]);
    expect(await api.ok('teacher', 'nominate', { teacherId: t, year: 2026, statement: '全年授课24次' }, PEOPLE.branchAdminYuzhong)).toEqual({ year: 2026, status: 'nominated' });
    expect(errorCode(await api.call('teacher', 'nominate', { teacherId: t, year: 2026, statement: '再次' }, PEOPLE.branchAdminYuzhong))).toBe('FAILED_PRECONDITION');
    expect(await api.ok('teacher', 'selectOutstanding', { teacherId: t, year: 2026, selected: true }, PEOPLE.head)).toEqual({ year: 2026, status: 'selected' });
    expect((await api.ok('teacher', 'getTeacher', { teacherId: t }, PEOPLE.branchAdminYuzhong)).outstanding).toEqual([{ year: 2026, status: 'selected', statement: '全年授课24次' }]);
  });

  test('staff add a teacher; adding the same person again changes nothing', async () => {
    const input = { branchId: JIANGBEI, name: '赵明', organisation: '重庆市气象局', title: '高级工程师', field: '气象', topics: ['行' as const], phone: '13600000001' };
    const a = await api.ok('teacher', 'addTeacher', input, PEOPLE.branchAdminJiangbei);
    const b = await api.ok('teacher', 'addTeacher', input, PEOPLE.branchAdminJiangbei);
    expect(a.created).toBe(true);
    expect(b).toEqual({ teacherId: a.teacherId, status: 'pending', created: false });
    expect(errorCode(await api.call('teacher', 'addTeacher', input, PEOPLE.branchAdminYuzhong))).toBe('PERMISSION_DENIED');
  });
});

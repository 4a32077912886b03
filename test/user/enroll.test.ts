import { database } from '../../cloudfunctions/_shared/cloud';
import { createPoint, enrollInput, HEAD, PEOPLE, pointInput, startOrgCloud, YUZHONG, type OrgFixture } from '../org/fixtures';
import { errorCode, expectOk, typedApi, type LocalCloud } from '../support/cloud';

let cloud: LocalCloud;
let api: ReturnType<typeof typedApi>;
let f: OrgFixture;
beforeAll(async () => {
  ({ cloud, f } = await startOrgCloud());
  api = typedApi(cloud);
});
afterAll(() => cloud.close());

const enroll = (openid: string | undefined, params: Record<string, unknown>) => cloud.call('user', { action: 'enroll', ...params }, openid);
const learnerCount = async (pointId: string) => (await api.ok('org', 'getPoint', { pointId })).learnerCount;
const me = async (openid: string) => await api.ok('user', 'me', {}, openid);

describe('validation: each field is named, with how to fix it, in Chinese', () => {
  test.each([
    [{ name: '' }, '姓名至少2个字，请填写真实姓名'],
    [{ name: '张' }, '姓名至少2个字，请填写真实姓名'],
    [{ name: 'Robert"); DROP' }, '姓名只能包含汉字、字母或间隔号「·」，请填写真实姓名'],
    [{ gender: 'unknown' }, '请选择性别：男或女'],
    [{ gender: undefined }, '请选择性别：男或女'],
    [{ birthYear: '1958' }, '出生年份应为数字'],
    [{ birthYear: 1958.5 }, '出生年份应为整数'],
    [{ birthYear: 1800 }, '出生年份不能小于1900'],
    [{ occupation: 'astronaut' }, '请从列表中选择职业，没有合适的请选「其他」'],
    [{ phone: '12345' }, '手机号应为11位中国大陆手机号，如 13812345678'],
    [{ phone: '23812345678' }, '手机号应为11位中国大陆手机号，如 13812345678'],
    [{ phone: undefined }, '请填写手机号'],
    [{ consent: false }, '请阅读《个人信息保护说明》并勾选同意后再提交'],
    [{ consent: 'true' }, '请阅读《个人信息保护说明》并勾选同意后再提交'],
    [{ consent: undefined }, '请阅读《个人信息保护说明》并勾选同意后再提交'],
    [{ pointId: '' }, '缺少教学点编号'],
  ])('%j → %s', async (patch, message) => {
    const res = (await enroll('v-user', { ...enrollInput(f.pointA), ...patch })) as { error: { message: string } };
    expect(errorCode(res)).toBe('INVALID_ARGUMENT');
    expect(res.error.message).toBe(message);
  });

  test('birth year must give an age of 5 to 110 by the server’s clock', async () => {
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    const res = (await enroll('v-user', enrollInput(f.pointA, { birthYear: year - 2 }))) as { error: { message: string } };
    expect(errorCode(res)).toBe('INVALID_ARGUMENT');
    expect(res.error.message).toBe(`出生年份应在 ${year - 110} 到 ${year - 5} 之间，请填写4位数字，如 1958`);
  });

  test('nothing is stored after a rejected enrollment', async () => {
    expect((await me('v-user')).learner).toBeNull();
  });

  test.each([
    ['退休', 'retired'],
    ['离退休人员', 'retired'],
    ['self-employed', 'self_employed'],
    ['civil servant', 'civil_servant'],
    ['teacher', 'teacher'],
  ])('occupation %s is accepted and stored as %s', async (given, stored) => {
    const openid = `v-occ-${stored}-${given.length}`;
    expectOk(await enroll(openid, enrollInput(f.pointA, { occupation: given })));
    expect((await me(openid)).learner?.occupation).toBe(stored);
  });

  test('anonymous → UNAUTHENTICATED; unknown point → NOT_FOUND', async () => {
    expect(errorCode(await enroll(undefined, enrollInput(f.pointA)))).toBe('UNAUTHENTICATED');
    expect(errorCode(await enroll('v-user', enrollInput('pt_doesnotexist')))).toBe('NOT_FOUND');
  });
});

describe('enroll, update, transfer', () => {
  test('first enrollment: me shows the learner with a masked phone; the point counts one more', async () => {
    const before = await learnerCount(f.pointB);
    const res = expectOk(await enroll('e-1', enrollInput(f.pointB, { name: '李秀英', gender: 'female', birthYear: 1955, occupation: 'teacher', phone: '13987654321' })));
    expect(res).toEqual({ pointId: f.pointB, status: 'enrolled' });
    expect(await learnerCount(f.pointB)).toBe(before + 1);
    const m = await me('e-1');
    expect(m.learner).toMatchObject({
      pointId: f.pointB,
      pointName: '七星岗',
      pointActive: true,
      name: '李秀英',
      gender: 'female',
      birthYear: 1955,
      occupation: 'teacher',
      phoneMasked: '139****4321',
    });
    expect(JSON.stringify(m)).not.toContain('13987654321');
  });

  test('enrolling again at the same point updates the profile and counts nothing twice', async () => {
    const before = await learnerCount(f.pointB);
    const res = expectOk(await enroll('e-1', enrollInput(f.pointB, { name: '李秀英', gender: 'female', birthYear: 1955, occupation: 'retired', phone: '13987650000' })));
    expect(res).toEqual({ pointId: f.pointB, status: 'updated' });
    expect(await learnerCount(f.pointB)).toBe(before);
    expect((await me('e-1')).learner).toMatchObject({ occupation: 'retired', phoneMasked: '139****0000' });
  });

  test('a transfer moves the learner, keeps the history, and keeps both counts right', async () => {
    const [b0, c0] = [await learnerCount(f.pointB), await learnerCount(f.pointC)];
    const res = expectOk(await enroll('e-1', enrollInput(f.pointC, { name: '李秀英', gender: 'female', birthYear: 1955, phone: '13987650000' })));
    expect(res).toEqual({ pointId: f.pointC, status: 'transferred' });
    expect(await learnerCount(f.pointB)).toBe(b0 - 1);
    expect(await learnerCount(f.pointC)).toBe(c0 + 1);
    const detail = await api.ok('user', 'getLearner', { openid: 'e-1' }, 'e-1');
    expect(detail.pointId).toBe(f.pointC);
    expect(detail.branchId).toBe('br_500105');
    expect(detail.transfers).toEqual([{ fromPointId: f.pointB, toPointId: f.pointC, at: expect.stringMatching(/\+08:00$/) }]);
    // The new point's staff see the learner; the old point's no longer do.
    const list = await api.ok('user', 'listLearners', { pointId: f.pointB }, PEOPLE.pointAdminB);
    expect(list.items.map((i) => i.openid)).not.toContain('e-1');
  });

  test('concurrent enroll calls by one person: one enrollment, counts exact', async () => {
    const a0 = await learnerCount(f.pointA);
    const b0 = await learnerCount(f.pointB);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => enroll('burst-1', enrollInput(i % 2 ? f.pointA : f.pointB, { phone: `1390000${String(1000 + i)}` }))),
    );
    results.forEach((r) => expectOk(r));
    const statuses = results.map((r) => (r as { data: { status: string } }).data.status);
    expect(statuses.filter((s) => s === 'enrolled')).toHaveLength(1);
    const where = (await me('burst-1')).learner!.pointId;
    const a1 = await learnerCount(f.pointA);
    const b1 = await learnerCount(f.pointB);
    expect(a1 + b1).toBe(a0 + b0 + 1);
    expect(where === f.pointA ? [a1 - a0, b1 - b0] : [b1 - b0, a1 - a0]).toEqual([1, 0]);
  });

  test('many people enrolling at once at one point: every one counted', async () => {
    const a0 = await learnerCount(f.pointA);
    const results = await Promise.all(Array.from({ length: 15 }, (_, i) => enroll(`crowd-${i}`, enrollInput(f.pointA))));
    results.forEach((r) => expectOk(r));
    expect(await learnerCount(f.pointA)).toBe(a0 + 15);
  });

  test('a deactivated point takes no new learners nor transfers in', async () => {
    const id = await createPoint(cloud, HEAD, pointInput(YUZHONG, '停用测试点'));
    await api.ok('org', 'deactivatePoint', { pointId: id, reason: '测试停用' }, HEAD);
    expect(errorCode(await enroll('closed-1', enrollInput(id)))).toBe('FAILED_PRECONDITION');
    expect(errorCode(await enroll(PEOPLE.learner, enrollInput(id)))).toBe('FAILED_PRECONDITION');
    expect((await me(PEOPLE.learner)).learner!.pointId).toBe(f.pointA);
  });
});

describe('withdraw (PIPL)', () => {
  test('deletes the enrollment and personal data; the point keeps anonymous counts; enrolling later starts afresh', async () => {
    expectOk(await enroll('w-1', enrollInput(f.pointB, { phone: '13711112222' })));
    const before = await learnerCount(f.pointB);
    expect(errorCode(await cloud.call('user', { action: 'withdraw' }, 'w-1'))).toBe('INVALID_ARGUMENT');
    expect(await api.ok('user', 'withdraw', { confirm: true }, 'w-1')).toEqual({ withdrawn: true });
    expect(await learnerCount(f.pointB)).toBe(before - 1);
    expect((await me('w-1')).learner).toBeNull();
    expect(errorCode(await cloud.call('user', { action: 'getLearner', openid: 'w-1' }, HEAD))).toBe('NOT_FOUND');
    const raw = await database().collection('learners').where({ _id: 'w-1' }).get();
    expect(raw.data).toEqual([]);
    expect(errorCode(await cloud.call('user', { action: 'withdraw', confirm: true }, 'w-1'))).toBe('PERMISSION_DENIED');
    expect(expectOk(await enroll('w-1', enrollInput(f.pointB)))).toEqual({ pointId: f.pointB, status: 'enrolled' });
  });
});

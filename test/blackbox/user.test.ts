/**
 * CONTRACT.md `user`, over HTTP: `me` and `enroll` with their exact fields, masking and the
 * "never two enrollments for one person" rule under concurrent taps.
 */
import { createPoint, enrollEvent, grantRole, HEAD, JIANGBEI, nextPhone, startBlackBox, YUZHONG, type BlackBox } from './support';

let bb: BlackBox;
let pointA: string;
let pointB: string;
let pointC: string;

const LEARNER = 'bb-user-learner';
const PHONE = '13812345678';

beforeAll(async () => {
  bb = await startBlackBox();
  pointA = await createPoint(bb, HEAD, YUZHONG, '解放碑');
  pointB = await createPoint(bb, HEAD, YUZHONG, '七星岗');
  pointC = await createPoint(bb, HEAD, JIANGBEI, '观音桥');
});
afterAll(() => bb.close());

const enroll = (openid: string | undefined, params: Record<string, unknown>) => bb.post('user', { action: 'enroll', ...params }, openid);
const form = (pointId: string, extra: Record<string, unknown> = {}) => ({
  pointId,
  name: '张三明',
  gender: 'male',
  birthYear: 1958,
  occupation: 'retired',
  phone: PHONE,
  consent: true,
  ...extra,
});

test('unknown action: INVALID_ARGUMENT', async () => {
  expect(await bb.fail('user', { action: 'deleteEverything' }, LEARNER)).toBe('INVALID_ARGUMENT');
});

describe('me (user)', () => {
  test('anonymous: UNAUTHENTICATED', async () => {
    expect(await bb.fail('user', { action: 'me' })).toBe('UNAUTHENTICATED');
  });

  test('a new user: openid, no roles, no enrollment, no volunteer record', async () => {
    expect(await bb.ok('user', { action: 'me' }, 'bb-user-nobody')).toEqual({ openid: 'bb-user-nobody', roles: [], learner: null, volunteer: null });
  });

  test('roles as [{ role, scopeId? }]: head admin without scope, scoped staff with it', async () => {
    const head = await bb.ok('user', { action: 'me' }, HEAD);
    expect(head.roles).toEqual([expect.objectContaining({ role: 'head_admin' })]);
    expect(head.roles[0].scopeId).toBeUndefined();
    await grantRole(bb, HEAD, 'bb-user-pa', 'point_admin', pointA);
    const pa = await bb.ok('user', { action: 'me' }, 'bb-user-pa');
    expect(pa.roles).toEqual([expect.objectContaining({ role: 'point_admin', scopeId: pointA })]);
  });
});

describe('enroll (user)', () => {
  test('anonymous: UNAUTHENTICATED', async () => {
    expect(await bb.fail('user', { action: 'enroll', ...form(pointA) })).toBe('UNAUTHENTICATED');
  });

  test('answers { pointId }; me shows the enrollment with a masked phone and never the full number', async () => {
    const res = await enroll(LEARNER, form(pointA));
    expect(res).toEqual({ ok: true, data: expect.objectContaining({ pointId: pointA }) });
    const me = await bb.ok('user', { action: 'me' }, LEARNER);
    expect(me.learner).toEqual(
      expect.objectContaining({ pointId: pointA, pointName: '解放碑', name: '张三明', gender: 'male', birthYear: 1958, occupation: 'retired', phoneMasked: '138****5678' }),
    );
    expect(JSON.stringify(me)).not.toContain(PHONE);
    expect(me.learner.phone).toBeUndefined();
  });

  test('again at the same point updates the profile; at another point it is a transfer, still one enrollment', async () => {
    expect(await bb.ok('user', { action: 'enroll', ...form(pointA, { name: '张三' }) }, LEARNER)).toEqual(expect.objectContaining({ pointId: pointA }));
    expect((await bb.ok('user', { action: 'me' }, LEARNER)).learner).toEqual(expect.objectContaining({ pointId: pointA, name: '张三' }));
    expect(await bb.ok('user', { action: 'enroll', ...form(pointC) }, LEARNER)).toEqual(expect.objectContaining({ pointId: pointC }));
    const me = await bb.ok('user', { action: 'me' }, LEARNER);
    expect(me.learner).toEqual(expect.objectContaining({ pointId: pointC, pointName: '观音桥' }));
  });

  test('concurrent taps at three points: one enrollment, the points count it once', async () => {
    const who = 'bb-user-racer';
    const phone = nextPhone();
    const targets = [pointA, pointB, pointC, pointA, pointB, pointC, pointA, pointB];
    const answers = await Promise.all(targets.map((p) => enroll(who, form(p, { phone }))));
    for (const a of answers) expect(a.ok).toBe(true);
    const me = await bb.ok('user', { action: 'me' }, who);
    expect([pointA, pointB, pointC]).toContain(me.learner.pointId);
    // learnerCount is an additive field of getPoint: the enrollment is counted exactly once.
    const before = { [pointA]: 0, [pointB]: 0, [pointC]: 1 }; // LEARNER transferred to C above
    let total = 0;
    for (const p of [pointA, pointB, pointC]) {
      const point = await bb.ok('org', { action: 'getPoint', pointId: p });
      if (typeof point.learnerCount === 'number') total += point.learnerCount - before[p];
      else total = 1;
    }
    expect(total).toBe(1);
  });

  test('field rules: gender male/female, mainland mobile, consent must be true, point must exist', async () => {
    const u = 'bb-user-bad';
    expect(await bb.fail('user', { action: 'enroll', ...form(pointA, { gender: 'x' }) }, u)).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('user', { action: 'enroll', ...form(pointA, { phone: '12345678901' }) }, u)).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('user', { action: 'enroll', ...form(pointA, { phone: '+8613812345678x' }) }, u)).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('user', { action: 'enroll', ...form(pointA, { consent: false }) }, u)).toBe('INVALID_ARGUMENT');
    const { consent: _c, ...noConsent } = form(pointA);
    expect(await bb.fail('user', { action: 'enroll', ...noConsent }, u)).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('user', { action: 'enroll', ...form(pointA, { birthYear: '1958' }) }, u)).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('user', { action: 'enroll', ...form(pointA, { name: '' }) }, u)).toBe('INVALID_ARGUMENT');
    expect(await bb.fail('user', { action: 'enroll', ...form('pt_nope') }, u)).toBe('NOT_FOUND');
    expect(await bb.ok('user', { action: 'me' }, u)).toEqual(expect.objectContaining({ learner: null }));
  });

  test('each gender value of the contract is accepted', async () => {
    expect((await bb.ok('user', enrollEvent(pointB, 1), 'bb-user-f')).pointId).toBe(pointB);
    expect((await bb.ok('user', { action: 'me' }, 'bb-user-f')).learner.gender).toBe('female');
    expect((await bb.ok('user', enrollEvent(pointB, 2), 'bb-user-m')).pointId).toBe(pointB);
    expect((await bb.ok('user', { action: 'me' }, 'bb-user-m')).learner.gender).toBe('male');
  });
});

describe('me.volunteer', () => {
  test('null before registering, then { realName, approvedHours } with no phone', async () => {
    const who = 'bb-user-vol';
    expect((await bb.ok('user', { action: 'me' }, who)).volunteer).toBeNull();
    const phone = nextPhone();
    await bb.ok('volunteer', { action: 'register', realName: '李四平', phone }, who);
    const me = await bb.ok('user', { action: 'me' }, who);
    expect(me.volunteer).toEqual({ realName: '李四平', approvedHours: 0 });
    expect(JSON.stringify(me)).not.toContain(phone);
  });
});

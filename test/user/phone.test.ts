import type { LearnerDetail, ListLearnersResult, MeResult } from '../../typings/user';
import { LEARNER_PHONE, PEOPLE, setupOrg, type OrgFixture } from '../org/fixtures';
import { errorCode, expectOk, startTestCloud, type LocalCloud } from '../support/cloud';

/** The phone in full only for staff of the learner's own point or above (and the learner); masked for everyone else. */
let cloud: LocalCloud;
let f: OrgFixture;
const MASKED = '138****5678';
beforeAll(async () => {
  cloud = await startTestCloud();
  f = await setupOrg(cloud);
});
afterAll(() => cloud.close());

test('me: the learner’s own phone only masked; no full number anywhere in the answer', async () => {
  const m = expectOk<MeResult>(await cloud.call('user', { action: 'me' }, PEOPLE.learner));
  expect(m.learner!.phoneMasked).toBe(MASKED);
  expect(JSON.stringify(m)).not.toContain(LEARNER_PHONE);
});

test.each([
  ['head admin', PEOPLE.head, LEARNER_PHONE, false],
  ['branch admin of the learner’s branch', PEOPLE.branchAdminYuzhong, LEARNER_PHONE, false],
  ['point admin of the learner’s point', PEOPLE.pointAdminA, LEARNER_PHONE, false],
])('getLearner by %s → %s', async (_who, openid, phone, masked) => {
  const d = expectOk<LearnerDetail>(await cloud.call('user', { action: 'getLearner', openid: PEOPLE.learner }, openid));
  expect(d).toMatchObject({ phone, phoneMasked: masked, name: '张三明', pointId: f.pointA, pointName: '解放碑' });
});

// Security review: staff of other units do not read the profile at all (not even with a masked phone).
test.each([
  ['point admin of another point', PEOPLE.pointAdminB],
  ['branch admin of another branch', PEOPLE.branchAdminJiangbei],
])('getLearner by %s → PERMISSION_DENIED', async (_who, openid) => {
  expect(errorCode(await cloud.call('user', { action: 'getLearner', openid: PEOPLE.learner }, openid))).toBe('PERMISSION_DENIED');
});

test('listLearners: staff of the point and above get full phones; nobody else gets the list', async () => {
  for (const openid of [PEOPLE.head, PEOPLE.branchAdminYuzhong, PEOPLE.pointAdminA]) {
    const list = expectOk<ListLearnersResult>(await cloud.call('user', { action: 'listLearners', pointId: f.pointA }, openid));
    expect(list.items).toEqual([expect.objectContaining({ openid: PEOPLE.learner, phone: LEARNER_PHONE, phoneMasked: false })]);
  }
  for (const openid of [PEOPLE.pointAdminB, PEOPLE.branchAdminJiangbei, PEOPLE.learner, PEOPLE.user]) {
    expect(errorCode(await cloud.call('user', { action: 'listLearners', pointId: f.pointA }, openid))).toBe('PERMISSION_DENIED');
  }
});

test('after a transfer the old point’s admin no longer sees the learner, the new one sees the phone in full', async () => {
  expectOk(await cloud.call('user', { action: 'enroll', pointId: f.pointB, name: '赵大勇', gender: 'male', birthYear: 1960, occupation: 'worker', phone: '13600001234', consent: true }, 'mover'));
  const before = expectOk<LearnerDetail>(await cloud.call('user', { action: 'getLearner', openid: 'mover' }, PEOPLE.pointAdminB));
  expect(before.phone).toBe('13600001234');
  expectOk(await cloud.call('user', { action: 'enroll', pointId: f.pointA, name: '赵大勇', gender: 'male', birthYear: 1960, occupation: 'worker', phone: '13600001234', consent: true }, 'mover'));
  expect(errorCode(await cloud.call('user', { action: 'getLearner', openid: 'mover' }, PEOPLE.pointAdminB))).toBe('PERMISSION_DENIED');
  const now = expectOk<LearnerDetail>(await cloud.call('user', { action: 'getLearner', openid: 'mover' }, PEOPLE.pointAdminA));
  expect(now.phone).toBe('13600001234');
});

test('listLearners pages newest first', async () => {
  for (let i = 0; i < 3; i++) {
    expectOk(await cloud.call('user', { action: 'enroll', pointId: f.pointC, name: `学员${'甲乙丙'[i]}`, gender: 'female', birthYear: 1950 + i, occupation: 'retired', phone: `1350000000${i}`, consent: true }, `pg-${i}`));
  }
  const first = expectOk<ListLearnersResult>(await cloud.call('user', { action: 'listLearners', pointId: f.pointC, limit: 2 }, PEOPLE.head));
  expect(first.items).toHaveLength(2);
  const second = expectOk<ListLearnersResult>(await cloud.call('user', { action: 'listLearners', pointId: f.pointC, limit: 2, cursor: first.nextCursor }, PEOPLE.head));
  expect(second.nextCursor).toBeNull();
  expect([...first.items, ...second.items].map((i) => i.openid).sort()).toEqual(['pg-0', 'pg-1', 'pg-2']);
});

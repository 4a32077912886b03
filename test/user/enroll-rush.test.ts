import { database } from '../../cloudfunctions/_shared/cloud';
import type { PointDetail } from '../../typings/org';
import { enrollInput, startOrgCloud, type OrgFixture } from '../org/fixtures';
import { expectOk, type LocalCloud } from '../support/cloud';

/**
 * A rush at one teaching point: the point's learnerCount is written by many people at once, so it
 * must move by atomic increments outside any transaction (a transaction on it conflicts and some
 * enrollments fail). Every call succeeds and the counter equals the learners actually enrolled.
 */
let cloud: LocalCloud;
let f: OrgFixture;
beforeAll(async () => ({ cloud, f } = await startOrgCloud()));
afterAll(() => cloud.close());

const RUSH = 500;
const enroll = (openid: string, pointId: string) => cloud.call('user', { action: 'enroll', ...enrollInput(pointId) }, openid);
const learnerCount = async (pointId: string) => expectOk<PointDetail>(await cloud.call('org', { action: 'getPoint', pointId })).learnerCount;
const enrolledAt = async (pointId: string) => (await database().collection('learners').where({ pointId }).count()).total;

function failures(results: unknown[]): unknown[] {
  return results.filter((r) => !(r as { ok: boolean }).ok);
}

test(`${RUSH} concurrent enrollments at one point all succeed and are all counted`, async () => {
  const results = await Promise.all(Array.from({ length: RUSH }, (_, i) => enroll(`rush-new-${i}`, f.pointB)));
  expect(failures(results)).toEqual([]);
  expect(await enrolledAt(f.pointB)).toBe(RUSH);
  expect(await learnerCount(f.pointB)).toBe(await enrolledAt(f.pointB));
}, 120_000);

test(`${RUSH} concurrent transfers into that point all succeed; both points' counters stay exact`, async () => {
  for (let i = 0; i < RUSH; i += 100) {
    const batch = await Promise.all(Array.from({ length: 100 }, (_, j) => enroll(`rush-move-${i + j}`, f.pointC)));
    expect(failures(batch)).toEqual([]);
  }
  expect(await learnerCount(f.pointC)).toBe(RUSH);
  const results = await Promise.all(Array.from({ length: RUSH }, (_, i) => enroll(`rush-move-${i}`, f.pointB)));
  expect(failures(results)).toEqual([]);
  expect(results.every((r) => (r as { data: { status: string } }).data.status === 'transferred')).toBe(true);
  expect(await enrolledAt(f.pointB)).toBe(2 * RUSH);
  expect(await learnerCount(f.pointB)).toBe(await enrolledAt(f.pointB));
  expect(await learnerCount(f.pointC)).toBe(await enrolledAt(f.pointC));
  expect(await learnerCount(f.pointC)).toBe(0);
}, 180_000);

describe('a call that died between the enrollment write and the counter increment', () => {
  // Fixture: the learner document as the enrollment write leaves it, the counter not yet moved.
  const interrupted = async (openid: string, pointId: string, from: string | null) => {
    const point = expectOk<PointDetail>(await cloud.call('org', { action: 'getPoint', pointId }));
    await database()
      .collection('learners')
      .add({
        data: {
          _id: openid,
          pointId,
          branchId: point.branchId,
          name: '李秀英',
          gender: 'female',
          birthYear: 1955,
          occupation: 'retired',
          phone: '13900001111',
          consentAt: new Date(),
          consentVersion: '2026-11',
          enrolledAt: new Date(),
          updatedAt: new Date(),
          transfers: from ? [{ fromPointId: from, toPointId: pointId, at: new Date() }] : [],
          countMove: { id: `crash-${openid}`, from, to: pointId },
        },
      });
  };

  test('the next enroll applies the owed increment once, even from many taps at once', async () => {
    const before = await learnerCount(f.pointA);
    await interrupted('crash-new', f.pointA, null);
    expect(await learnerCount(f.pointA)).toBe(before);
    const taps = await Promise.all(Array.from({ length: 8 }, () => enroll('crash-new', f.pointA)));
    expect(failures(taps)).toEqual([]);
    expect(await learnerCount(f.pointA)).toBe(before + 1);
    expect(await learnerCount(f.pointA)).toBe(await enrolledAt(f.pointA));
    const raw = (await database().collection<{ _id: string; countMove?: unknown }>('learners').doc('crash-new').get()).data;
    expect(raw.countMove).toBeUndefined();
  });

  test('an interrupted transfer is finished by the withdrawal that follows: both points exact', async () => {
    // The person was counted at C before the transfer write to A.
    const db = database();
    await db.collection('points').doc(f.pointC).update({ data: { learnerCount: db.command.inc(1) } });
    const [a0, c0] = [await learnerCount(f.pointA), await learnerCount(f.pointC)];
    await interrupted('crash-move', f.pointA, f.pointC);
    expectOk(await cloud.call('user', { action: 'withdraw', confirm: true }, 'crash-move'));
    expect(await learnerCount(f.pointA)).toBe(a0);
    expect(await learnerCount(f.pointC)).toBe(c0 - 1);
    expect(await learnerCount(f.pointA)).toBe(await enrolledAt(f.pointA));
    expect(await learnerCount(f.pointC)).toBe(await enrolledAt(f.pointC));
  });
});

import { database } from '../../cloudfunctions/_shared/cloud';
import { errorCode, type LocalCloud } from '../support/cloud';
import { at, HEAD, HOUR, member, startVolunteerCloud, YUZHONG, type Vol } from './fixtures';

/**
 * An activity's signedCount after a crash: a signup that died after taking its slot, or a
 * cancellation that died before giving it back, must not keep the slot forever. When an activity
 * looks full, the slots are recounted from the signups (bounded repair, only on that path).
 */
let cloud: LocalCloud;
let v: Vol;
let teamId: string;
beforeAll(async () => {
  ({ cloud, v } = await startVolunteerCloud());
  ({ teamId } = await v.ok('createTeam', { unitId: YUZHONG }, HEAD));
  for (const who of ['sr-a', 'sr-b', 'sr-c', 'sr-d', 'sr-e']) await member(v, teamId, who, HEAD);
});
afterAll(() => cloud.close());

const slotsOf = async (activityId: string) => (await database().collection<{ _id: string; signedCount: number }>('volunteerActivities').doc(activityId).get()).data.signedCount;

async function activity(slots: number): Promise<string> {
  const { activityId } = await v.ok(
    'createActivity',
    { teamId, title: '社区健康讲座', startsAt: at(24 * HOUR), endsAt: at(26 * HOUR), location: '社区活动中心', slots, hours: 2 },
    HEAD,
  );
  return activityId;
}

test('a signup that died after taking its slot: the slot goes to the next volunteer', async () => {
  const activityId = await activity(2);
  expect(await v.ok('signupActivity', { activityId }, 'sr-a')).toEqual({ status: 'signed' });
  // Fixture: sr-b's invocation claimed its signup and took the slot a minute ago, then died.
  const db = database();
  await db.collection('activitySignups').add({
    data: { _id: `${activityId}:sr-b`, activityId, teamId, openid: 'sr-b', realName: '李四平', status: 'pending', signedAt: new Date(Date.now() - 60_000), signInAt: null, signOutAt: null },
  });
  await db.collection('volunteerActivities').doc(activityId).update({ data: { signedCount: db.command.inc(1) } });
  expect(await slotsOf(activityId)).toBe(2);

  expect(await v.ok('signupActivity', { activityId }, 'sr-c')).toEqual({ status: 'signed' });
  expect(await slotsOf(activityId)).toBe(2);
  // Really full now: no repair makes room.
  expect(errorCode(await v.call('signupActivity', { activityId }, 'sr-d'))).toBe('RESOURCE_EXHAUSTED');
  expect(await slotsOf(activityId)).toBe(2);
});

test('a cancellation that died before giving its slot back', async () => {
  const activityId = await activity(1);
  expect(await v.ok('signupActivity', { activityId }, 'sr-a')).toEqual({ status: 'signed' });
  // Fixture: sr-a's cancel marked the signup a minute ago and died before releasing the slot.
  await database().collection('activitySignups').doc(`${activityId}:sr-a`).update({ data: { status: 'cancelled', cancelledAt: new Date(Date.now() - 60_000) } });
  expect(await v.ok('signupActivity', { activityId }, 'sr-e')).toEqual({ status: 'signed' });
  expect(await slotsOf(activityId)).toBe(1);
});

test('concurrent signups around a repair never pass the slots; the count ends equal to the signups', async () => {
  const activityId = await activity(3);
  const db = database();
  // One slot leaked by a dead signup, then five people at once.
  await db.collection('activitySignups').add({
    data: { _id: `${activityId}:sr-x`, activityId, teamId, openid: 'sr-x', realName: '李四平', status: 'pending', signedAt: new Date(Date.now() - 60_000), signInAt: null, signOutAt: null },
  });
  await db.collection('volunteerActivities').doc(activityId).update({ data: { signedCount: db.command.inc(1) } });
  const people = ['sr-a', 'sr-b', 'sr-c', 'sr-d', 'sr-e'];
  await Promise.all(people.map((p) => v.call<{ ok: boolean }>('signupActivity', { activityId }, p)));
  const signedNow = async () => (await db.collection('activitySignups').where({ activityId, status: 'signed' }).count()).total;
  expect(await signedNow()).toBeLessThanOrEqual(3);
  expect(await slotsOf(activityId)).toBeGreaterThanOrEqual(await signedNow());
  // Whoever comes next alone finds the leaked slot, if it is still held.
  for (const p of people) await v.call('signupActivity', { activityId }, p);
  expect(await signedNow()).toBe(3);
  expect(await slotsOf(activityId)).toBe(3);
});

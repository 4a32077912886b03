import type { CancelSignupParams, CancelSignupResult, SignupActivityParams, SignupActivityResult } from '../../../typings/volunteer';
import { isDuplicateKeyError, type Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { failedPrecondition, permissionDenied, resourceExhausted } from '../../_shared/errors';
import { userAction } from '../../_shared/handler';
import { id, z } from '../../_shared/validate';
import { findDoc, loadActivity, requireActive } from '../access';
import { ACTIVITIES, MEMBERS, SIGNUPS, memberId, signupId, type ActivityDoc, type MemberDoc, type SignupDoc } from '../model';

const input = params<SignupActivityParams>()(z.object({ activityId: id('活动') }));

/**
 * Takes one slot: an atomic conditional increment, so `signedCount` never passes `slots`. The
 * condition includes the `slots` value it compares with: when `updateActivity` changed it
 * meanwhile, the activity is read again and the slot taken against the new value.
 */
async function takeSlot(db: Database, activity: ActivityDoc, ownClaim: string, now: Date): Promise<'taken' | 'full' | 'cancelled'> {
  let a = activity;
  let repaired = false;
  for (let round = 0; round < SLOT_ROUNDS; round++) {
    const res = await db
      .collection(ACTIVITIES)
      .where({ _id: a._id, status: 'active', slots: a.slots, signedCount: db.command.lt(a.slots) })
      .update({ data: { signedCount: db.command.inc(1) } });
    if (res.stats.updated === 1) return 'taken';
    const latest = await loadActivity(db, a._id);
    if (latest.status !== 'active') return 'cancelled';
    if (latest.slots === a.slots) {
      // Full: once per signup, look for slots a crash left taken (never in a transaction).
      if (repaired || latest.signedCount < latest.slots) return 'full';
      repaired = true;
      if (!(await repairSlots(db, latest, ownClaim, now))) return 'full';
      a = await loadActivity(db, a._id);
      continue;
    }
    a = latest;
  }
  return 'full';
}

/** Re-reads a signup allows against concurrent changes of `slots` (each is a staff edit). */
const SLOT_ROUNDS = 5;

/**
 * Bounded repair of a slot count a crash left too high (run only when the activity looks full):
 * a signup that died after taking its slot leaves an abandoned `pending` claim, a cancellation
 * that died before giving the slot back a `cancelled` signup. Abandoned claims (older than
 * ABANDONED_CLAIM_MS; the person was never told "signed") are removed, then `signedCount` is set
 * to the number of signed signups by a write guarded on the value read, and only when no
 * operation may be in flight (no other pending claim, no cancellation in the last ABANDONED_CLAIM_MS):
 * a concurrent slot change makes the guarded write miss. Reads: 3 counts; writes: 0–2.
 */
async function repairSlots(db: Database, a: ActivityDoc, ownClaim: string, now: Date): Promise<boolean> {
  const _ = db.command;
  const cutoff = new Date(now.getTime() - ABANDONED_CLAIM_MS);
  await db.collection(SIGNUPS).where({ activityId: a._id, status: 'pending', signedAt: _.lt(cutoff) }).remove();
  const [pending, recentlyCancelled, signed] = await Promise.all([
    // The caller's own claim is not in flight elsewhere: it holds no slot yet.
    db.collection(SIGNUPS).where({ activityId: a._id, status: 'pending', _id: _.neq(ownClaim) }).count(),
    db.collection(SIGNUPS).where({ activityId: a._id, status: 'cancelled', cancelledAt: _.gt(cutoff) }).count(),
    db.collection(SIGNUPS).where({ activityId: a._id, status: 'signed' }).count(),
  ]);
  if (pending.total > 0 || recentlyCancelled.total > 0 || signed.total >= a.signedCount) return false;
  const res = await db.collection(ACTIVITIES).where({ _id: a._id, signedCount: a.signedCount }).update({ data: { signedCount: signed.total } });
  return res.stats.updated === 1;
}

/** Gives one slot back (never below 0). */
export async function releaseSlot(db: Database, activityId: string): Promise<void> {
  await db.collection(ACTIVITIES).where({ _id: activityId, signedCount: db.command.gt(0) }).update({ data: { signedCount: db.command.inc(-1) } });
}

const PENDING_WAIT_MS = 100;
const CLAIM_ROUNDS = 10;
/** A `pending` claim older than this was left by an invocation that died: it may be taken over. */
const ABANDONED_CLAIM_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Claims the person's signup document (id `${activityId}:${openid}`) as `pending`, so that of
 * several taps by one person only one goes on to take a slot; the others wait for its outcome.
 * Answers `claimed`, or `signed` when another tap of the same person already holds the slot.
 */
async function claim(db: Database, a: ActivityDoc, openid: string, realName: string, now: Date): Promise<'claimed' | 'signed'> {
  const _id = signupId(a._id, openid);
  const data = { activityId: a._id, teamId: a.teamId, openid, realName, status: 'pending', signedAt: now, signInAt: null, signOutAt: null };
  const _ = db.command;
  for (let round = 0; round < CLAIM_ROUNDS; round++) {
    try {
      await db.collection(SIGNUPS).add({ data: { _id, ...data } });
      return 'claimed';
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    // A cancelled signup, or a claim abandoned by a dead invocation, is taken over atomically.
    const reclaimed = await db
      .collection(SIGNUPS)
      .where(_.or({ _id, status: 'cancelled' }, { _id, status: 'pending', signedAt: _.lt(new Date(now.getTime() - ABANDONED_CLAIM_MS)) }))
      .update({ data });
    if (reclaimed.stats.updated === 1) return 'claimed';
    const current = await findDoc<SignupDoc>(db, SIGNUPS, _id);
    if (current?.status === 'signed') return 'signed';
    // Pending: the person's other tap is taking its slot right now. Missing: it gave up; try again.
    if (current?.status === 'pending') await sleep(PENDING_WAIT_MS);
  }
  throw failedPrecondition('您的报名正在处理中，请稍后刷新页面查看结果');
}

/**
 * A member of the activity's team signs up, until the activity ends (volunteers also join on the
 * day). The person's signup document is claimed first (one per person, whatever the taps), then a
 * slot is taken with a conditional increment; without a free slot the claim is withdrawn and the
 * answer is RESOURCE_EXHAUSTED. A repeated signup answers the current status.
 * Reads: 3. Writes: 3 (claim, slot, signed).
 */
export const signupActivity = userAction(input, async (params, ctx): Promise<SignupActivityResult> => {
  const { openid } = ctx;
  const { db, now } = ctx;
  const _id = signupId(params.activityId, openid);
  const [a, existing] = await Promise.all([loadActivity(db, params.activityId), findDoc<SignupDoc>(db, SIGNUPS, _id)]);
  requireActive(a);
  if (existing?.status === 'signed') return { status: 'signed' };
  if (now.getTime() >= a.endsAt.getTime()) throw failedPrecondition('这个活动已经结束，不能再报名了');
  const member = await findDoc<MemberDoc>(db, MEMBERS, memberId(a.teamId, openid));
  if (member?.status !== 'member') throw permissionDenied('请先申请加入这支志愿服务队，队长同意后就可以报名活动');

  if ((await claim(db, a, openid, member.realName, now)) === 'signed') return { status: 'signed' };
  const slot = await takeSlot(db, a, _id, now);
  if (slot !== 'taken') {
    await db.collection(SIGNUPS).where({ _id, status: 'pending' }).remove();
    if (slot === 'cancelled') throw failedPrecondition('这个活动刚刚已取消，请看看其他活动');
    throw resourceExhausted('这个活动的名额已满，请看看其他活动');
  }
  await db.collection(SIGNUPS).doc(_id).update({ data: { status: 'signed', signedAt: now } });
  return { status: 'signed' };
});

const cancelInput = params<CancelSignupParams>()(z.object({ activityId: id('活动') }));

/** Before the activity starts (and before signing in), a volunteer gives the slot back. */
export const cancelSignup = userAction(cancelInput, async (params, ctx): Promise<CancelSignupResult> => {
  const { openid } = ctx;
  const { db, now } = ctx;
  const a = await loadActivity(db, params.activityId);
  if (now.getTime() >= a.startsAt.getTime()) throw failedPrecondition('活动已经开始，不能取消报名了；如不能参加，请告知队长');
  const res = await db.collection(SIGNUPS).where({ _id: signupId(a._id, openid), status: 'signed', signInAt: null }).update({ data: { status: 'cancelled', cancelledAt: now } });
  if (res.stats.updated !== 1) {
    const existing = await findDoc<SignupDoc>(db, SIGNUPS, signupId(a._id, openid));
    if (existing?.status === 'cancelled') return { status: 'cancelled' };
    throw failedPrecondition('您没有报名这个活动');
  }
  await releaseSlot(db, a._id);
  return { status: 'cancelled' };
});

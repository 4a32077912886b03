import type { CancelSignupParams, CancelSignupResult, SignupActivityParams, SignupActivityResult } from '../../../typings/volunteer';
import { isDuplicateKeyError, type Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { failedPrecondition, permissionDenied, resourceExhausted } from '../../_shared/errors';
import { action, requireOpenid } from '../../_shared/handler';
import { id, z } from '../../_shared/validate';
import { findDoc, loadActivity, requireActive } from '../access';
import { ACTIVITIES, MEMBERS, SIGNUPS, memberId, signupId, type ActivityDoc, type MemberDoc, type SignupDoc } from '../model';

const input = params<SignupActivityParams>()(z.object({ activityId: id('活动') }));

/** Takes one slot: an atomic conditional increment, so `signedCount` never passes `slots`. */
async function takeSlot(db: Database, a: ActivityDoc): Promise<boolean> {
  const res = await db
    .collection(ACTIVITIES)
    .where({ _id: a._id, status: 'active', signedCount: db.command.lt(a.slots) })
    .update({ data: { signedCount: db.command.inc(1) } });
  return res.stats.updated === 1;
}

async function releaseSlot(db: Database, activityId: string): Promise<void> {
  await db.collection(ACTIVITIES).where({ _id: activityId, signedCount: db.command.gt(0) }).update({ data: { signedCount: db.command.inc(-1) } });
}

/**
 * A member of the activity's team signs up, until the activity ends (volunteers also join on the
 * day). The slot is taken first, then the signup (id `${activityId}:${openid}`) is written; if
 * the person was already signed up the slot is given back. Full: RESOURCE_EXHAUSTED.
 * Reads: 3. Writes: 2.
 */
export const signupActivity = action(input, async (params, ctx): Promise<SignupActivityResult> => {
  const openid = requireOpenid(ctx);
  const { db, now } = ctx;
  const _id = signupId(params.activityId, openid);
  const [a, existing] = await Promise.all([loadActivity(db, params.activityId), findDoc<SignupDoc>(db, SIGNUPS, _id)]);
  requireActive(a);
  if (existing?.status === 'signed') return { status: 'signed' };
  if (now.getTime() >= a.endsAt.getTime()) throw failedPrecondition('这个活动已经结束，不能再报名了');
  const member = await findDoc<MemberDoc>(db, MEMBERS, memberId(a.teamId, openid));
  if (member?.status !== 'member') throw permissionDenied('请先申请加入这支志愿服务队，队长同意后就可以报名活动');
  if (!(await takeSlot(db, a))) {
    // Full: unless this person's own concurrent tap took the last slot (a repeat answers the status).
    const mine = await findDoc<SignupDoc>(db, SIGNUPS, _id);
    if (mine?.status === 'signed') return { status: 'signed' };
    throw resourceExhausted('这个活动的名额已满，请看看其他活动');
  }

  let signedNow = false;
  if (!existing) {
    try {
      const doc: Omit<SignupDoc, '_id'> = { activityId: a._id, teamId: a.teamId, openid, realName: member.realName, status: 'signed', signedAt: now, signInAt: null, signOutAt: null };
      await db.collection(SIGNUPS).add({ data: { _id, ...doc } });
      signedNow = true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) {
        await releaseSlot(db, a._id);
        throw error;
      }
    }
  }
  if (!signedNow) {
    // Re-signup after a cancellation (or a concurrent duplicate): only a cancelled signup flips back.
    const res = await db.collection(SIGNUPS).where({ _id, status: 'cancelled' }).update({ data: { status: 'signed', signedAt: now, signInAt: null, signOutAt: null } });
    if (res.stats.updated !== 1) await releaseSlot(db, a._id);
  }
  return { status: 'signed' };
});

const cancelInput = params<CancelSignupParams>()(z.object({ activityId: id('活动') }));

/** Before the activity starts (and before signing in), a volunteer gives the slot back. */
export const cancelSignup = action(cancelInput, async (params, ctx): Promise<CancelSignupResult> => {
  const openid = requireOpenid(ctx);
  const { db, now } = ctx;
  const a = await loadActivity(db, params.activityId);
  if (now.getTime() >= a.startsAt.getTime()) throw failedPrecondition('活动已经开始，不能取消报名了；如不能参加，请告知队长');
  const res = await db.collection(SIGNUPS).where({ _id: signupId(a._id, openid), status: 'signed', signInAt: null }).update({ data: { status: 'cancelled' } });
  if (res.stats.updated !== 1) {
    const existing = await findDoc<SignupDoc>(db, SIGNUPS, signupId(a._id, openid));
    if (existing?.status === 'cancelled') return { status: 'cancelled' };
    throw failedPrecondition('您没有报名这个活动');
  }
  await releaseSlot(db, a._id);
  return { status: 'cancelled' };
});

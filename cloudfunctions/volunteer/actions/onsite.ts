/**
 * On-site hours ("whoever records the hours certifies them"): the team's leader (or staff) shows a
 * rotating code for the activity; a volunteer signs in and later signs out with the code shown at
 * that moment. The hours are the time between the two server stamps, floored to 0.1 h, capped at
 * the activity's length, and the record is created APPROVED: the code shown by the leader is the
 * leader's certification. Exception: when the volunteer could show the code themselves (they
 * manage the activity, or they were the last to display it), the record is PENDING and another
 * manager reviews it, so nobody certifies their own hours.
 */
import type { SignInParams, SignInResult, SigninCodeParams, SigninCodeResult, SignOutParams, SignOutResult } from '../../../typings/volunteer';
import { canManage, loadCaller } from '../../_shared/authz';
import type { Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { failedPrecondition, invalidArgument, resourceExhausted } from '../../_shared/errors';
import { staffAction, userAction } from '../../_shared/handler';
import { recordFailure, tooManyFailures } from '../../_shared/rate-limit';
import { currentCode, verifyCode } from '../../_shared/rotating-code';
import { toIso } from '../../_shared/time';
import { id, z } from '../../_shared/validate';
import { activityChain, activityStaff, findDoc, loadActivity, requireActive } from '../access';
import { ACTIVITIES, RECORDS, SIGNUPS, onsiteHours, recordId, signupId, type ActivityDoc, type HourRecordDoc, type SignupDoc } from '../model';
import { changeRecord, createRecord, newRecord } from '../records';

/** The code can be shown from an hour before the start until two hours after the end. */
const SHOW_BEFORE_MS = 3600_000;
const SIGN_IN_BEFORE_MS = 30 * 60_000;
const SIGN_OUT_AFTER_MS = 2 * 3600_000;
const MAX_WRONG_CODES = 10;
const WRONG_CODE_WINDOW_S = 600;
export const QR_PREFIX = 'csu-vsign';

const codeInput = params<SigninCodeParams>()(z.object({ activityId: id('活动') }));

/** Leader/staff: the current code, its QR text and a PNG data URL of the QR. Reads: 2. */
export const signinCode = staffAction({
  input: codeInput,
  ...activityStaff('只有本队队长或所属单位的管理员可以出示签到码'),
  run: async (_input, ctx): Promise<SigninCodeResult> => {
    const { db, now, openid } = ctx;
    const a = ctx.target.activity;
    requireActive(a);
    const t = now.getTime();
    if (t < a.startsAt.getTime() - SHOW_BEFORE_MS) throw failedPrecondition('活动开始前1小时才能出示签到码');
    if (t > a.endsAt.getTime() + SIGN_OUT_AFTER_MS) throw failedPrecondition('活动已结束超过2小时，不能再签到签退；请让志愿者事后登记时长');
    if (a.codeShownBy !== openid) {
      await db.collection(ACTIVITIES).doc(a._id).update({ data: { codeShownBy: openid } });
    }
    const { code, expiresAt } = currentCode(a.codeSecret, now);
    const qrText = `${QR_PREFIX}:${a._id}:${code}`;
    // Loaded on first use and installed beside the bundle (scripts/build-functions.ts LAZY_PACKAGES).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const QRCode = require('qrcode') as typeof import('qrcode');
    const qrDataUrl = await QRCode.toDataURL(qrText, { errorCorrectionLevel: 'M', margin: 2, width: 480 });
    return { activityId: a._id, code, expiresAt: toIso(expiresAt), qrText, qrDataUrl };
  },
});

const signInput = z.object({
  activityId: id('活动'),
  code: z.string({ error: '请输入签到码' }).trim().regex(/^\d{6}$/, '签到码是6位数字，请看队长手机上的数字'),
});

async function checkCode(db: Database, a: ActivityDoc, openid: string, code: string, now: Date): Promise<void> {
  const key = `vsign:${openid}`;
  if (await tooManyFailures(db, key, MAX_WRONG_CODES, WRONG_CODE_WINDOW_S, now)) {
    throw resourceExhausted('签到码输错次数太多，请10分钟后再试，或请队长帮您处理');
  }
  if (!verifyCode(a.codeSecret, code, now)) {
    await recordFailure(db, key, WRONG_CODE_WINDOW_S, now);
    throw invalidArgument('签到码不正确或已过期，请扫描队长手机上最新的二维码，或输入最新的6位数字');
  }
}

/** A signed-up volunteer signs in with the current code. Again: the first sign-in time. Reads: 3. Writes: 1. */
export const signIn = userAction(params<SignInParams>()(signInput), async (input, ctx): Promise<SignInResult> => {
  const { openid } = ctx;
  const { db, now } = ctx;
  const _id = signupId(input.activityId, openid);
  const [a, signup] = await Promise.all([loadActivity(db, input.activityId), findDoc<SignupDoc>(db, SIGNUPS, _id)]);
  requireActive(a);
  if (!signup || signup.status !== 'signed') throw failedPrecondition('您还没有报名这个活动，请先报名');
  if (signup.signInAt) return { signInAt: toIso(signup.signInAt) };
  const t = now.getTime();
  if (t < a.startsAt.getTime() - SIGN_IN_BEFORE_MS) throw failedPrecondition('活动开始前30分钟才能签到');
  if (t > a.endsAt.getTime()) throw failedPrecondition('活动已经结束，不能再签到；可以在“我的时长”里事后登记');
  await checkCode(db, a, openid, input.code, now);
  const res = await db.collection(SIGNUPS).where({ _id, status: 'signed', signInAt: null }).update({ data: { signInAt: now } });
  if (res.stats.updated !== 1) {
    const again = await findDoc<SignupDoc>(db, SIGNUPS, _id);
    if (again?.signInAt) return { signInAt: toIso(again.signInAt) };
    throw failedPrecondition('签到没有成功，请稍后再试');
  }
  return { signInAt: toIso(now) };
});

/**
 * Sign-out with the current code: computes the hours and records them (approved, see the rule at
 * the top). Reads: 5. Writes: 4 (signup, record, approvedHours, change log).
 */
export const signOut = userAction(params<SignOutParams>()(signInput), async (input, ctx): Promise<SignOutResult> => {
  const { openid } = ctx;
  const { db, now } = ctx;
  const sId = signupId(input.activityId, openid);
  const rId = recordId(input.activityId, openid);
  const [a, signup, existing, caller] = await Promise.all([
    loadActivity(db, input.activityId),
    findDoc<SignupDoc>(db, SIGNUPS, sId),
    findDoc<HourRecordDoc>(db, RECORDS, rId),
    loadCaller(db, openid),
  ]);
  requireActive(a);
  if (!signup || signup.status !== 'signed') throw failedPrecondition('您还没有报名这个活动，请先报名');
  if (!signup.signInAt) throw failedPrecondition('您还没有签到，请先签到');
  if (signup.signOutAt) throw failedPrecondition('您已经签退过了，服务时长已记录');
  if (existing?.status === 'approved') throw failedPrecondition('这个活动的服务时长已审核通过，不需要再签退');
  if (now.getTime() > a.endsAt.getTime() + SIGN_OUT_AFTER_MS) throw failedPrecondition('活动已结束超过2小时，不能再签退；请在“我的时长”里事后登记');
  const hours = onsiteHours(signup.signInAt, now, a);
  if (hours <= 0) throw failedPrecondition('签到后至少服务6分钟才能签退');
  await checkCode(db, a, openid, input.code, now);

  const res = await db.collection(SIGNUPS).where({ _id: sId, status: 'signed', signOutAt: null }).update({ data: { signOutAt: now } });
  if (res.stats.updated !== 1) throw failedPrecondition('您已经签退过了，服务时长已记录');

  const selfCertified = a.codeShownBy === openid || canManage(caller, activityChain(a));
  const status: 'pending' | 'approved' = selfCertified ? 'pending' : 'approved';
  const certifiedBy = selfCertified ? null : a.codeShownBy;
  const log = { actor: openid, action: 'onsite' as const, reason: null };
  const answer: SignOutResult = { signInAt: toIso(signup.signInAt), signOutAt: toIso(now), recordId: rId, hours, status };
  const replace = async (claim: HourRecordDoc) => {
    // An earlier claim for the same activity gives way to the certified on-site record.
    await changeRecord(db, claim, { hours, status, source: 'onsite', signInAt: signup.signInAt, signOutAt: now, certifiedBy, reason: null }, log, now);
    return answer;
  };
  if (existing) return replace(existing);
  const record = newRecord(a, openid, signup.realName, { hours, status, source: 'onsite', note: null, signInAt: signup.signInAt, signOutAt: now, certifiedBy }, now);
  if (await createRecord(db, record, log, now)) return answer;
  const raced = await findDoc<HourRecordDoc>(db, RECORDS, rId);
  if (!raced || raced.status === 'approved') throw failedPrecondition('这个活动的服务时长已记录，请在“我的时长”里查看');
  return replace(raced);
});

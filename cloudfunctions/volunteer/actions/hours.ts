import type { ListClaimsParams, ListClaimsResult, LogHoursParams, LogHoursResult, ReviewHoursParams, ReviewHoursResult } from '../../../typings/volunteer';
import { writeAudit } from '../../_shared/audit';
import { params } from '../../_shared/contract';
import { alreadyExists, failedPrecondition, invalidArgument, notFound, permissionDenied } from '../../_shared/errors';
import { staffAction, userAction } from '../../_shared/handler';
import { pageWindow, toPage } from '../../_shared/paging';
import { toIsoOrNull } from '../../_shared/time';
import { bool, id, optionalText, pageParams, z } from '../../_shared/validate';
import { activityChain, findDoc, loadActivity, requireActive, TEAM_STAFF_WHO, teamStaff } from '../access';
import { hoursField, reasonField, recordIdField } from '../fields';
import { RECORDS, SIGNUPS, lengthHours, signupId, type HourRecordDoc, type SignupDoc } from '../model';
import { createRecord, newRecord, tryChangeRecord } from '../records';
import { recordItem } from '../views';

/** Claims are "timely": within 90 days after the activity ends. */
const CLAIM_WINDOW_MS = 90 * 86_400_000;

const logInput = params<LogHoursParams>()(z.object({ activityId: id('活动'), hours: hoursField(), note: optionalText('备注', 200) }));

/**
 * A volunteer signed up for the activity claims hours after it started: 0 < hours ≤ the activity's
 * length (INVALID_ARGUMENT beyond). One record per volunteer per activity (id
 * `${activityId}:${openid}`): claiming again while pending or after a rejection corrects the claim;
 * an approved record is final (ALREADY_EXISTS). Reads: 2–3. Writes: 2.
 */
export const logHours = userAction(logInput, async (input, ctx): Promise<LogHoursResult> => {
  const { openid } = ctx;
  const { db, now } = ctx;
  const [a, signup] = await Promise.all([loadActivity(db, input.activityId), findDoc<SignupDoc>(db, SIGNUPS, signupId(input.activityId, openid))]);
  requireActive(a);
  const length = lengthHours(a);
  if (input.hours > length) throw invalidArgument(`服务时长不能超过活动时长（${length}小时），请按实际服务时间填写`);
  if (now.getTime() < a.startsAt.getTime()) throw failedPrecondition('活动开始后才能登记服务时长');
  if (now.getTime() > a.endsAt.getTime() + CLAIM_WINDOW_MS) throw failedPrecondition('活动结束已超过90天，不能再登记时长，请联系队长');
  if (!signup || signup.status !== 'signed') throw failedPrecondition('您没有报名这个活动，不能登记时长');

  const note = input.note || null;
  const facts = { hours: input.hours, status: 'pending', source: 'claim', note, signInAt: signup.signInAt, signOutAt: signup.signOutAt, certifiedBy: null } as const;
  const record = newRecord(a, openid, signup.realName, facts, now);
  const _id = record._id;
  if (await createRecord(db, record, { actor: openid, action: 'claim', reason: null }, now)) return { recordId: _id, status: 'pending' };

  // The one record exists: a correction, applied by compare-and-set. A concurrent tap of the same
  // volunteer may move the version first: read again and apply on top (last claim wins).
  for (let attempt = 0; attempt < RECLAIM_ATTEMPTS; attempt++) {
    const existing = await findDoc<HourRecordDoc>(db, RECORDS, _id);
    if (!existing) throw failedPrecondition('登记没有成功，请稍后再试');
    if (existing.status === 'approved') throw alreadyExists('这个活动的服务时长已审核通过；如需更正，请联系队长');
    const patch = { hours: input.hours, note, status: 'pending' as const, source: 'claim' as const, reason: null, certifiedBy: null };
    if (await tryChangeRecord(db, existing, patch, { actor: openid, action: 'reclaim', reason: null }, now)) return { recordId: _id, status: 'pending' };
  }
  throw failedPrecondition('这条时长记录刚刚被修改，请刷新后再试');
});

/** Compare-and-set rounds a correction gets against the same volunteer's concurrent taps. */
const RECLAIM_ATTEMPTS = 8;

const reviewInput = params<ReviewHoursParams>()(z.object({ recordId: recordIdField, approve: bool('是否通过'), reason: reasonField }));

/**
 * The team's leader or staff above approve or reject a record (an approved one can be revoked with
 * a reason). Never one's own (PERMISSION_DENIED). approvedHours follows atomically; the change is
 * kept and audited. Reads: 2. Writes: 4 (record, approvedHours when it moves, change log, audit).
 */
export const reviewHours = staffAction({
  input: reviewInput,
  who: `${TEAM_STAFF_WHO}; never one's own hours`,
  denied: '只有本队队长或所属单位的管理员可以审核服务时长',
  scopeFirst: true,
  scope: async (input, { db, openid }) => {
    const record = await findDoc<HourRecordDoc>(db, RECORDS, input.recordId);
    if (!record) throw notFound('没有找到这条服务时长记录，请刷新后再看');
    if (record.openid === openid) throw permissionDenied('不能审核自己的服务时长，请由本队其他管理人员审核');
    return { chain: activityChain(record), record };
  },
  run: async (input, ctx): Promise<ReviewHoursResult> => {
    const { db, now, openid: actor } = ctx;
    const { record } = ctx.target;
    const target = input.approve ? 'approved' : 'rejected';
    if (record.status === target) return { status: target };
    const reason = input.reason || null;
    const changed = await tryChangeRecord(db, record, { status: target, reason: input.approve ? null : reason }, { actor, action: input.approve ? 'approve' : 'reject', reason }, now);
    if (!changed) {
      // Another reviewer (or a correction) got there first: the same decision is already done.
      const latest = await findDoc<HourRecordDoc>(db, RECORDS, record._id);
      if (latest?.status === target) return { status: target };
      throw failedPrecondition('这条时长记录刚刚被其他人修改，请刷新后再试');
    }
    await writeAudit(db, {
      actor,
      action: input.approve ? 'volunteer.hours.approve' : 'volunteer.hours.reject',
      targetType: 'hourRecord',
      targetId: record._id,
      scope: activityChain(record),
      before: { status: record.status, hours: record.hours },
      after: { status: target, hours: record.hours },
      reason: input.reason,
    });
    return { status: target };
  },
});

const claimsInput = params<ListClaimsParams>()(
  z.object({ teamId: id('服务队'), status: z.enum(['pending', 'approved', 'rejected'], { error: '状态不正确' }).optional(), ...pageParams }),
);

/** Leader/staff: the team's records to review (default: pending), oldest first. Reads: 3. */
export const listClaims = staffAction({
  input: claimsInput,
  ...teamStaff('只有本队队长或所属单位的管理员可以审核服务时长'),
  run: async (input, ctx): Promise<ListClaimsResult> => {
    const { db } = ctx;
    const { team } = ctx.target;
    const w = pageWindow(input);
    const res = await db
      .collection<HourRecordDoc>(RECORDS)
      .where({ teamId: team._id, status: input.status ?? 'pending' })
      .orderBy('createdAt', 'asc')
      .orderBy('_id', 'asc')
      .skip(w.skip)
      .limit(w.fetch)
      .get();
    const page = toPage(w, res.data);
    return {
      items: page.items.map((r) => ({ ...recordItem(r), openid: r.openid, realName: r.realName, signInAt: toIsoOrNull(r.signInAt), signOutAt: toIsoOrNull(r.signOutAt) })),
      nextCursor: page.nextCursor,
    };
  },
});

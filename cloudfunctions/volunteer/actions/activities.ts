import { randomBytes } from 'node:crypto';
import type {
  CreateActivityParams,
  CreateActivityResult,
  GetActivityParams,
  GetActivityResult,
  ListActivitiesParams,
  ListActivitiesResult,
} from '../../../typings/volunteer';
import { writeAudit } from '../../_shared/audit';
import { canManage, loadCaller } from '../../_shared/authz';
import { params } from '../../_shared/contract';
import { invalidArgument } from '../../_shared/errors';
import { publicAction, staffAction } from '../../_shared/handler';
import { pageWindow, toPage } from '../../_shared/paging';
import { newCodeSecret } from '../../_shared/rotating-code';
import { startOfShanghaiDay, toIsoOrNull } from '../../_shared/time';
import { id, integer, isoTime, optionalText, pageParams, text, z } from '../../_shared/validate';
import { activityChain, findDoc, loadActivity, loadTeam, TEAM_STAFF_WHO, teamChain } from '../access';
import { hoursField } from '../fields';
import { ACTIVITIES, KEY_DAYS, MAX_ACTIVITY_HOURS, MEMBERS, RECORDS, SIGNUPS, lengthHours, memberId, recordId, signupId, type ActivityDoc, type HourRecordDoc, type MemberDoc, type SignupDoc } from '../model';
import { activityItem } from '../views';

const keyDayField = z.enum(KEY_DAYS, { error: '主题日只能是全国科普日、科技工作者日或科技活动周' });

const createInput = params<CreateActivityParams>()(
  z.object({
    teamId: id('服务队'),
    title: text('活动名称', 50, 2),
    startsAt: isoTime('开始时间'),
    endsAt: isoTime('结束时间'),
    location: text('活动地点', 100, 2),
    slots: integer('招募人数', 1, 500),
    hours: hoursField('计划服务时长'),
    keyDay: keyDayField.optional(),
    description: optionalText('活动说明', 1000),
  }),
);

/**
 * The team's leader or staff above publish an activity. The planned hours may not exceed the
 * activity's length (endsAt − startsAt, at most 24 h). Past times are allowed, so a team can record
 * an activity afterwards. Audited. Reads: 2. Writes: 2 (activity, audit).
 */
export const createActivity = staffAction({
  input: createInput,
  who: TEAM_STAFF_WHO,
  denied: '只有本队队长或所属单位的管理员可以发布活动',
  scopeFirst: true,
  scope: async (input, { db }) => {
    if (input.endsAt.getTime() <= input.startsAt.getTime()) throw invalidArgument('结束时间应晚于开始时间');
    const length = lengthHours(input);
    if (length > MAX_ACTIVITY_HOURS) throw invalidArgument('一次活动不能超过24小时，请分成几次发布');
    if (input.hours > length) throw invalidArgument(`计划服务时长不能超过活动时长（${length}小时）`);
    const team = await loadTeam(db, input.teamId);
    return { chain: teamChain(team), team };
  },
  run: async (input, ctx): Promise<CreateActivityResult> => {
    const { db, now, openid } = ctx;
    const { team } = ctx.target;
    const activityId = `va_${randomBytes(8).toString('hex')}`;
    const doc: ActivityDoc = {
      _id: activityId,
      teamId: team._id,
      teamName: team.name,
      branchId: team.branchId,
      pointId: team.pointId,
      title: input.title,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      location: input.location,
      slots: input.slots,
      signedCount: 0,
      hours: input.hours,
      keyDay: input.keyDay ?? null,
      description: input.description ?? '',
      status: 'active',
      codeSecret: newCodeSecret(),
      codeShownBy: null,
      createdBy: openid,
      createdAt: now,
    };
    await db.collection(ACTIVITIES).add({ data: { ...doc } });
    await writeAudit(db, {
      actor: openid,
      action: 'volunteer.activity.create',
      targetType: 'volunteerActivity',
      targetId: activityId,
      scope: activityChain(doc),
      after: { title: doc.title, startsAt: doc.startsAt, endsAt: doc.endsAt, location: doc.location, slots: doc.slots, hours: doc.hours, keyDay: doc.keyDay },
    });
    return { activityId };
  },
});

const listInput = params<ListActivitiesParams>()(z.object({ teamId: id('服务队').optional(), from: isoTime('起始时间').optional(), ...pageParams }));

/**
 * Anyone. Activities starting at or after `from` (default: today 00:00 Shanghai), earliest first;
 * cancelled ones stay listed with `status: 'cancelled'` and the reason. Reads: 1.
 */
export const listActivities = publicAction(listInput, async (input, { db, now }): Promise<ListActivitiesResult> => {
  const w = pageWindow(input);
  const where: Record<string, unknown> = { startsAt: db.command.gte(input.from ?? startOfShanghaiDay(now)) };
  if (input.teamId) where.teamId = input.teamId;
  const res = await db.collection<ActivityDoc>(ACTIVITIES).where(where).orderBy('startsAt', 'asc').orderBy('_id', 'asc').skip(w.skip).limit(w.fetch).get();
  const page = toPage(w, res.data);
  return { items: page.items.map(activityItem), nextCursor: page.nextCursor };
});

const getInput = params<GetActivityParams>()(z.object({ activityId: id('活动') }));

/** Anyone; with an OPENID also the caller's signup, record and membership. Reads: 1–5. */
export const getActivity = publicAction(getInput, async (input, { db, openid, now }): Promise<GetActivityResult> => {
  const a = await loadActivity(db, input.activityId);
  const base = {
    ...activityItem(a),
    description: a.description,
    lengthHours: lengthHours(a),
    started: now.getTime() >= a.startsAt.getTime(),
    ended: now.getTime() >= a.endsAt.getTime(),
  };
  if (!openid) return { ...base, mySignup: null, myRecord: null, isMember: false, canManage: false };
  const [signup, record, member, caller] = await Promise.all([
    findDoc<SignupDoc>(db, SIGNUPS, signupId(a._id, openid)),
    findDoc<HourRecordDoc>(db, RECORDS, recordId(a._id, openid)),
    findDoc<MemberDoc>(db, MEMBERS, memberId(a.teamId, openid)),
    loadCaller(db, openid),
  ]);
  return {
    ...base,
    mySignup: signup && signup.status !== 'pending' ? { status: signup.status, signInAt: toIsoOrNull(signup.signInAt), signOutAt: toIsoOrNull(signup.signOutAt) } : null,
    myRecord: record ? { recordId: record._id, hours: record.hours, status: record.status, reason: record.reason } : null,
    isMember: member?.status === 'member',
    canManage: canManage(caller, activityChain(a)),
  };
});

import type { CancelActivityParams, CancelActivityResult, UpdateActivityParams, UpdateActivityResult } from '../../../typings/volunteer';
import { writeAudit } from '../../_shared/audit';
import { params } from '../../_shared/contract';
import { failedPrecondition, invalidArgument } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { notifyAll } from '../../_shared/notify';
import { id, integer, isoTime, text, z } from '../../_shared/validate';
import { activityChain, activityStaff, loadActivity } from '../access';
import { hoursField } from '../fields';
import { ACTIVITIES, KEY_DAYS, lengthHours, MAX_ACTIVITY_HOURS, type ActivityDoc } from '../model';
import { activityCancelledNotice, activityChangedNotice, signedVolunteers } from '../notices';
import { activityItem } from '../views';
import { auditDiff, changedFields, withEdits } from '../../_shared/edits';

const MANAGE_DENIED = '只有本队队长或所属单位的管理员可以修改或取消活动';


const updateInput = params<UpdateActivityParams>()(
  z.object({
    activityId: id('活动'),
    title: text('活动名称', 50, 2).optional(),
    startsAt: isoTime('开始时间').optional(),
    endsAt: isoTime('结束时间').optional(),
    location: text('活动地点', 100, 2).optional(),
    description: z.string({ error: '活动说明应为文字' }).trim().max(1000, '活动说明不能超过1000个字').optional(),
    slots: integer('招募人数', 1, 500).optional(),
    hours: hoursField('计划服务时长').optional(),
    keyDay: z.enum(KEY_DAYS, { error: '主题日只能是全国科普日、科技工作者日或科技活动周' }).nullable().optional(),
  }),
);

type Editable = Pick<ActivityDoc, 'title' | 'startsAt' | 'endsAt' | 'location' | 'description' | 'slots' | 'hours' | 'keyDay'>;
const EDITABLE: (keyof Editable)[] = ['title', 'startsAt', 'endsAt', 'location', 'description', 'slots', 'hours', 'keyDay'];
/** Changes a signed-up volunteer must hear about. */
const NOTICE_FIELDS: (keyof Editable)[] = ['startsAt', 'endsAt', 'location'];


/**
 * The team's leader or staff above change an activity before it starts: title, time, place,
 * description, slots (never below the volunteers signed up), planned hours (within the new
 * length) and key day. The write is conditional on the activity still being active, not started
 * and `signedCount ≤ slots`, so a concurrent signup can never leave more volunteers than slots
 * (signups take a slot only while `slots` is the value they read). Audited; signed-up volunteers
 * are told about a new time or place.
 * Reads: 2 (+1 per 500 volunteers to tell). Writes: 2 (activity, audit) + 1 per volunteer told.
 */
export const updateActivity = staffAction({
  input: updateInput,
  ...activityStaff(MANAGE_DENIED),
  run: async (input, ctx): Promise<UpdateActivityResult> => {
    const { db, now, openid } = ctx;
    const a = ctx.target.activity;
    if (a.status === 'cancelled') throw failedPrecondition('这个活动已取消，不能再修改');
    if (now.getTime() >= a.startsAt.getTime()) throw failedPrecondition('活动已经开始，不能再修改；服务时长请按实际情况登记和审核');

    const next: Editable = withEdits(a, input, EDITABLE);
    const changed = changedFields(a, next, EDITABLE);
    if (changed.length === 0) return { activity: activityItem(a), changed: [], notified: 0 };

    if (next.endsAt.getTime() <= next.startsAt.getTime()) throw invalidArgument('结束时间应晚于开始时间');
    if (next.startsAt.getTime() <= now.getTime()) throw invalidArgument('开始时间应晚于现在；已经开展的活动不能改到过去');
    const length = lengthHours(next);
    if (length > MAX_ACTIVITY_HOURS) throw invalidArgument('一次活动不能超过24小时，请分成几次发布');
    if (next.hours > length) throw invalidArgument(`计划服务时长不能超过活动时长（${length}小时）`);
    const full = () => failedPrecondition(`已有 ${a.signedCount} 人报名，招募人数不能少于报名人数`);
    if (next.slots < a.signedCount) throw full();

    const _ = db.command;
    const patch: Record<string, unknown> = { updatedAt: now, updatedBy: openid };
    for (const k of changed) patch[k] = next[k];
    const res = await db
      .collection(ACTIVITIES)
      .where({ _id: a._id, status: 'active', startsAt: _.gt(now), signedCount: _.lte(next.slots) })
      .update({ data: patch });
    if (res.stats.updated !== 1) {
      const latest = await loadActivity(db, a._id);
      if (latest.status === 'cancelled') throw failedPrecondition('这个活动刚刚已被取消，不能再修改');
      if (latest.startsAt.getTime() <= now.getTime()) throw failedPrecondition('活动已经开始，不能再修改');
      throw failedPrecondition(`刚刚又有人报名，现在已有 ${latest.signedCount} 人，招募人数不能少于报名人数`);
    }
    await writeAudit(db, {
      actor: openid,
      action: 'volunteer.activity.update',
      targetType: 'volunteerActivity',
      targetId: a._id,
      scope: activityChain(a),
      ...auditDiff(a, next, changed),
    });
    const updated: ActivityDoc = { ...a, ...next };
    let notified = 0;
    if (changed.some((k) => NOTICE_FIELDS.includes(k))) {
      const volunteers = await signedVolunteers(db, a._id);
      notified = await notifyAll(
        db,
        volunteers.map((v) => activityChangedNotice(updated, v, now)),
      );
    }
    return { activity: activityItem(updated), changed, notified };
  },
});

const cancelInput = params<CancelActivityParams>()(z.object({ activityId: id('活动'), reason: text('取消原因', 60, 2) }));

/**
 * The team's leader or staff above cancel an activity before it starts, with a reason. It stays
 * listed as cancelled and refuses signups, sign-ins and hour claims; the signups stay as they were
 * (`signedCount` keeps matching them) and every signed-up volunteer is told why. Cancelling again
 * answers `cancelled` without telling anyone twice (the messages have deterministic ids).
 * Reads: 3 (activity, roles, signups). Writes: 2 (activity, audit) + 1 per volunteer told.
 */
export const cancelActivity = staffAction({
  input: cancelInput,
  ...activityStaff(MANAGE_DENIED),
  run: async (input, ctx): Promise<CancelActivityResult> => {
    const { db, now, openid } = ctx;
    const a = ctx.target.activity;
    if (a.status === 'cancelled') return { status: 'cancelled', notified: 0 };
    if (now.getTime() >= a.startsAt.getTime()) throw failedPrecondition('活动已经开始，不能取消了；未实际服务的时长请不要审核通过');

    const _ = db.command;
    const res = await db
      .collection(ACTIVITIES)
      .where({ _id: a._id, status: 'active', startsAt: _.gt(now) })
      .update({ data: { status: 'cancelled', cancelReason: input.reason, cancelledAt: now, cancelledBy: openid } });
    if (res.stats.updated !== 1) {
      const latest = await loadActivity(db, a._id);
      if (latest.status === 'cancelled') return { status: 'cancelled', notified: 0 };
      throw failedPrecondition('活动刚刚已经开始，不能取消了');
    }
    await writeAudit(db, {
      actor: openid,
      action: 'volunteer.activity.cancel',
      targetType: 'volunteerActivity',
      targetId: a._id,
      scope: activityChain(a),
      before: { status: 'active', signedCount: a.signedCount },
      after: { status: 'cancelled' },
      reason: input.reason,
    });
    const volunteers = await signedVolunteers(db, a._id);
    const notified = await notifyAll(
      db,
      volunteers.map((v) => activityCancelledNotice(a, v, input.reason)),
    );
    return { status: 'cancelled', notified };
  },
});

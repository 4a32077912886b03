import type { Database } from '../_shared/cloud';
import type { Notice, NoticeKind } from '../_shared/notify';
import { toIso } from '../_shared/time';
import { SIGNUPS, type ActivityDoc, type SignupDoc } from './model';

/** The subscription messages of the volunteer domain; ids make each event's message unique. */

type NoticeActivity = Pick<ActivityDoc, '_id' | 'title' | 'startsAt' | 'location'>;

function activityNotice(a: NoticeActivity, openid: string, id: string, kind: NoticeKind, note: string): Notice {
  return {
    id,
    touser: openid,
    kind,
    page: `pages/activity/index?activityId=${a._id}`,
    // 2026-12-05T09:00:00+08:00 -> 2026-12-05 09:00 (Asia/Shanghai)
    fields: { thing1: a.title, time2: toIso(a.startsAt).slice(0, 16).replace('T', ' '), thing3: a.location, thing4: note },
  };
}

export function activityCancelledNotice(a: NoticeActivity, openid: string, reason: string): Notice {
  return activityNotice(a, openid, `vcancelled:${a._id}:${openid}`, 'volunteer_activity_cancelled', `活动取消：${reason}`);
}

/** One message per change (`at`): a volunteer hears about every new time or place. */
export function activityChangedNotice(a: NoticeActivity, openid: string, at: Date): Notice {
  return activityNotice(a, openid, `vchanged:${a._id}:${openid}:${at.getTime()}`, 'volunteer_activity_changed', '活动时间或地点有变，请留意');
}

const BATCH = 500;

/**
 * The volunteers holding (or taking, `pending`) a slot of the activity, in batches
 * (index `activitySignups.activityId_status`).
 */
export async function signedVolunteers(db: Database, activityId: string): Promise<string[]> {
  const _ = db.command;
  const out: string[] = [];
  for (let skip = 0; ; skip += BATCH) {
    const res = await db
      .collection<Pick<SignupDoc, '_id' | 'openid'>>(SIGNUPS)
      .where({ activityId, status: _.in(['signed', 'pending']) })
      .orderBy('_id', 'asc')
      .field({ openid: true })
      .skip(skip)
      .limit(BATCH)
      .get();
    out.push(...res.data.map((s) => s.openid));
    if (res.data.length < BATCH) return out;
  }
}

/** Stored documents → the shapes callers see (typings/volunteer.ts). */
import type { ActivityItem, HourRecordItem, TeamItem } from '../../typings/volunteer';
import { maskName } from '../_shared/privacy';
import { toIso } from '../_shared/time';
import type { ActivityDoc, HourRecordDoc, TeamDoc } from './model';

export function teamItem(t: TeamDoc): TeamItem {
  return {
    id: t._id,
    unitId: t.unitId,
    name: t.name,
    memberCount: t.memberCount,
    unitName: t.unitName,
    leaderName: t.leaderName ? maskName(t.leaderName) : null,
  };
}

export function activityItem(a: ActivityDoc): ActivityItem {
  return {
    id: a._id,
    teamId: a.teamId,
    teamName: a.teamName,
    title: a.title,
    startsAt: toIso(a.startsAt),
    endsAt: toIso(a.endsAt),
    location: a.location,
    slots: a.slots,
    signedCount: a.signedCount,
    hours: a.hours,
    keyDay: a.keyDay,
    status: a.status,
    cancelReason: a.status === 'cancelled' ? (a.cancelReason ?? '') : null,
  };
}

export function recordItem(r: HourRecordDoc): HourRecordItem {
  return {
    recordId: r._id,
    activityId: r.activityId,
    activityTitle: r.activityTitle,
    teamId: r.teamId,
    teamName: r.teamName,
    startsAt: toIso(r.startsAt),
    hours: r.hours,
    status: r.status,
    source: r.source,
    note: r.note,
    reason: r.reason,
    updatedAt: toIso(r.updatedAt),
  };
}

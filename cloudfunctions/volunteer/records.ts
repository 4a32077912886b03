/**
 * Every write to an hour record goes through here, so three rules hold everywhere:
 * - a change is a compare-and-set on the record's `version` (two reviewers never both apply);
 * - the volunteer's `approvedHours` moves by exactly the approved hours gained or lost ($inc);
 * - every change is kept in `hourRecordChanges` (who, when, before/after, reason).
 */
import { isDuplicateKeyError, type Database } from '../_shared/cloud';
import { failedPrecondition } from '../_shared/errors';
import { bumpYear, tenths } from '../_shared/stat-counters';
import { shanghaiYear } from '../_shared/time';
import { RECORDS, RECORD_CHANGES, VOLUNTEERS, recordId, roundHours, type ActivityDoc, type HourRecordDoc, type RecordChangeDoc } from './model';

export interface ChangeLog {
  actor: string;
  action: RecordChangeDoc['action'];
  reason: string | null;
}

type Mutable = Partial<Pick<HourRecordDoc, 'hours' | 'status' | 'source' | 'note' | 'reason' | 'signInAt' | 'signOutAt' | 'certifiedBy'>>;

function approvedPart(r: Pick<HourRecordDoc, 'status' | 'hours'>): number {
  return r.status === 'approved' ? r.hours : 0;
}

async function afterWrite(db: Database, before: HourRecordDoc | null, after: HourRecordDoc, log: ChangeLog, now: Date): Promise<void> {
  const delta = roundHours(approvedPart(after) - (before ? approvedPart(before) : 0));
  if (delta !== 0) {
    await Promise.all([
      db.collection(VOLUNTEERS).doc(after.openid).update({ data: { approvedHours: db.command.inc(delta), updatedAt: now } }),
      bumpYear(db, { branchId: after.branchId, pointId: after.pointId }, after.year, { approvedTenths: tenths(delta) }),
    ]);
  }
  const change: Omit<RecordChangeDoc, '_id'> = {
    recordId: after._id,
    openid: after.openid,
    actor: log.actor,
    action: log.action,
    before: before ? { hours: before.hours, status: before.status } : null,
    after: { hours: after.hours, status: after.status },
    reason: log.reason,
    at: now,
  };
  await db.collection(RECORD_CHANGES).add({ data: change });
}

/** What a new record states beyond its activity and its volunteer. */
type RecordFacts = Pick<HourRecordDoc, 'hours' | 'status' | 'source' | 'note' | 'signInAt' | 'signOutAt' | 'certifiedBy'>;

/** A new record (version 1, id `recordId(activity, openid)`) of a volunteer's hours at activity `a`. */
export function newRecord(a: ActivityDoc, openid: string, realName: string, facts: RecordFacts, now: Date): HourRecordDoc {
  return {
    _id: recordId(a._id, openid),
    activityId: a._id,
    activityTitle: a.title,
    startsAt: a.startsAt,
    keyDay: a.keyDay,
    teamId: a.teamId,
    teamName: a.teamName,
    branchId: a.branchId,
    pointId: a.pointId,
    openid,
    realName,
    hours: facts.hours,
    status: facts.status,
    source: facts.source,
    note: facts.note,
    reason: null,
    signInAt: facts.signInAt,
    signOutAt: facts.signOutAt,
    year: shanghaiYear(a.startsAt),
    version: 1,
    certifiedBy: facts.certifiedBy,
    createdAt: now,
    updatedAt: now,
  };
}

/** Inserts a new record; false (nothing written) when one already exists for that id. */
export async function createRecord(db: Database, record: HourRecordDoc, log: ChangeLog, now: Date): Promise<boolean> {
  try {
    await db.collection(RECORDS).add({ data: { ...record } });
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
  await afterWrite(db, null, record, log, now);
  return true;
}

/** Applies `patch` if the record is still at `before.version`; null (nothing written) otherwise. */
export async function tryChangeRecord(db: Database, before: HourRecordDoc, patch: Mutable, log: ChangeLog, now: Date): Promise<HourRecordDoc | null> {
  const after: HourRecordDoc = { ...before, ...patch, version: before.version + 1, updatedAt: now };
  const res = await db
    .collection(RECORDS)
    .where({ _id: before._id, version: before.version })
    .update({ data: { ...patch, version: after.version, updatedAt: now } });
  if (res.stats.updated !== 1) return null;
  await afterWrite(db, before, after, log, now);
  return after;
}

/** Applies `patch` if the record is still at `before.version`; FAILED_PRECONDITION otherwise. */
export async function changeRecord(db: Database, before: HourRecordDoc, patch: Mutable, log: ChangeLog, now: Date): Promise<HourRecordDoc> {
  const after = await tryChangeRecord(db, before, patch, log, now);
  if (!after) throw failedPrecondition('这条时长记录刚刚被其他人修改，请刷新后再试');
  return after;
}

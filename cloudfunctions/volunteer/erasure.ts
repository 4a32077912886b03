/**
 * Deleting a volunteer's registration (PIPL), step by step. Each step is idempotent and reads what
 * is left before writing, so `unregister` can run them all again after an invocation died
 * part-way; the `volunteers` document (name, phone) goes last.
 *
 * What goes: the registration (name, phone, skills), team memberships and applications, activity
 * signups (upcoming ones give their slot back), hour claims not approved (pending or rejected) with
 * their change history, the team_leader role of teams no longer active (and the leader name on them).
 * What stays: approved hour records, because the national volunteer service rules require the
 * service record to exist, and the unit's statistics count them; they are anonymised: the name
 * becomes 已注销志愿者 and the OPENID a pseudonym (one per person, so counts of people stay right),
 * in the record and its change history. Certificate numbers already issued stay (no name in them).
 */
import { ROLES_COLLECTION } from '../_shared/authz';
import type { Database } from '../_shared/cloud';
import { releaseSlot } from './actions/signup';
import { ACTIVITIES, MEMBERS, RECORDS, RECORD_CHANGES, SIGNUPS, TEAMS, UNREGISTERED_NAME, type ActivityDoc, type HourRecordDoc, type MemberDoc, type SignupDoc, type TeamDoc } from './model';

/** More than one person's lifetime of rows of any kind. */
const MAX_ROWS = 1000;
/** Ids per `in` condition. */
const IN_CHUNK = 100;

function chunks<T>(items: T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Teams the person leads. Active ones block the deletion (the unit's staff change the leader first). */
export async function teamsLedBy(db: Database, openid: string): Promise<TeamDoc[]> {
  return (await db.collection<TeamDoc>(TEAMS).where({ leaderOpenid: openid }).limit(MAX_ROWS).get()).data;
}

/**
 * The name on teams no longer active that the person led, and every team_leader role they hold
 * (only stale ones remain: the caller checked they lead no active team). Writes: 1–2.
 */
export async function dropLeadership(db: Database, openid: string, led: TeamDoc[]): Promise<void> {
  if (led.some((t) => t.leaderName !== UNREGISTERED_NAME)) {
    await db.collection(TEAMS).where({ leaderOpenid: openid, active: false }).update({ data: { leaderName: UNREGISTERED_NAME } });
  }
  await db.collection(ROLES_COLLECTION).where({ openid, role: 'team_leader' }).remove();
}

/**
 * Leaves every team: each membership document is removed; an approved member's removal takes the
 * team's memberCount down (conditional remove, so a repeated run never counts twice).
 * Answers how many teams were left. Reads: 1. Writes: 2 per team joined + 1.
 */
export async function leaveTeams(db: Database, openid: string, now: Date): Promise<number> {
  const members = (await db.collection<MemberDoc>(MEMBERS).where({ openid }).limit(MAX_ROWS).get()).data;
  if (!members.length) return 0;
  for (const m of members.filter((x) => x.status === 'member')) {
    const res = await db.collection(MEMBERS).where({ _id: m._id, status: 'member' }).remove();
    if (res.stats.removed === 1) await db.collection(TEAMS).doc(m.teamId).update({ data: { memberCount: db.command.inc(-1), updatedAt: now } });
  }
  await db.collection(MEMBERS).where({ openid }).remove();
  return members.filter((m) => m.status === 'member' || m.status === 'pending').length;
}

/**
 * Activity signups: an upcoming one (signed, not signed in, the activity not started) gives its
 * slot back; then every signup document goes (a `pending` one belongs to a signup in flight and is
 * left to it). Answers how many upcoming signups were given back. Reads: 1–2. Writes: 2 per upcoming + 1.
 */
export async function dropSignups(db: Database, openid: string, now: Date): Promise<number> {
  const signups = (await db.collection<SignupDoc>(SIGNUPS).where({ openid }).limit(MAX_ROWS).get()).data;
  if (!signups.length) return 0;
  const held = signups.filter((s) => s.status === 'signed' && s.signInAt === null);
  const upcoming = new Set<string>();
  for (const ids of chunks(held.map((s) => s.activityId))) {
    const activities = (await db.collection<ActivityDoc>(ACTIVITIES).where({ _id: db.command.in(ids) }).limit(IN_CHUNK).get()).data;
    for (const a of activities) if (a.status === 'active' && a.startsAt.getTime() > now.getTime()) upcoming.add(a._id);
  }
  let cancelled = 0;
  for (const s of held.filter((x) => upcoming.has(x.activityId))) {
    const res = await db.collection(SIGNUPS).where({ _id: s._id, status: 'signed', signInAt: null }).update({ data: { status: 'cancelled', cancelledAt: new Date() } });
    if (res.stats.updated === 1) {
      await releaseSlot(db, s.activityId);
      cancelled++;
    }
  }
  await db.collection(SIGNUPS).where({ openid, status: db.command.neq('pending') }).remove();
  return cancelled;
}

/**
 * Hour records: claims not approved go with their change history; approved records stay under
 * the anonymous name and `pseudonym` (history first, so a died run still finds the record by
 * OPENID next time). Answers how many approved records are kept. Reads: 2. Writes: up to 4 per 100 records.
 */
export async function anonymiseRecords(db: Database, openid: string, pseudonym: string): Promise<number> {
  const _ = db.command;
  const records = (await db.collection<HourRecordDoc>(RECORDS).where({ openid }).limit(MAX_ROWS).get()).data;
  const unapproved = records.filter((r) => r.status !== 'approved').map((r) => r._id);
  const approved = records.filter((r) => r.status === 'approved').map((r) => r._id);
  for (const ids of chunks(unapproved)) {
    await db.collection(RECORD_CHANGES).where({ recordId: _.in(ids) }).remove();
    // Only still-unapproved ones: a record approved meanwhile is kept (anonymised below or next run).
    await db.collection(RECORDS).where({ _id: _.in(ids), openid, status: _.neq('approved') }).remove();
  }
  for (const ids of chunks(approved)) {
    await db.collection(RECORD_CHANGES).where({ recordId: _.in(ids) }).update({ data: { openid: pseudonym } });
    await db.collection(RECORDS).where({ _id: _.in(ids), openid }).update({ data: { openid: pseudonym, realName: UNREGISTERED_NAME } });
  }
  // Also those anonymised by an earlier, interrupted run.
  return (await db.collection(RECORDS).where({ openid: pseudonym }).count()).total;
}

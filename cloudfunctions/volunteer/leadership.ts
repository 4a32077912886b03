/**
 * A team's leader holds the `team_leader` role scoped to the team (so authz.ts's canManage answers
 * for team records) and is a member of the team.
 */
import { ROLES_COLLECTION, roleDocId } from '../_shared/authz';
import type { Database } from '../_shared/cloud';
import { findDoc } from './access';
import { MEMBERS, TEAMS, memberId, type MemberDoc, type VolunteerDoc } from './model';

export async function grantLeaderRole(db: Database, teamId: string, openid: string, grantedBy: string, now: Date): Promise<void> {
  await db
    .collection(ROLES_COLLECTION)
    .doc(roleDocId(openid, 'team_leader', teamId))
    .set({ data: { openid, role: 'team_leader', scopeId: teamId, grantedBy, grantedAt: now } });
}

export async function revokeLeaderRole(db: Database, teamId: string, openid: string): Promise<void> {
  await db.collection(ROLES_COLLECTION).where({ _id: roleDocId(openid, 'team_leader', teamId) }).remove();
}

/** Makes the leader an approved member (counted once). Returns whether the count grew. */
export async function ensureLeaderMembership(db: Database, teamId: string, leader: VolunteerDoc, by: string, now: Date): Promise<boolean> {
  const _id = memberId(teamId, leader._id);
  const existing = await findDoc<MemberDoc>(db, MEMBERS, _id);
  if (existing?.status === 'member') return false;
  const doc = { teamId, openid: leader._id, realName: leader.realName, status: 'member', appliedAt: existing?.appliedAt ?? now, reviewedAt: now, reviewedBy: by };
  if (existing) {
    const res = await db.collection(MEMBERS).where({ _id, status: existing.status }).update({ data: { status: 'member', reviewedAt: now, reviewedBy: by } });
    if (res.stats.updated !== 1) return false;
  } else {
    await db.collection(MEMBERS).doc(_id).set({ data: doc });
  }
  await db.collection(TEAMS).doc(teamId).update({ data: { memberCount: db.command.inc(1), updatedAt: now } });
  return true;
}

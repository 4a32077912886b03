import { randomBytes } from 'node:crypto';
import type {
  ChangeLeaderParams,
  ChangeLeaderResult,
  CreateTeamParams,
  CreateTeamResult,
  GetTeamParams,
  GetTeamResult,
  ListTeamsParams,
  ListTeamsResult,
} from '../../../typings/volunteer';
import { writeAudit } from '../../_shared/audit';
import { canManage, loadCaller } from '../../_shared/authz';
import { params } from '../../_shared/contract';
import { failedPrecondition } from '../../_shared/errors';
import { publicAction, staffAction } from '../../_shared/handler';
import { pageWindow, toPage } from '../../_shared/paging';
import { id, pageParams, text, z } from '../../_shared/validate';
import { defaultTeamName, findDoc, findVolunteer, loadTeam, loadUnit, teamChain, unitChainOf } from '../access';
import { openidField, reasonField } from '../fields';
import { ensureLeaderMembership, grantLeaderRole, revokeLeaderRole } from '../leadership';
import { MEMBERS, TEAMS, memberId, type MemberDoc, type TeamDoc, type VolunteerDoc } from '../model';
import { teamItem } from '../views';

async function requireLeaderCandidate(db: Parameters<typeof findVolunteer>[0], openid: string): Promise<VolunteerDoc> {
  const v = await findVolunteer(db, openid);
  if (!v) throw failedPrecondition('队长需要先在小程序中登记成为志愿者，请让对方先完成志愿者登记');
  return v;
}

const createTeamInput = params<CreateTeamParams>()(
  z.object({ unitId: id('所属分校或教学点'), name: text('服务队名称', 40, 2).optional(), leaderOpenid: openidField('队长').optional() }),
);

/**
 * Staff of the unit (branch or point) or above create a team there. Default name
 * "<point name | branch district>社区科普大学科技志愿服务队". A leader gets the team_leader role.
 */
export const createTeam = staffAction({
  input: createTeamInput,
  who: 'staff of the branch or point, or above',
  denied: '只有该分校或教学点的管理员（或上级管理员）可以成立志愿服务队',
  scopeFirst: true,
  scope: async (input, { db }) => {
    const unit = await loadUnit(db, input.unitId);
    return { chain: unit.chain, unit };
  },
  run: async (input, ctx): Promise<CreateTeamResult> => {
    const { db, now, openid } = ctx;
    const { unit } = ctx.target;
    const leader = input.leaderOpenid ? await requireLeaderCandidate(db, input.leaderOpenid) : null;
    const teamId = `tm_${randomBytes(8).toString('hex')}`;
    const team: TeamDoc = {
      _id: teamId,
      unitId: unit.unitId,
      unitType: unit.unitType,
      unitName: unit.displayName,
      branchId: unit.branchId,
      pointId: unit.pointId,
      name: input.name ?? defaultTeamName(unit),
      leaderOpenid: leader?._id ?? null,
      leaderName: leader?.realName ?? null,
      memberCount: 0,
      active: true,
      createdBy: openid,
      createdAt: now,
      updatedAt: now,
    };
    await db.collection(TEAMS).add({ data: { ...team } });
    if (leader) {
      await grantLeaderRole(db, teamId, leader._id, openid, now);
      await ensureLeaderMembership(db, teamId, leader, openid, now);
    }
    await writeAudit(db, {
      actor: openid,
      action: 'volunteer.team.create',
      targetType: 'volunteerTeam',
      targetId: teamId,
      scope: teamChain(team),
      after: { name: team.name, unitId: team.unitId, leaderOpenid: team.leaderOpenid },
    });
    return { teamId };
  },
});

const listTeamsInput = params<ListTeamsParams>()(z.object({ unitId: id('所属分校或教学点').optional(), ...pageParams }));

/** Anyone. The teams of a unit (or all), oldest first. Reads: 1. */
export const listTeams = publicAction(listTeamsInput, async (input, { db }): Promise<ListTeamsResult> => {
  const w = pageWindow(input);
  const where: Record<string, unknown> = { active: true };
  if (input.unitId) where.unitId = input.unitId;
  const res = await db.collection<TeamDoc>(TEAMS).where(where).orderBy('createdAt', 'asc').orderBy('_id', 'asc').skip(w.skip).limit(w.fetch).get();
  const page = toPage(w, res.data);
  return { items: page.items.map(teamItem), nextCursor: page.nextCursor };
});

const getTeamInput = params<GetTeamParams>()(z.object({ teamId: id('服务队') }));

/** Anyone; with an OPENID also the caller's membership and whether they manage it. Reads: 1–3. */
export const getTeam = publicAction(getTeamInput, async (input, { db, openid }): Promise<GetTeamResult> => {
  const team = await loadTeam(db, input.teamId);
  let myStatus: GetTeamResult['myStatus'] = null;
  let manage = false;
  if (openid) {
    const [member, caller] = await Promise.all([findDoc<MemberDoc>(db, MEMBERS, memberId(team._id, openid)), loadCaller(db, openid)]);
    myStatus = member?.status ?? null;
    manage = canManage(caller, teamChain(team));
  }
  return { ...teamItem(team), branchId: team.branchId, pointId: team.pointId, myStatus, canManage: manage };
});

const changeLeaderInput = params<ChangeLeaderParams>()(z.object({ teamId: id('服务队'), leaderOpenid: openidField('新队长'), reason: reasonField }));

/**
 * Staff of the team's unit or above (not the leader) name a new leader: the old leader's role is
 * revoked, the new one granted and made a member. Audited.
 */
export const changeLeader = staffAction({
  input: changeLeaderInput,
  who: "staff of the team's unit or above (not its leader)",
  denied: '只有服务队所属分校或教学点的管理员可以更换队长',
  scopeFirst: true,
  scope: async (input, { db }) => {
    const team = await loadTeam(db, input.teamId);
    return { chain: unitChainOf(team), team };
  },
  run: async (input, ctx): Promise<ChangeLeaderResult> => {
    const { db, now, openid } = ctx;
    const { team } = ctx.target;
    if (team.leaderOpenid === input.leaderOpenid) return { teamId: team._id, leaderOpenid: input.leaderOpenid };
    const leader = await requireLeaderCandidate(db, input.leaderOpenid);
    const res = await db
      .collection(TEAMS)
      .where({ _id: team._id, leaderOpenid: team.leaderOpenid })
      .update({ data: { leaderOpenid: leader._id, leaderName: leader.realName, updatedAt: now } });
    if (res.stats.updated !== 1) throw failedPrecondition('队长刚刚被其他管理员更换过，请刷新后再试');
    if (team.leaderOpenid) await revokeLeaderRole(db, team._id, team.leaderOpenid);
    await grantLeaderRole(db, team._id, leader._id, openid, now);
    await ensureLeaderMembership(db, team._id, leader, openid, now);
    await writeAudit(db, {
      actor: openid,
      action: 'volunteer.team.changeLeader',
      targetType: 'volunteerTeam',
      targetId: team._id,
      scope: teamChain(team),
      before: { leaderOpenid: team.leaderOpenid },
      after: { leaderOpenid: leader._id },
      reason: input.reason,
    });
    return { teamId: team._id, leaderOpenid: leader._id };
  },
});

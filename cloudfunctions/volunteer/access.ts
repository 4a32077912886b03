/**
 * Loading the domain's records by id and naming the units they sit in (their UnitChain), so every
 * leader/staff action asks authz.ts the same question.
 */
import type { UnitChain } from '../_shared/authz';
import type { Database } from '../_shared/cloud';
import { findById } from '../_shared/db';
import { failedPrecondition, notFound, permissionDenied } from '../_shared/errors';
import { findPoint } from '../_shared/org';
import { BRANCHES_COLLECTION, type BranchDoc } from '../_shared/reference';
import { ACTIVITIES, TEAMS, VOLUNTEERS, type ActivityDoc, type TeamDoc, type UnitType, type VolunteerDoc } from './model';

/** A document by id, or null (_shared/db.ts). */
export const findDoc = findById;

export async function findVolunteer(db: Database, openid: string): Promise<VolunteerDoc | null> {
  return findDoc<VolunteerDoc>(db, VOLUNTEERS, openid);
}

/** The caller's volunteer registration, or PERMISSION_DENIED with what to do. */
export async function requireVolunteer(db: Database, openid: string): Promise<VolunteerDoc> {
  const v = await findVolunteer(db, openid);
  if (!v) throw permissionDenied('请先登记成为志愿者（填写姓名和手机号），再进行此操作');
  // Being deleted: nothing new may be attached to it (a retry of `unregister` finishes the deletion).
  if (v.unregisteringAs) throw permissionDenied('您的志愿者信息正在注销，请回到志愿者登记页面再点一次「注销志愿者信息」完成注销');
  return v;
}

export async function loadTeam(db: Database, teamId: string): Promise<TeamDoc> {
  const team = await findDoc<TeamDoc>(db, TEAMS, teamId);
  if (!team || !team.active) throw notFound('没有找到这支志愿服务队，请返回重新选择');
  return team;
}

export async function loadActivity(db: Database, activityId: string): Promise<ActivityDoc> {
  const activity = await findDoc<ActivityDoc>(db, ACTIVITIES, activityId);
  if (!activity) throw notFound('没有找到这个志愿服务活动，请返回重新选择');
  return activity;
}

export function requireActive(activity: ActivityDoc): void {
  if (activity.status === 'cancelled') {
    const why = activity.cancelReason ? `（${activity.cancelReason}）` : '';
    throw failedPrecondition(`这个活动已取消${why}，不能再报名、签到或登记时长，请看看本队的其他活动`);
  }
}

/** Staff of the team's unit or above, and the team's leader. */
export function teamChain(team: Pick<TeamDoc, '_id' | 'branchId' | 'pointId'>): UnitChain {
  return team.pointId ? { branchId: team.branchId, pointId: team.pointId, teamId: team._id } : { branchId: team.branchId, teamId: team._id };
}

/** Staff of the team's unit or above (not the team's own leader). */
export function unitChainOf(team: Pick<TeamDoc, 'branchId' | 'pointId'>): UnitChain {
  return team.pointId ? { branchId: team.branchId, pointId: team.pointId } : { branchId: team.branchId };
}

export function activityChain(a: Pick<ActivityDoc, 'teamId' | 'branchId' | 'pointId'>): UnitChain {
  return a.pointId ? { branchId: a.branchId, pointId: a.pointId, teamId: a.teamId } : { branchId: a.branchId, teamId: a.teamId };
}

export const TEAM_STAFF_WHO = "the team's leader, staff of the team's unit or above";

/** A staffAction over a team (read once, handed over as `target.team`): its leader, or staff of its unit or above. */
export function teamStaff(denied: string) {
  return {
    who: TEAM_STAFF_WHO,
    denied,
    scopeFirst: true,
    scope: async (p: { teamId: string }, { db }: { db: Database }) => {
      const team = await loadTeam(db, p.teamId);
      return { chain: teamChain(team), team };
    },
  };
}

/** A staffAction over an activity (read once, as `target.activity`): its team's leader, or staff of the team's unit or above. */
export function activityStaff(denied: string) {
  return {
    who: TEAM_STAFF_WHO,
    denied,
    scopeFirst: true,
    scope: async (p: { activityId: string }, { db }: { db: Database }) => {
      const activity = await loadActivity(db, p.activityId);
      return { chain: activityChain(activity), activity };
    },
  };
}

export interface Unit {
  unitId: string;
  unitType: UnitType;
  branchId: string;
  pointId: string | null;
  /** For the default team name: the point's name, or the branch's district. */
  shortName: string;
  /** For display: the point's name, or the branch's name (渝中区分校). */
  displayName: string;
  chain: UnitChain;
}

/** A branch (`br_…`) or a teaching point (`pt_…`, or any other id found in `points`). */
export async function loadUnit(db: Database, unitId: string): Promise<Unit> {
  if (unitId.startsWith('br_')) {
    const branch = await findDoc<BranchDoc>(db, BRANCHES_COLLECTION, unitId);
    if (!branch) throw notFound('没有找到这个分校，请返回重新选择');
    return {
      unitId,
      unitType: 'branch',
      branchId: branch._id,
      pointId: null,
      shortName: branch.district,
      displayName: branch.name,
      chain: { branchId: branch._id },
    };
  }
  const point = await findPoint(db, unitId);
  if (!point) throw notFound('没有找到这个教学点，请返回重新选择');
  return {
    unitId,
    unitType: 'point',
    branchId: point.branchId,
    pointId: point._id,
    shortName: point.name,
    displayName: point.name,
    chain: { branchId: point.branchId, pointId: point._id },
  };
}

/** "解放碑社区" + "社区科普大学…": a name already ending in 社区 does not say it twice. */
export function defaultTeamName(unit: Pick<Unit, 'shortName'>): string {
  return `${unit.shortName.replace(/社区$/, '')}社区科普大学科技志愿服务队`;
}

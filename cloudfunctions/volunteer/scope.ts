/**
 * Reports and exports cover a team, a unit (branch or point) or the whole city; each is allowed
 * to the staff of that scope (a team's leader for the team). The approved records of a year are
 * read in pages of 1000 through an index that starts with the scope's field.
 */
import { canManage, type Caller, type UnitChain } from '../_shared/authz';
import type { Database } from '../_shared/cloud';
import { invalidArgument, resourceExhausted } from '../_shared/errors';
import { HEAD_SCHOOL_NAME } from '../_shared/reference';
import { loadTeam, loadUnit, teamChain, unitChainOf } from './access';
import { MEMBERS, RECORDS, TEAMS, type HourRecordDoc, type MemberDoc, type TeamDoc } from './model';

export interface ReportScope {
  name: string;
  /** Equality filter for records and teams. */
  filter: { teamId: string } | { pointId: string } | { branchId: string } | Record<string, never>;
  /** Staff of the unit (not merely a team's leader): entitled to unmasked phones. */
  entitled: boolean;
  /** Every unit above the scope, for audit entries each level's staff can read; whoever manages it may read the scope. */
  chain: UnitChain;
  /** The refusal for a caller who does not. */
  denied: string;
}

export const REPORT_WHO = "the team's leader or staff of its unit; a unit's staff or above; the city: head_admin";

const PAGE = 1000;
const MAX_PAGES = 20;

/** A staffAction's scope for reports and exports: a team, a unit, or (neither given) the city. */
export async function reportScope(input: { teamId?: string; unitId?: string }, { db, caller }: { db: Database; caller: Caller }): Promise<ReportScope> {
  if (input.teamId && input.unitId) throw invalidArgument('请只选择一个服务队或一个单位');
  if (input.teamId) {
    const team = await loadTeam(db, input.teamId);
    const chain = teamChain(team);
    return { name: team.name, filter: { teamId: team._id }, entitled: canManage(caller, unitChainOf(team)), chain, denied: '只有本队队长或所属单位的管理员可以查看本队统计' };
  }
  if (input.unitId) {
    const unit = await loadUnit(db, input.unitId);
    return { name: unit.displayName, filter: unit.pointId ? { pointId: unit.pointId } : { branchId: unit.branchId }, entitled: true, chain: unit.chain, denied: '只有该单位及上级的管理员可以查看统计' };
  }
  return { name: HEAD_SCHOOL_NAME, filter: {}, entitled: true, chain: {}, denied: '只有总校管理员可以查看全市统计，请选择服务队或单位' };
}

export async function approvedRecords(db: Database, scope: ReportScope, year: number): Promise<HourRecordDoc[]> {
  const out: HourRecordDoc[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await db
      .collection<HourRecordDoc>(RECORDS)
      .where({ ...scope.filter, status: 'approved', year })
      .orderBy('startsAt', 'asc')
      .orderBy('_id', 'asc')
      .skip(page * PAGE)
      .limit(PAGE)
      .get();
    out.push(...res.data);
    if (res.data.length < PAGE) return out;
  }
  throw resourceExhausted('数据量过大，请按教学点或服务队分别查看');
}

export async function scopeTeams(db: Database, scope: ReportScope): Promise<TeamDoc[]> {
  const filter = 'teamId' in scope.filter ? { _id: scope.filter.teamId } : scope.filter;
  const res = await db.collection<TeamDoc>(TEAMS).where({ ...filter, active: true }).orderBy('createdAt', 'asc').limit(1000).get();
  return res.data;
}

export async function teamMembers(db: Database, teamIds: string[]): Promise<MemberDoc[]> {
  if (!teamIds.length) return [];
  const res = await db.collection<MemberDoc>(MEMBERS).where({ teamId: db.command.in(teamIds), status: 'member' }).limit(1000).get();
  return res.data;
}

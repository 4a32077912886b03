import type { TeamReportParams, TeamReportResult } from '../../../typings/volunteer';
import { params } from '../../_shared/contract';
import { staffAction } from '../../_shared/handler';
import { id, z } from '../../_shared/validate';
import { yearField } from '../fields';
import { roundHours, type HourRecordDoc } from '../model';
import { approvedRecords, reportScope, REPORT_WHO, scopeTeams } from '../scope';

const input = params<TeamReportParams>()(z.object({ teamId: id('服务队').optional(), unitId: id('单位').optional(), year: yearField }));

interface Tally {
  hours: number;
  records: number;
}

function tally<K>(records: HourRecordDoc[], key: (r: HourRecordDoc) => K): Map<K, Tally> {
  const map = new Map<K, Tally>();
  for (const r of records) {
    const t = map.get(key(r)) ?? { hours: 0, records: 0 };
    t.hours += r.hours;
    t.records += 1;
    map.set(key(r), t);
  }
  return map;
}

const byHours = (a: Tally, b: Tally) => b.hours - a.hours;

/**
 * Approved hours of a year per volunteer, per team, per unit and per key day, for a team (its
 * leader or staff above), a unit (its staff or above) or the city (head admin).
 * Reads: 3 + one per 1000 records.
 */
export const teamReport = staffAction({
  input,
  who: REPORT_WHO,
  scopeFirst: true,
  scope: reportScope,
  run: async (params, ctx): Promise<TeamReportResult> => {
    const { db } = ctx;
    const scope = ctx.target;
    const [records, teams] = await Promise.all([approvedRecords(db, scope, params.year), scopeTeams(db, scope)]);
    const teamById = new Map(teams.map((t) => [t._id, t]));
    const names = new Map(records.map((r) => [r.openid, r.realName]));
    const unitOf = (r: HourRecordDoc) => r.pointId ?? r.branchId;
    const unitNames = new Map(teams.map((t) => [t.unitId, t.unitName]));
    const total = records.reduce((s, r) => s + r.hours, 0);
    return {
      year: params.year,
      scopeName: scope.name,
      totalHours: roundHours(total),
      recordCount: records.length,
      volunteerCount: names.size,
      perVolunteer: Array.from(tally(records, (r) => r.openid))
        .sort((a, b) => byHours(a[1], b[1]))
        .map(([openid, t]) => ({ openid, realName: names.get(openid) ?? '', hours: roundHours(t.hours), records: t.records })),
      perTeam: Array.from(tally(records, (r) => r.teamId))
        .sort((a, b) => byHours(a[1], b[1]))
        .map(([teamId, t]) => ({ teamId, teamName: teamById.get(teamId)?.name ?? records.find((r) => r.teamId === teamId)!.teamName, hours: roundHours(t.hours), records: t.records })),
      perUnit: Array.from(tally(records, unitOf))
        .sort((a, b) => byHours(a[1], b[1]))
        .map(([unitId, t]) => ({ unitId, unitName: unitNames.get(unitId) ?? unitId, hours: roundHours(t.hours), records: t.records })),
      perKeyDay: Array.from(tally(records, (r) => r.keyDay ?? ('其他' as const)))
        .sort((a, b) => byHours(a[1], b[1]))
        .map(([keyDay, t]) => ({ keyDay, hours: roundHours(t.hours), records: t.records })),
    };
  },
});

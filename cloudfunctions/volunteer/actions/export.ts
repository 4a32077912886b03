import { createHash } from 'node:crypto';
import type { ExportParams, ExportResult } from '../../../typings/volunteer';
import { writeAudit } from '../../_shared/audit';
import { params } from '../../_shared/contract';
import { staffAction } from '../../_shared/handler';
import { maskPhone } from '../../_shared/privacy';
import { id, z } from '../../_shared/validate';
import { ID_TYPE, localDate, localTime, toCsv, toXlsx, type Table } from '../export-format';
import { yearField } from '../fields';
import { VOLUNTEERS, roundHours, type VolunteerDoc } from '../model';
import { approvedRecords, reportScope, REPORT_WHO, scopeTeams, teamMembers } from '../scope';

/** A stable, opaque number for a record (its id holds an OPENID, which never leaves the system). */
function recordNumber(recordId: string): string {
  return createHash('sha256').update(recordId).digest('hex').slice(0, 12).toUpperCase();
}

const input = params<ExportParams>()(
  z.object({ teamId: id('服务队').optional(), unitId: id('单位').optional(), year: yearField, format: z.enum(['csv', 'xlsx'], { error: '导出格式只能是 CSV 或 Excel 表格' }) }),
);

/**
 * Leader/staff: teams, persons and approved records of a year in the national system's import
 * layout, as base64 files (CSV: three files; XLSX: one workbook with three sheets). Phones are
 * unmasked only for staff of the unit (see listMembers). Audited (personal data leaves the system).
 */
export const exportRecords = staffAction({
  input,
  who: REPORT_WHO,
  scopeFirst: true,
  scope: reportScope,
  run: async (params, ctx): Promise<ExportResult> => {
    const { db, openid } = ctx;
    const scope = ctx.target;
    const [records, teams] = await Promise.all([approvedRecords(db, scope, params.year), scopeTeams(db, scope)]);
    const members = await teamMembers(
      db,
      teams.map((t) => t._id),
    );
    const openids = Array.from(new Set([...members.map((m) => m.openid), ...records.map((r) => r.openid)]));
    const vols: VolunteerDoc[] = [];
    for (let i = 0; i < openids.length; i += 500) {
      const res = await db.collection<VolunteerDoc>(VOLUNTEERS).where({ _id: db.command.in(openids.slice(i, i + 500)) }).limit(500).get();
      vols.push(...res.data);
    }
    const volById = new Map(vols.map((v) => [v._id, v]));
    const teamById = new Map(teams.map((t) => [t._id, t]));
    const phone = (p: string) => (scope.entitled ? p : maskPhone(p));
    const yearHours = new Map<string, number>();
    for (const r of records) yearHours.set(r.openid, (yearHours.get(r.openid) ?? 0) + r.hours);
    const teamOf = new Map<string, string>();
    for (const m of members) if (!teamOf.has(m.openid)) teamOf.set(m.openid, m.teamId);
    for (const r of records) if (!teamOf.has(r.openid)) teamOf.set(r.openid, r.teamId);

    const teamsTable: Table = {
      name: '服务队',
      header: ['序号', '队伍名称', '所属单位', '队长', '队员人数', '成立日期'],
      rows: teams.map((t, i) => [i + 1, t.name, t.unitName, t.leaderName ?? '', t.memberCount, localDate(t.createdAt)]),
    };
    const personsTable: Table = {
      name: '志愿者',
      header: ['序号', '姓名', '证件类型', '证件号码', '手机号码', '服务技能', '所属服务队', '所属单位', '注册日期', `${params.year}年服务时长（小时）`, '累计服务时长（小时）'],
      rows: openids
        .filter((o) => volById.has(o))
        .map((o, i) => {
          const v = volById.get(o)!;
          const team = teamById.get(teamOf.get(o) ?? '');
          return [i + 1, v.realName, ID_TYPE, '', phone(v.phone), v.skills.join('、'), team?.name ?? '', team?.unitName ?? '', localDate(v.registeredAt), roundHours(yearHours.get(o) ?? 0), roundHours(v.approvedHours)];
        }),
    };
    const recordsTable: Table = {
      name: '服务时长',
      header: ['序号', '姓名', '证件类型', '证件号码', '手机号码', '活动名称', '服务开始时间', '服务结束时间', '服务时长（小时）', '记录方式', '主题日', '服务队', '记录编号'],
      rows: records.map((r, i) => {
        const v = volById.get(r.openid);
        const started = r.signInAt ?? r.startsAt;
        const ended = r.signOutAt ?? new Date(started.getTime() + r.hours * 3_600_000);
        return [i + 1, r.realName, ID_TYPE, '', v ? phone(v.phone) : '', r.activityTitle, localTime(started), localTime(ended), r.hours, r.source === 'onsite' ? '现场签到签退' : '事后登记审核', r.keyDay ?? '', r.teamName, recordNumber(r._id)];
      }),
    };
    const tables = [teamsTable, personsTable, recordsTable];
    const base = `科技志愿服务_${scope.name}_${params.year}`;
    const files =
      params.format === 'xlsx'
        ? [{ name: `${base}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64: (await toXlsx(tables)).toString('base64'), rows: personsTable.rows.length + recordsTable.rows.length }]
        : tables.map((t) => ({ name: `${base}_${t.name}.csv`, mimeType: 'text/csv', base64: toCsv(t).toString('base64'), rows: t.rows.length }));
    await writeAudit(db, {
      actor: openid,
      action: 'volunteer.export',
      targetType: 'volunteerExport',
      targetId: base,
      scope: scope.chain,
      after: { format: params.format, persons: personsTable.rows.length, records: recordsTable.rows.length, phonesMasked: !scope.entitled },
    });
    return { files };
  },
});

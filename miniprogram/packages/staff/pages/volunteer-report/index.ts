import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { messageOf, ServiceError } from '../../../../services/transport';
import { me } from '../../../../services/user';
import { exportUnit, unitReport, type TeamReportResult } from '../../../../services/volunteer';
import { scopeDrill } from '../../scope-drill';
import { NO_SCOPE_MESSAGE, recentYears, scopesOf, type StaffScope } from '../../scopes';
import { openWorkbook, saveFile, shareFile, type SavedFile } from './files';
import { showError } from '../../../../utils/alert';

const VOLUNTEERS_PER_SCREEN = 20;
const TEAM_REPORT_URL = '/packages/staff/pages/team-report/index';

interface Line {
  key: string;
  name: string;
  hours: number;
  records: number;
  unitId?: string;
}

let allVolunteers: Line[] = [];

/** A failure of the phone (writing or opening a file), not of the service. */
function fileMessage(err: unknown): string {
  return err instanceof ServiceError ? err.message : '文件没有保存或打开成功，请检查手机存储空间后重试';
}

// Branch / head staff (and point staff): approved volunteer hours of a year for their unit or the
// city, per unit, team, key day and volunteer, with the export for the national volunteer system.
Component({
  behaviors: [elderMode, scopeDrill],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    scopes: [] as StaffScope[],
    trail: [] as StaffScope[],
    scope: null as StaffScope | null,
    years: [] as number[],
    yearIndex: 0,
    report: null as TeamReportResult | null,
    units: [] as Line[],
    teams: [] as Line[],
    keyDays: [] as Line[],
    volunteers: [] as Line[],
    hasMoreVolunteers: false,
    exporting: '',
    exportError: '',
    csvFiles: [] as SavedFile[],
    /** A team leader without a unit role: links to the report of each of their teams. */
    teamLinks: [] as { key: string; label: string; url: string }[],
  },
  methods: {
    onLoad() {
      this.setData({ years: recentYears() });
      this.start();
    },

    year(): number {
      return this.data.years[this.data.yearIndex];
    },

    async start() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const roles = (await me()).roles;
        const scopes = scopesOf(roles);
        if (!scopes.length) {
          const teamLinks = roles
            .filter((r) => r.role === 'team_leader' && r.scopeId)
            .map((r) => ({ key: r.scopeId!, label: r.scopeName || '本服务队', url: `${TEAM_REPORT_URL}?teamId=${encodeURIComponent(r.scopeId!)}` }));
          this.setData({ status: 'error', errorText: teamLinks.length ? '队长请查看本队的统计与导出：' : NO_SCOPE_MESSAGE, teamLinks });
          return;
        }
        this.setData({ scopes, scope: scopes[0], trail: [] });
        await this.load();
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    async load() {
      const scope = this.data.scope;
      if (!scope) return this.start();
      this.setData({ status: 'loading', errorText: '', csvFiles: [], exportError: '' });
      try {
        const report = await unitReport(scope.unitId || undefined, this.year());
        allVolunteers = report.perVolunteer.map((v) => ({ key: v.openid, name: v.realName, hours: v.hours, records: v.records }));
        this.setData({
          report,
          // A point is the smallest unit: its only row would repeat the total.
          units: scope.level === 'point' ? [] : report.perUnit.map((u) => ({ key: u.unitId, unitId: u.unitId, name: u.unitName, hours: u.hours, records: u.records })),
          teams: report.perTeam.map((t) => ({ key: t.teamId, name: t.teamName, hours: t.hours, records: t.records })),
          keyDays: report.perKeyDay.map((k) => ({ key: k.keyDay, name: k.keyDay, hours: k.hours, records: k.records })),
          volunteers: allVolunteers.slice(0, VOLUNTEERS_PER_SCREEN),
          hasMoreVolunteers: allVolunteers.length > VOLUNTEERS_PER_SCREEN,
          status: report.recordCount ? 'ready' : 'empty',
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    onTeam(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: e.currentTarget.dataset.url as string });
    },

    onYear(e: WechatMiniprogram.PickerChange) {
      this.setData({ yearIndex: Number(e.detail.value) });
      this.load();
    },

    onMoreVolunteers() {
      const shown = this.data.volunteers.length + VOLUNTEERS_PER_SCREEN;
      this.setData({ volunteers: allVolunteers.slice(0, shown), hasMoreVolunteers: allVolunteers.length > shown });
    },

    async onExport(e: WechatMiniprogram.TouchEvent) {
      const format = e.currentTarget.dataset.format as 'csv' | 'xlsx';
      const scope = this.data.scope;
      if (this.data.exporting || !scope) return;
      this.setData({ exporting: format, exportError: '', csvFiles: [] });
      let files;
      try {
        files = (await exportUnit(scope.unitId || undefined, this.year(), format)).files;
      } catch (err) {
        this.setData({ exporting: '', exportError: messageOf(err) });
        return;
      }
      try {
        const saved: SavedFile[] = [];
        for (const f of files) saved.push(await saveFile(f));
        if (format === 'xlsx') await openWorkbook(saved[0]);
        else this.setData({ csvFiles: saved });
      } catch (err) {
        this.setData({ exportError: fileMessage(err) });
      }
      this.setData({ exporting: '' });
    },

    async onShareCsv(e: WechatMiniprogram.TouchEvent) {
      const file = this.data.csvFiles[Number(e.currentTarget.dataset.index)];
      if (!file) return;
      try {
        await shareFile(file);
      } catch (err) {
        // Closing the chat picker is not an error worth a message.
        if (!/cancel/i.test(err instanceof Error ? err.message : '')) showError('发送没有成功，请重试');
      }
    },
  },
});

import { elderMode } from '../../../../behaviors/elder-mode';
import { loadInto } from '../../../../utils/load-state';
import type { ViewStatus } from '../../../../components/state-view/type';
import { messageOf } from '../../../../services/transport';
import { exportTeam, shanghaiYearNow, teamReport, type TeamReportResult } from '../../../../services/volunteer';
import { showError } from '../../../../utils/alert';

// Team leader / staff: approved hours of a year (per volunteer and key day) and the export for the
// national volunteer service information system (XLSX opened in WeChat, or CSV files shared).
Component({
  behaviors: [elderMode],
  data: {
    teamId: '',
    years: [] as number[],
    yearIndex: 0,
    status: 'loading' as ViewStatus,
    errorText: '',
    report: null as TeamReportResult | null,
    exporting: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const now = shanghaiYearNow();
      this.setData({ teamId: query.teamId || '', years: [now, now - 1, now - 2, now - 3] });
      this.load();
    },

    year(): number {
      return this.data.years[this.data.yearIndex];
    },

    load() {
      return loadInto(this, () => teamReport(this.data.teamId, this.year()), (report) => ({ report, status: report.recordCount ? 'ready' : 'empty' }));
    },

    onRetry() {
      this.load();
    },

    onYear(e: WechatMiniprogram.PickerChange) {
      this.setData({ yearIndex: Number(e.detail.value) });
      this.load();
    },

    async onExport(e: WechatMiniprogram.TouchEvent) {
      const format = e.currentTarget.dataset.format as 'csv' | 'xlsx';
      if (this.data.exporting) return;
      this.setData({ exporting: format });
      try {
        const { files } = await exportTeam(this.data.teamId, this.year(), format);
        const fs = wx.getFileSystemManager();
        const paths = files.map((f) => {
          const path = `${wx.env.USER_DATA_PATH}/${f.name}`;
          fs.writeFileSync(path, f.base64, 'base64');
          return { path, name: f.name };
        });
        if (format === 'xlsx') {
          wx.openDocument({ filePath: paths[0].path, fileType: 'xlsx', showMenu: true });
        } else {
          for (const p of paths) wx.shareFileMessage({ filePath: p.path, fileName: p.name });
        }
      } catch (err) {
        showError(messageOf(err));
      }
      this.setData({ exporting: '' });
    },
  },
});

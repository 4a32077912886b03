import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { exportSheet, openSheet } from '../../../../services/sheet';
import { statsBreakdown, statsNational, statsOverview, statsTrend, type BreakdownRow, type NationalFigures, type Overview, type TrendResult } from '../../../../services/stats';
import { messageOf, ServiceError } from '../../../../services/transport';
import { showError } from '../../../../utils/alert';
import type { ChartPoint } from '../../components/chart-draw';
import { NO_SCOPE_MESSAGE, recentYears, startOnScopes, type StaffScope } from '../../scopes';

type Metric = 'coursesHeld' | 'attendances' | 'approvedHours' | 'quizAttempts';
const METRICS: Array<{ key: Metric; label: string; unit: string }> = [
  { key: 'coursesHeld', label: '开课', unit: '次' },
  { key: 'attendances', label: '签到', unit: '人次' },
  { key: 'approvedHours', label: '服务时长', unit: '小时' },
  { key: 'quizAttempts', label: '竞答', unit: '人次' },
];

interface Figure {
  key: string;
  label: string;
  value: number;
  unit: string;
}

function figuresOf(o: Overview): Figure[] {
  return [
    { key: 'learners', label: '在册学员', value: o.learners.total, unit: '人' },
    { key: 'held', label: '开课', value: o.courses.held, unit: '次' },
    { key: 'attendances', label: '签到', value: o.courses.attendances, unit: '人次' },
    { key: 'volunteers', label: '志愿者', value: o.volunteers.registered, unit: '人' },
    { key: 'hours', label: '志愿服务', value: o.volunteers.approvedHours, unit: '小时' },
    { key: 'quiz', label: '竞答参与', value: o.quizzes.participants, unit: '人' },
  ];
}

interface NationalGroup {
  key: string;
  title: string;
  figures: Figure[];
}

// The rows of the national science-popularisation report (全国科普统计报表), in its own wording.
function nationalOf(n: NationalFigures): NationalGroup[] {
  const sessions = (key: string, title: string, f: NationalFigures['lectures']): NationalGroup => ({
    key,
    title,
    figures: [
      { key: `${key}-sessions`, label: '场次', value: f.sessions, unit: '场' },
      { key: `${key}-participants`, label: '人次', value: f.participants, unit: '人次' },
    ],
  });
  return [
    {
      key: 'staff',
      title: '科普人员',
      figures: [
        { key: 'staff-lecturers', label: '兼职讲师', value: n.staff.lecturers, unit: '人' },
        { key: 'staff-volunteers', label: '志愿者', value: n.staff.volunteers, unit: '人' },
        { key: 'staff-total', label: '合计', value: n.staff.total, unit: '人' },
      ],
    },
    sessions('lectures', '科普讲座', n.lectures),
    sessions('contests', '科普竞赛', n.contests),
    sessions('activities', '志愿活动', n.volunteerActivities),
    {
      key: 'keydays',
      title: '重大科普活动',
      figures: [
        { key: 'keyday-science', label: '全国科普日', value: n.keyDays['全国科普日'], unit: '项' },
        { key: 'keyday-week', label: '科技活动周', value: n.keyDays['科技活动周'], unit: '项' },
        { key: 'keyday-workers', label: '科技工作者日', value: n.keyDays['科技工作者日'], unit: '项' },
      ],
    },
  ];
}

let rows: BreakdownRow[] = [];
let trend: TrendResult['years'] = [];
let seq = 0;

// Staff: a unit's yearly figures (the city, a branch or a point, as far as the caller may see), each
// unit below it as bars, five years as a line, and the figures as a spreadsheet.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    scopes: [] as StaffScope[],
    scope: null as StaffScope | null,
    years: recentYears(),
    year: recentYears()[0],
    figures: [] as Figure[],
    gender: '',
    metrics: METRICS,
    metric: 'coursesHeld' as Metric,
    unitTitle: '',
    bars: [] as ChartPoint[],
    line: [] as ChartPoint[],
    metricUnit: '次',
    exporting: false,
    exportText: '',
    nationalStatus: 'loading' as ViewStatus,
    nationalError: '',
    national: [] as NationalGroup[],
  },
  methods: {
    onLoad() {
      this.start();
    },

    start() {
      return startOnScopes(this);
    },

    async load() {
      const scope = this.data.scope;
      if (!scope) return this.start();
      const mine = ++seq;
      const year = this.data.year;
      const unit = scope.level === 'city' ? {} : { unitId: scope.unitId };
      this.setData({ status: 'loading', errorText: '', exportText: '' });
      this.loadNational(mine);
      try {
        const [o, b, t] = await Promise.all([
          statsOverview({ scope: scope.level, ...unit, year }),
          scope.level === 'point' ? Promise.resolve({ rows: [] as BreakdownRow[] }) : statsBreakdown({ scope: scope.level, ...unit, year }),
          statsTrend({ scope: scope.level, ...unit, year }),
        ]);
        if (mine !== seq) return;
        rows = b.rows;
        trend = t.years;
        this.setData({
          status: 'ready',
          figures: figuresOf(o),
          gender: `男 ${o.learners.male} 人 · 女 ${o.learners.female} 人 · 竞答 ${o.quizzes.attempts} 人次`,
          unitTitle: scope.level === 'city' ? '各分校' : '各教学点',
        });
        this.chart();
      } catch (err) {
        if (mine !== seq) return;
        const denied = err instanceof ServiceError && err.code === 'PERMISSION_DENIED';
        this.setData({ status: 'error', errorText: denied ? NO_SCOPE_MESSAGE : messageOf(err) });
      }
    },

    // Its own loading and error inside the page: a failure here leaves the overview standing.
    async loadNational(mine = seq) {
      const scope = this.data.scope;
      if (!scope) return;
      this.setData({ nationalStatus: 'loading', nationalError: '' });
      try {
        const n = await statsNational({ scope: scope.level, ...(scope.level === 'city' ? {} : { unitId: scope.unitId }), year: this.data.year });
        if (mine !== seq) return;
        this.setData({ nationalStatus: 'ready', national: nationalOf(n) });
      } catch (err) {
        if (mine !== seq) return;
        const denied = err instanceof ServiceError && err.code === 'PERMISSION_DENIED';
        this.setData({ nationalStatus: 'error', nationalError: denied ? NO_SCOPE_MESSAGE : messageOf(err) });
      }
    },

    onNationalRetry() {
      this.loadNational();
    },

    chart() {
      const metric = this.data.metric;
      const sorted = rows.slice().sort((a, b) => b[metric] - a[metric]);
      this.setData({
        bars: sorted.map((r) => ({ label: r.unitName, value: r[metric] })),
        line: trend.map((y) => ({ label: `${y.year}年`, value: y[metric] })),
        metricUnit: METRICS.find((m) => m.key === metric)!.unit,
      });
    },

    onRetry() {
      this.load();
    },

    onScope(e: WechatMiniprogram.TouchEvent) {
      const scope = this.data.scopes.find((s) => s.key === String(e.currentTarget.dataset.key));
      if (!scope) return;
      this.setData({ scope });
      this.load();
    },

    onYear(e: WechatMiniprogram.TouchEvent) {
      this.setData({ year: Number(e.currentTarget.dataset.year) });
      this.load();
    },

    onMetric(e: WechatMiniprogram.TouchEvent) {
      this.setData({ metric: String(e.currentTarget.dataset.key) as Metric });
      this.chart();
    },

    async onExport() {
      const scope = this.data.scope;
      if (!scope || this.data.exporting) return;
      this.setData({ exporting: true, exportText: '' });
      try {
        const file = await exportSheet({
          kind: 'stats_overview',
          scope: scope.level,
          ...(scope.level === 'city' ? {} : { unitId: scope.unitId }),
          year: this.data.year,
        });
        this.setData({ exportText: `已生成表格「${file.fileName}」` });
        await openSheet(file.url);
      } catch (err) {
        showError(err instanceof ServiceError ? err.message : '表格没有打开，请稍后再试', '没有导出');
      } finally {
        this.setData({ exporting: false });
      }
    },
  },
});

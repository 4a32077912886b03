import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { applyDemo, demoFigures, listDemoApplications, type DemoApplicationView } from '../../../../services/school';
import { messageOf } from '../../../../services/transport';
import { me } from '../../../../services/user';
import { loadInto } from '../../../../utils/load-state';
import { shanghaiYear } from '../../../../utils/time';
import { pointsOf, type PointChoice } from '../../point-pick';
import { dateText, demoRoundYear, figureLines } from '../../school-figures';

const STATUS_NAMES: Record<DemoApplicationView['status'], string> = { pending: '等待总校审核', approved: '已通过', rejected: '未通过' };

interface AppRow {
  applicationId: string;
  text: string;
  detail: string;
}

// Branch: apply for one of its points to become a demonstration point, with a statement; the figures attached are shown before sending.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    years: [] as number[],
    yearIndex: 0,
    points: [] as PointChoice[],
    pointNames: [] as string[],
    pointIndex: 0,
    figures: [] as string[],
    figuresError: '',
    deadlineText: '',
    statement: '',
    applications: [] as AppRow[],
    busy: false,
    formError: '',
    notice: '',
  },
  methods: {
    async onLoad() {
      const now = shanghaiYear();
      this.setData({ years: [now, now + 1], yearIndex: demoRoundYear() > now ? 1 : 0 });
      try {
        const { roles } = await me();
        if (!roles.some((r) => r.role === 'branch_admin')) {
          this.setData({ status: 'error', errorText: '示范教学点由教学点所属分校的管理员申报' });
          return;
        }
        const points = (await pointsOf(roles.filter((r) => r.role === 'branch_admin'))).filter((p) => !p.isDemo);
        this.setData({ points, pointNames: points.map((p) => p.name) });
        await this.load();
      } catch (error) {
        this.setData({ status: 'error', errorText: messageOf(error) });
      }
    },

    async load() {
      const year = this.data.years[this.data.yearIndex];
      const loaded = await loadInto(this, () => listDemoApplications(year), ({ items, deadline }) => {
        const applications = items.map((a) => ({
          applicationId: a.applicationId,
          text: `${a.pointName}：${STATUS_NAMES[a.status]}${a.title ? `（${a.title}）` : ''}`,
          detail: a.reason ? `理由：${a.reason}` : '',
        }));
        const applied = new Set(items.map((a) => a.pointId));
        const points = this.data.points.filter((p) => !applied.has(p.id));
        return {
          applications,
          points,
          pointNames: points.map((p) => p.name),
          pointIndex: Math.min(this.data.pointIndex, Math.max(0, points.length - 1)),
          deadlineText: `${year}年申报截止到${dateText(deadline)}（当天24点前）`,
          status: 'ready' as const,
        };
      });
      if (loaded) await this.loadFigures();
    },

    async loadFigures() {
      const point = this.data.points[this.data.pointIndex];
      if (!point) {
        this.setData({ figures: [], figuresError: '' });
        return;
      }
      try {
        const f = await demoFigures(point.id, this.data.years[this.data.yearIndex]);
        this.setData({ figures: figureLines(f), figuresError: '' });
      } catch (error) {
        this.setData({ figures: [], figuresError: messageOf(error) });
      }
    },

    onRetry() {
      this.onLoad();
    },
    onYear(e: WechatMiniprogram.PickerChange) {
      this.setData({ yearIndex: Number(e.detail.value), notice: '', formError: '' });
      this.load();
    },
    onPoint(e: WechatMiniprogram.PickerChange) {
      this.setData({ pointIndex: Number(e.detail.value), formError: '' });
      this.loadFigures();
    },
    onStatement(e: WechatMiniprogram.Input) {
      this.setData({ statement: e.detail.value });
    },

    async onApply() {
      if (this.data.busy) return;
      const point = this.data.points[this.data.pointIndex];
      const statement = this.data.statement.trim();
      if (!point) {
        this.setData({ formError: '本分校没有可以申报的教学点' });
        return;
      }
      if (statement.length < 10) {
        this.setData({ formError: '请写明申报理由（至少10个字）' });
        return;
      }
      this.setData({ busy: true, formError: '', notice: '' });
      try {
        await applyDemo(point.id, this.data.years[this.data.yearIndex], statement);
        this.setData({ statement: '', notice: `${point.name}的申报已提交，请等待总校审核` });
        await this.load();
      } catch (error) {
        this.setData({ formError: messageOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});

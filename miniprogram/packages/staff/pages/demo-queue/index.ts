import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { listDemoApplications, reviewDemo } from '../../../../services/school';
import { messageOf } from '../../../../services/transport';
import { loadInto } from '../../../../utils/load-state';
import { shanghaiYear } from '../../../../utils/time';
import { dateText, demoRoundYear, figureLines } from '../../school-figures';

interface Row {
  applicationId: string;
  title: string;
  statement: string;
  figures: string[];
  appliedText: string;
}

// Head school: the pending demonstration-point applications with their figures; approve (the point is named) or reject with a reason.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    years: [] as number[],
    yearIndex: 0,
    rows: [] as Row[],
    reasons: {} as Record<string, string>,
    errorId: '',
    rowError: '',
    notice: '',
    busy: false,
  },
  methods: {
    onLoad() {
      const now = shanghaiYear();
      this.setData({ years: [now, now + 1, now - 1], yearIndex: demoRoundYear() > now ? 1 : 0 });
      this.load();
    },
    async load() {
      await loadInto(this, () => listDemoApplications(this.data.years[this.data.yearIndex], 'pending'), ({ items }) => {
        const rows = items.map((a) => ({
          applicationId: a.applicationId,
          title: `${a.branchName} · ${a.pointName}`,
          statement: a.statement,
          figures: figureLines(a.figures),
          appliedText: `${dateText(a.appliedAt)}申报`,
        }));
        return { rows, status: rows.length ? 'ready' : 'empty' };
      });
    },
    onRetry() {
      this.load();
    },
    onYear(e: WechatMiniprogram.PickerChange) {
      this.setData({ yearIndex: Number(e.detail.value), notice: '' });
      this.load();
    },
    onReason(e: WechatMiniprogram.Input) {
      this.setData({ [`reasons.${e.currentTarget.dataset.id as string}`]: e.detail.value });
    },
    async decide(applicationId: string, approve: boolean) {
      if (this.data.busy) return;
      const reason = (this.data.reasons[applicationId] ?? '').trim();
      if (!approve && !reason) {
        this.setData({ errorId: applicationId, rowError: '不予通过时请填写理由', notice: '' });
        return;
      }
      const row = this.data.rows.find((r) => r.applicationId === applicationId);
      this.setData({ busy: true, errorId: '', rowError: '', notice: '' });
      try {
        const res = await reviewDemo(applicationId, approve, reason || undefined);
        await this.load();
        this.setData({ notice: approve ? `${row?.title ?? ''}已命名为示范教学点（${res.title ?? ''}）` : `${row?.title ?? ''}的申报未通过，已通知分校` });
      } catch (error) {
        this.setData({ errorId: applicationId, rowError: messageOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
    onApprove(e: WechatMiniprogram.TouchEvent) {
      this.decide(e.currentTarget.dataset.id as string, true);
    },
    onReject(e: WechatMiniprogram.TouchEvent) {
      this.decide(e.currentTarget.dataset.id as string, false);
    },
  },
});

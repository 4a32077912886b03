import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { CASE_STATUS_NAMES, figuresText, fundCase, listCases, selectCase, type CaseItem, type CaseStatus } from '../../../../services/cases';
import { messageOf } from '../../../../services/transport';
import { recentYears } from '../../scopes';

interface Row extends CaseItem {
  figuresLine: string;
  statusName: string;
  fundingLine: string;
}

const TABS: CaseStatus[] = ['submitted', 'selected', 'notSelected'];

function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

// The head school selects outstanding cases from every branch's submissions and records their funding.
Component({
  behaviors: [elderMode],
  data: {
    years: [] as number[],
    year: 0,
    tabs: TABS.map((s) => ({ code: s, name: CASE_STATUS_NAMES[s] })),
    tab: 'submitted' as CaseStatus,
    status: 'loading' as ViewStatus,
    errorText: '',
    items: [] as Row[],
    busy: false,
    actionError: '',
    notice: '',
    funding: '',
    amount: '',
    round: '',
    date: '',
  },
  methods: {
    onLoad() {
      const years = recentYears().slice(0, 2);
      this.setData({ years, year: years[0], round: `${years[0]}年度`, date: today() });
      this.load();
    },

    async load() {
      this.setData({ status: 'loading' });
      try {
        const page = await listCases(this.data.year, this.data.tab);
        const items = page.items.map((c) => ({
          ...c,
          figuresLine: figuresText(c.activityKind, c.figures),
          statusName: CASE_STATUS_NAMES[c.status],
          fundingLine: c.funding ? `已资助 ${c.funding.amount} 元（${c.funding.round}，${c.funding.date}）` : '',
        }));
        this.setData({ items, status: items.length ? 'ready' : 'empty' });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    onYear(e: WechatMiniprogram.TouchEvent) {
      const year = Number(e.currentTarget.dataset.year);
      this.setData({ year, round: `${year}年度`, funding: '', actionError: '', notice: '' });
      this.load();
    },

    onTab(e: WechatMiniprogram.TouchEvent) {
      this.setData({ tab: e.currentTarget.dataset.code as CaseStatus, funding: '', actionError: '', notice: '' });
      this.load();
    },

    async run(work: () => Promise<unknown>, notice: string) {
      if (this.data.busy) return;
      this.setData({ busy: true, actionError: '', notice: '' });
      try {
        await work();
        this.setData({ notice, funding: '' });
        await this.load();
      } catch (err) {
        this.setData({ actionError: messageOf(err) });
      } finally {
        this.setData({ busy: false });
      }
    },

    onSelect(e: WechatMiniprogram.TouchEvent) {
      const caseId = String(e.currentTarget.dataset.id);
      const selected = e.currentTarget.dataset.selected === true || e.currentTarget.dataset.selected === 'true';
      wx.showModal({
        title: selected ? '评为入选' : '不入选',
        editable: true,
        placeholderText: '评选意见（可不填）',
        success: (res) => {
          if (!res.confirm) return;
          const note = (res.content || '').trim();
          this.run(() => selectCase(caseId, selected, note || undefined), selected ? '已评为入选' : '已标记为不入选');
        },
      });
    },

    onOpenFunding(e: WechatMiniprogram.TouchEvent) {
      this.setData({ funding: String(e.currentTarget.dataset.id), amount: '', actionError: '' });
    },

    onInput(e: WechatMiniprogram.Input) {
      const field = e.currentTarget.dataset.field as 'amount' | 'round';
      this.setData({ [field]: e.detail.value });
    },

    onDate(e: WechatMiniprogram.PickerChange) {
      this.setData({ date: String(e.detail.value) });
    },

    onFund() {
      const amount = Number(this.data.amount);
      if (!this.data.amount.trim() || !Number.isFinite(amount) || amount <= 0) {
        this.setData({ actionError: '请填写资助金额（元），如 3000' });
        return;
      }
      if (!this.data.round.trim()) {
        this.setData({ actionError: '请填写资助批次，如 2026年度' });
        return;
      }
      const caseId = this.data.funding;
      this.run(() => fundCase({ caseId, amount, round: this.data.round.trim(), date: this.data.date }), `已登记资助 ${amount} 元`);
    },
  },
});

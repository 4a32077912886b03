import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { listPlans, reviewPlan, type PlanListItem } from '../../../../services/school';
import { messageOf } from '../../../../services/transport';
import { loadInto } from '../../../../utils/load-state';
import { recentYears } from '../../scopes';

// Branch / head school: the teaching plans waiting for review; approve, or return with comments.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    notice: '',
    years: [] as number[],
    yearIndex: 0,
    rows: [] as PlanListItem[],
    comments: {} as Record<string, string>,
  },
  methods: {
    onLoad() {
      const years = recentYears();
      this.setData({ years: [years[0] + 1, ...years], yearIndex: 1 });
      this.load();
    },
    async load() {
      await loadInto(this, () => listPlans(this.data.years[this.data.yearIndex], 'submitted'), ({ items }) => ({ rows: items, status: items.length ? 'ready' : 'empty' }));
    },
    onYear(e: WechatMiniprogram.PickerChange) {
      this.setData({ yearIndex: Number(e.detail.value) });
      this.load();
    },
    onRetry() {
      this.load();
    },
    onComment(e: WechatMiniprogram.Input) {
      const id = e.currentTarget.dataset.id as string;
      this.setData({ [`comments.${id}`]: e.detail.value });
    },
    async decide(planId: string, approve: boolean) {
      const comment = (this.data.comments[planId] ?? '').trim();
      if (!approve && !comment) {
        this.setData({ notice: '退回时请先填写修改意见' });
        return;
      }
      try {
        await reviewPlan(planId, approve, comment || undefined);
        const name = this.data.rows.find((r) => r.planId === planId)?.pointName ?? '';
        this.setData({ notice: `${name}的计划已${approve ? '通过' : '退回修改'}` });
        await this.load();
      } catch (error) {
        this.setData({ notice: messageOf(error) });
      }
    },
    onApprove(e: WechatMiniprogram.TouchEvent) {
      this.decide(e.currentTarget.dataset.id as string, true);
    },
    onReturn(e: WechatMiniprogram.TouchEvent) {
      this.decide(e.currentTarget.dataset.id as string, false);
    },
  },
});

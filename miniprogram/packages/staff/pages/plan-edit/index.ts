import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import type { Topic } from '../../../../../typings/course';
import type { AgeBand, PlanGroups, PlanKeyDay, PlanStatus, SavePlanParams } from '../../../../../typings/school';
import type { Gender, Occupation } from '../../../../../typings/user';
import { getPlan, planProgress, PLAN_STATUS_NAMES, savePlan, submitPlan, type MonthProgress, type PlanItem } from '../../../../services/school';
import { messageOf } from '../../../../services/transport';
import { loadInto } from '../../../../utils/load-state';
import { OCCUPATION_OPTIONS } from '../../../../services/user';
import { KEY_DAYS } from '../../../../services/volunteer';
import { TOPIC_LABELS, TOPICS } from '../../../../utils/topics';
import { shanghaiYear } from '../../../../utils/time';
import { chosen, openSchoolPage, pointYearData, pointYearPick } from '../../point-pick';

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const AGE_BANDS: Array<{ code: AgeBand; name: string }> = [
  { code: 'under_50', name: '50岁以下' },
  { code: '50_59', name: '50至59岁' },
  { code: '60_69', name: '60至69岁' },
  { code: '70_79', name: '70至79岁' },
  { code: '80_plus', name: '80岁及以上' },
];
const GENDERS: Array<{ code: Gender; name: string }> = [
  { code: 'male', name: '男' },
  { code: 'female', name: '女' },
];

interface Row {
  month: number;
  topic: Topic;
  topicName: string;
  count: number;
  title: string;
  comment: string;
}
interface Chip {
  code: string;
  name: string;
  on: boolean;
}
interface KeyDayRow {
  keyDay: PlanKeyDay['keyDay'];
  title: string;
}
interface MonthRow {
  month: number;
  text: string;
  slipping: boolean;
}

function chips<T extends string>(all: Array<{ code: T; name: string }>, on: T[] | undefined): Chip[] {
  return all.map((a) => ({ code: a.code, name: a.name, on: (on ?? []).indexOf(a.code) >= 0 }));
}

function monthRows(months: MonthProgress[]): MonthRow[] {
  return months
    .filter((m) => m.planned > 0 || m.held > 0)
    .map((m) => ({
      month: m.month,
      slipping: m.slipping,
      text: `${m.month}月：计划 ${m.planned} 次，已开 ${m.held} 次（累计 ${m.cumulativeHeld} / ${m.cumulativePlanned}）`,
    }));
}

// A teaching point's yearly plan: courses by month and topic, target groups, key-day activities, note; save, submit, the review's comments and the progress.
Component({
  behaviors: [elderMode, pointYearPick],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    ...pointYearData(),
    planId: '',
    planStatus: 'none' as PlanStatus | 'none',
    statusText: '',
    editable: true,
    reviewComment: '',
    dueText: '',
    rows: [] as Row[],
    monthNames: MONTHS.map((m) => `${m}月`),
    topicNames: TOPICS.map((t) => TOPIC_LABELS[t]),
    newMonth: 0,
    newTopic: 0,
    newCount: '1',
    ageBands: [] as Chip[],
    genders: [] as Chip[],
    occupations: [] as Chip[],
    keyDayNames: KEY_DAYS as string[],
    keyDays: [] as KeyDayRow[],
    newKeyDay: 0,
    newKeyDayTitle: '',
    note: '',
    planned: 0,
    progressText: '',
    months: [] as MonthRow[],
    slipping: false,
    busy: false,
    formError: '',
    notice: '',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const now = shanghaiYear();
      const years = [now, now + 1];
      const yearIndex = query.year && Number(query.year) === now + 1 ? 1 : 0;
      this.setData({ years, yearIndex });
      await openSchoolPage(this, query.pointId);
    },

    async load() {
      const { pointId, year } = chosen(this.data);
      await loadInto(
        this,
        () => Promise.all([getPlan(pointId, year), planProgress(pointId, year)]),
        ([{ plan, template }, progress]) => {
          const source: { items: PlanItem[]; keyDays: PlanKeyDay[]; note: string; groups: PlanGroups } = plan ?? (template ? { items: template.items, keyDays: template.keyDays, note: '', groups: {} } : { items: [], keyDays: [], note: '', groups: {} });
          const comments = plan && plan.status === 'returned' ? plan.itemComments : [];
          const rows: Row[] = source.items.map((i: PlanItem, index: number) => ({
            month: i.month,
            topic: i.topic,
            topicName: TOPIC_LABELS[i.topic],
            count: i.count,
            title: i.title ?? '',
            comment: comments.filter((c) => c.index === index).map((c) => c.comment).join('；'),
          }));
          const status: PlanStatus | 'none' = plan ? plan.status : 'none';
          return {
            planId: plan?.planId ?? '',
            planStatus: status,
            statusText: PLAN_STATUS_NAMES[status],
            editable: status === 'none' || status === 'draft' || status === 'returned',
            reviewComment: plan && plan.status === 'returned' ? (plan.reviewComment ?? '') : '',
            dueText: template ? `总校要求于 ${template.dueAt.slice(0, 10)} 前提交${template.note ? `。${template.note}` : ''}` : '',
            rows,
            ageBands: chips(AGE_BANDS, source.groups.ageBands),
            genders: chips(GENDERS, source.groups.genders),
            occupations: chips(OCCUPATION_OPTIONS.map((o) => ({ code: o.value, name: o.label })), source.groups.occupations),
            keyDays: source.keyDays.map((k) => ({ keyDay: k.keyDay, title: k.title })),
            note: source.note,
            planned: rows.reduce((s, r) => s + r.count, 0),
            progressText: `全年计划 ${progress.planned} 次，已开课 ${progress.held} 次`,
            months: monthRows(progress.months),
            slipping: progress.slipping,
            status: 'ready',
          };
        },
        { reset: { formError: '' } },
      );
    },

    onNewMonth(e: WechatMiniprogram.PickerChange) {
      this.setData({ newMonth: Number(e.detail.value) });
    },
    onNewTopic(e: WechatMiniprogram.PickerChange) {
      this.setData({ newTopic: Number(e.detail.value) });
    },
    onNewCount(e: WechatMiniprogram.Input) {
      this.setData({ newCount: e.detail.value });
    },
    onAddRow() {
      const count = Number(this.data.newCount);
      if (!Number.isInteger(count) || count < 1 || count > 31) {
        this.setData({ formError: '开课次数请填 1 到 31 之间的整数' });
        return;
      }
      const topic = TOPICS[this.data.newTopic];
      const rows = this.data.rows.concat([{ month: MONTHS[this.data.newMonth], topic, topicName: TOPIC_LABELS[topic], count, title: '', comment: '' }]);
      rows.sort((a, b) => a.month - b.month);
      this.setData({ rows, planned: rows.reduce((s, r) => s + r.count, 0), formError: '' });
    },
    onRowCount(e: WechatMiniprogram.Input) {
      const index = Number(e.currentTarget.dataset.index);
      const rows = this.data.rows.slice();
      rows[index] = { ...rows[index], count: Number(e.detail.value) || 0 };
      this.setData({ rows, planned: rows.reduce((s, r) => s + r.count, 0) });
    },
    onRemoveRow(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const rows = this.data.rows.filter((_, i) => i !== index);
      this.setData({ rows, planned: rows.reduce((s, r) => s + r.count, 0) });
    },
    onChip(e: WechatMiniprogram.TouchEvent) {
      if (!this.data.editable) return;
      const group = e.currentTarget.dataset.group as 'ageBands' | 'genders' | 'occupations';
      const code = e.currentTarget.dataset.code as string;
      this.setData({ [group]: this.data[group].map((c) => (c.code === code ? { ...c, on: !c.on } : c)) });
    },
    onNewKeyDay(e: WechatMiniprogram.PickerChange) {
      this.setData({ newKeyDay: Number(e.detail.value) });
    },
    onNewKeyDayTitle(e: WechatMiniprogram.Input) {
      this.setData({ newKeyDayTitle: e.detail.value });
    },
    onAddKeyDay() {
      const title = this.data.newKeyDayTitle.trim();
      if (title.length < 2) {
        this.setData({ formError: '请填写主题日活动的名称（至少2个字）' });
        return;
      }
      this.setData({ keyDays: this.data.keyDays.concat([{ keyDay: KEY_DAYS[this.data.newKeyDay], title }]), newKeyDayTitle: '', formError: '' });
    },
    onRemoveKeyDay(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ keyDays: this.data.keyDays.filter((_, i) => i !== index) });
    },
    onNote(e: WechatMiniprogram.Input) {
      this.setData({ note: e.detail.value });
    },

    params(): SavePlanParams | string {
      const d = this.data;
      if (!d.rows.length) return '请至少添加一个月的课程';
      const bad = d.rows.findIndex((r) => !Number.isInteger(r.count) || r.count < 1 || r.count > 31);
      if (bad >= 0) return `第${bad + 1}行的开课次数请填 1 到 31 之间的整数`;
      const on = (list: Chip[]) => list.filter((c) => c.on).map((c) => c.code);
      return {
        pointId: d.points[d.pointIndex].id,
        year: d.years[d.yearIndex],
        items: d.rows.map((r) => ({ month: r.month, topic: r.topic, count: r.count, ...(r.title ? { title: r.title } : {}) })),
        groups: { ageBands: on(d.ageBands) as AgeBand[], genders: on(d.genders) as Gender[], occupations: on(d.occupations) as Occupation[] },
        keyDays: d.keyDays.map((k) => ({ keyDay: k.keyDay, title: k.title })),
        ...(d.note.trim() ? { note: d.note.trim() } : {}),
      };
    },

    async save(submit: boolean) {
      if (this.data.busy) return;
      const p = this.params();
      if (typeof p === 'string') {
        this.setData({ formError: p, notice: '' });
        return;
      }
      this.setData({ busy: true, formError: '', notice: '' });
      try {
        const { planId } = await savePlan(p);
        if (submit) await submitPlan(planId);
        await this.load();
        this.setData({ notice: submit ? '教学计划已提交，请等待分校审核' : '已保存为草稿，可以继续修改' });
      } catch (error) {
        this.setData({ formError: messageOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
    onSave() {
      this.save(false);
    },
    onSubmit() {
      this.save(true);
    },
  },
});

import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import type { RectificationStatus, RectificationView } from '../../../../../typings/school';
import {
  confirmVerification,
  getVerification,
  listRectifications,
  listRectificationsBy,
  recheckRectification,
  reportRectification,
  startVerification,
  type RankedPoint,
  type VerificationView,
} from '../../../../services/school';
import { messageOf } from '../../../../services/transport';
import { me } from '../../../../services/user';
import { shanghaiDate, shanghaiYear } from '../../../../utils/time';
import { dateText } from '../../school-figures';

const RECT_NAMES: Record<RectificationStatus, string> = { open: '整改中', reported: '已报告整改情况，等待复查', kept: '复查通过，保留称号', removed: '复查未通过，已撤销称号' };

interface RankRow {
  pointId: string;
  title: string;
  scoreText: string;
  figures: string[];
  proposed: boolean;
  chosen: boolean;
}
interface RectRow {
  rectificationId: string;
  title: string;
  statusText: string;
  deadlineText: string;
  reason: string;
  report: string;
  decision: string;
  open: boolean;
  reported: boolean;
}

function rankRow(p: RankedPoint): RankRow {
  return {
    pointId: p.pointId,
    title: `第${p.rank}名 ${p.pointName}`,
    scoreText: `综合得分 ${p.score}`,
    figures: p.figures.map((f) => `${f.label}：${f.value}（满分线 ${f.target}，权重 ${f.weight}，得 ${f.points} 分）`),
    proposed: p.proposed,
    chosen: p.proposed,
  };
}

function rectRow(r: RectificationView): RectRow {
  return {
    rectificationId: r.rectificationId,
    title: r.pointName,
    statusText: RECT_NAMES[r.status],
    deadlineText: `整改期限：${dateText(r.deadline)}`,
    reason: r.reason,
    report: r.report ?? '',
    decision: r.decisionReason ?? '',
    open: r.status === 'open' || r.status === 'reported',
    reported: r.status === 'reported',
  };
}

/** The default rectification deadline: 90 days from today, as `YYYY-MM-DD`. */
function inNinetyDays(): string {
  return shanghaiDate(Date.now() + 90 * 86_400_000);
}

// Head school: the verification round's ranking with each figure's weight, the proposed bottom points, confirmation with a rectification deadline, and the re-check.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    head: false,
    /** Set when a point's own staff open the page from their to-do: only that point's rectifications. */
    pointId: '',
    years: [] as number[],
    yearIndex: 0,
    round: null as VerificationView | null,
    roundText: '',
    weightsText: '',
    rows: [] as RankRow[],
    deadline: '',
    reason: '',
    rects: [] as RectRow[],
    texts: {} as Record<string, string>,
    busy: false,
    formError: '',
    errorId: '',
    rowError: '',
    notice: '',
  },
  methods: {
    async onLoad(options: Record<string, string | undefined> = {}) {
      const now = shanghaiYear();
      this.setData({ years: [now, now - 1, now - 2], deadline: inNinetyDays(), pointId: options.pointId ?? '' });
      try {
        const { roles } = await me();
        if (!roles.some((r) => r.role === 'head_admin' || r.role === 'branch_admin')) {
          if (options.pointId) {
            await this.load();
            return;
          }
          this.setData({ status: 'error', errorText: '示范教学点复核由总校进行，分校可以查看本分校的结果' });
          return;
        }
        this.setData({ head: roles.some((r) => r.role === 'head_admin') });
        await this.load();
      } catch (error) {
        this.setData({ status: 'error', errorText: messageOf(error) });
      }
    },

    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const pointId = this.data.pointId || undefined;
        const reviewer = !pointId;
        const [{ round }, active, kept, removed] = await Promise.all([
          reviewer ? getVerification(this.data.years[this.data.yearIndex]) : Promise.resolve({ round: null }),
          listRectifications(pointId),
          listRectificationsBy('kept', pointId),
          listRectificationsBy('removed', pointId),
        ]);
        this.show(round);
        if (!reviewer) this.setData({ roundText: '以下是本教学点的整改事项，请在期限前报告整改情况', weightsText: '' });
        this.setData({ rects: active.items.concat(kept.items, removed.items).map(rectRow), status: 'ready' });
      } catch (error) {
        this.setData({ status: 'error', errorText: messageOf(error) });
      }
    },

    show(round: VerificationView | null) {
      if (!round) {
        this.setData({ round: null, rows: [], roundText: '本年还没有开始复核排名', weightsText: '' });
        return;
      }
      const labels = new Map(round.items[0]?.figures.map((f) => [f.key, f.label]) ?? []);
      this.setData({
        round,
        rows: round.items.map(rankRow),
        roundText:
          round.status === 'confirmed'
            ? `复核结果已确认，${round.confirmed.length}个教学点进入整改`
            : `排名为建议结果：综合得分最低的${round.bottomN}个（低于${round.floor}分的也列入）建议整改，确认后才生效`,
        weightsText: `权重：${Object.keys(round.weights)
          .map((k) => `${labels.get(k as keyof VerificationView['weights']) ?? k} ${round.weights[k as keyof VerificationView['weights']]}`)
          .join('，')}`,
      });
    },

    onRetry() {
      this.onLoad();
    },
    onYear(e: WechatMiniprogram.PickerChange) {
      this.setData({ yearIndex: Number(e.detail.value), notice: '', formError: '' });
      this.load();
    },

    async onStart() {
      if (this.data.busy) return;
      this.setData({ busy: true, formError: '', notice: '' });
      try {
        this.show(await startVerification(this.data.years[this.data.yearIndex]));
        this.setData({ notice: '已按两年数据算出排名，请核对建议整改的教学点后确认' });
      } catch (error) {
        this.setData({ formError: messageOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
    onChoose(e: WechatMiniprogram.TouchEvent) {
      if (this.data.round?.status !== 'proposed') return;
      const id = e.currentTarget.dataset.id as string;
      this.setData({ rows: this.data.rows.map((r) => (r.pointId === id && r.proposed ? { ...r, chosen: !r.chosen } : r)) });
    },
    onDeadline(e: WechatMiniprogram.PickerChange) {
      this.setData({ deadline: String(e.detail.value) });
    },
    onReason(e: WechatMiniprogram.Input) {
      this.setData({ reason: e.detail.value });
    },

    async onConfirm() {
      if (this.data.busy) return;
      const chosen = this.data.rows.filter((r) => r.chosen).map((r) => r.pointId);
      const reason = this.data.reason.trim();
      if (!chosen.length) {
        this.setData({ formError: '请至少选择一个需要整改的教学点' });
        return;
      }
      if (reason.length < 2) {
        this.setData({ formError: '请填写整改要求' });
        return;
      }
      this.setData({ busy: true, formError: '', notice: '' });
      try {
        const { rectifications } = await confirmVerification(this.data.years[this.data.yearIndex], chosen, `${this.data.deadline}T23:59:59+08:00`, reason);
        await this.load();
        this.setData({ notice: `已确认，${rectifications.length}个教学点须在${dateText(this.data.deadline)}前完成整改` });
      } catch (error) {
        this.setData({ formError: messageOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },

    onText(e: WechatMiniprogram.Input) {
      this.setData({ [`texts.${e.currentTarget.dataset.id as string}`]: e.detail.value });
    },
    async act(id: string, run: (text: string) => Promise<unknown>, done: string, minLength: number, missing: string) {
      if (this.data.busy) return;
      const text = (this.data.texts[id] ?? '').trim();
      if (text.length < minLength) {
        this.setData({ errorId: id, rowError: missing, notice: '' });
        return;
      }
      this.setData({ busy: true, errorId: '', rowError: '', notice: '' });
      try {
        await run(text);
        this.setData({ [`texts.${id}`]: '' });
        await this.load();
        this.setData({ notice: done });
      } catch (error) {
        this.setData({ errorId: id, rowError: messageOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
    onKeep(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string;
      this.act(id, (t) => recheckRectification(id, true, t), '复查通过，已保留示范教学点称号', 2, '请填写复查结论');
    },
    onRemove(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string;
      this.act(id, (t) => recheckRectification(id, false, t), '复查未通过，已撤销示范教学点称号', 2, '请填写复查结论');
    },
    onReport(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string;
      this.act(id, (t) => reportRectification(id, t), '整改情况已报告，请等待总校复查', 10, '请写明整改情况（至少10个字）');
    },
  },
});

import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import {
  checklist,
  checklistQueue,
  evidenceUrls,
  reviewChecklistItem,
  submitChecklistItem,
  uploadEvidence,
  type ChecklistDecision,
  type ChecklistItemView,
  type ChecklistStatus,
} from '../../../../services/school';
import { messageOf } from '../../../../services/transport';
import { loadInto } from '../../../../utils/load-state';
import { shanghaiYear } from '../../../../utils/time';
import { chosen, openSchoolPage, pointYearData, pointYearPick } from '../../point-pick';

const MAX_PHOTOS = 9;

const STATUS_NAMES: Record<ChecklistStatus, string> = {
  missing: '未提交',
  submitted: '已提交，等待审核',
  approved: '已通过',
  needs_work: '需完善，请补充后再提交',
  rejected: '不通过，请重新提交',
};

interface ItemRow {
  key: string;
  label: string;
  status: ChecklistStatus;
  statusText: string;
  note: string;
  reviewComment: string;
  systemText: string;
  urls: string[];
  canSubmit: boolean;
  canReview: boolean;
  /** Photos uploaded for the next submission. */
  pending: string[];
  pendingUrls: string[];
  draftNote: string;
  comment: string;
}

interface QueueRow {
  key: string;
  pointId: string;
  text: string;
}

function chooseImages(count: number): Promise<string[]> {
  return new Promise((resolve) => {
    wx.chooseMedia({
      count,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      success: (res) => resolve(res.tempFiles.map((f) => f.tempFilePath)),
      fail: () => resolve([]),
    });
  });
}

function compress(src: string): Promise<string> {
  return new Promise((resolve) => {
    wx.compressImage({ src, quality: 70, success: (res) => resolve(res.tempFilePath), fail: () => resolve(src) });
  });
}

// 四化八有 of a point and year: the point submits each item with photos; its branch (or the head school) approves, asks for more, or rejects.
Component({
  behaviors: [elderMode, pointYearPick],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    openid: '',
    reviewer: false,
    ownPoints: [] as string[],
    ...pointYearData(),
    items: [] as ItemRow[],
    summary: '',
    queue: [] as QueueRow[],
    busyKey: '',
    busyText: '',
    errorKey: '',
    itemError: '',
    notice: '',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const now = shanghaiYear();
      const years = [now, now - 1];
      this.setData({ years, yearIndex: query.year && Number(query.year) === now - 1 ? 1 : 0 });
      await openSchoolPage(this, query.pointId, ({ openid, roles }) => ({
        openid,
        reviewer: roles.some((r) => r.role === 'branch_admin' || r.role === 'head_admin'),
        ownPoints: roles.filter((r) => r.role === 'point_admin' && r.scopeId).map((r) => r.scopeId as string),
      }));
    },

    async load() {
      const { pointId, year } = chosen(this.data);
      await loadInto(
        this,
        async () => {
          const [list, queue] = await Promise.all([checklist(pointId, year), this.data.reviewer ? checklistQueue(year) : Promise.resolve(null)]);
          const withPhotos = list.items.filter((i) => i.evidence.length);
          const urls = await Promise.all(withPhotos.map((i) => evidenceUrls(pointId, year, i.key)));
          return { list, queue, urls };
        },
        ({ list, queue, urls }) => {
          const own = this.data.ownPoints.indexOf(pointId) >= 0;
          const urlOf = new Map(urls.flatMap((u) => u.items).map((u) => [u.fileID, u.url]));
          const items = list.items.map((i: ChecklistItemView): ItemRow => ({
            key: i.key,
            label: i.label,
            status: i.status,
            statusText: STATUS_NAMES[i.status],
            note: i.note,
            reviewComment: i.reviewComment ?? '',
            systemText: i.system ? `系统记录：${i.system.basis}（${i.system.met ? '符合' : '暂不符合'}）` : '',
            urls: i.evidence.map((e) => urlOf.get(e.fileID)).filter((u): u is string => !!u),
            canSubmit: i.status !== 'approved' && i.status !== 'submitted',
            canReview: i.status === 'submitted' && this.data.reviewer && !own,
            pending: [],
            pendingUrls: [],
            draftNote: i.status === 'missing' ? '' : i.note,
            comment: '',
          }));
          return {
            items,
            summary: `已通过 ${list.complete} / ${list.total} 项`,
            queue: (queue?.items ?? []).filter((q) => q.pointId !== pointId).map((q) => ({ key: `${q.pointId}-${q.key}`, pointId: q.pointId, text: `${q.pointName}：${q.label}（${q.evidenceCount}张照片）` })),
            status: 'ready',
          };
        },
        { reset: { itemError: '', errorKey: '' } },
      );
    },

    onOpenQueued(e: WechatMiniprogram.TouchEvent) {
      const pointId = e.currentTarget.dataset.id as string;
      const index = this.data.points.findIndex((p) => p.id === pointId);
      if (index < 0) return;
      this.setData({ pointIndex: index, notice: '' });
      this.load();
    },

    indexOf(key: string): number {
      return this.data.items.findIndex((i) => i.key === key);
    },
    fail(key: string, message: string) {
      this.setData({ errorKey: key, itemError: message, notice: '' });
    },

    async onAddPhotos(e: WechatMiniprogram.TouchEvent) {
      const key = e.currentTarget.dataset.key as string;
      const i = this.indexOf(key);
      if (i < 0 || this.data.busyKey) return;
      const room = MAX_PHOTOS - this.data.items[i].pending.length;
      if (room <= 0) {
        this.fail(key, `每项最多上传${MAX_PHOTOS}张照片`);
        return;
      }
      const picked = await chooseImages(room);
      if (!picked.length) return;
      this.setData({ busyKey: key, busyText: '正在上传照片…', errorKey: '', itemError: '' });
      try {
        const fileIDs: string[] = [];
        const paths: string[] = [];
        for (const src of picked) {
          const path = await compress(src);
          fileIDs.push(await uploadEvidence(this.data.openid, path, key));
          paths.push(path);
        }
        const row = this.data.items[i];
        this.setData({ [`items[${i}].pending`]: row.pending.concat(fileIDs), [`items[${i}].pendingUrls`]: row.pendingUrls.concat(paths) });
      } catch (error) {
        this.fail(key, messageOf(error));
      } finally {
        this.setData({ busyKey: '', busyText: '' });
      }
    },
    onRemovePending(e: WechatMiniprogram.TouchEvent) {
      const i = this.indexOf(e.currentTarget.dataset.key as string);
      const at = Number(e.currentTarget.dataset.index);
      const row = this.data.items[i];
      this.setData({ [`items[${i}].pending`]: row.pending.filter((_, n) => n !== at), [`items[${i}].pendingUrls`]: row.pendingUrls.filter((_, n) => n !== at) });
    },
    onDraftNote(e: WechatMiniprogram.Input) {
      const i = this.indexOf(e.currentTarget.dataset.key as string);
      this.setData({ [`items[${i}].draftNote`]: e.detail.value });
    },
    onComment(e: WechatMiniprogram.Input) {
      const i = this.indexOf(e.currentTarget.dataset.key as string);
      this.setData({ [`items[${i}].comment`]: e.detail.value });
    },

    async onSubmitItem(e: WechatMiniprogram.TouchEvent) {
      const key = e.currentTarget.dataset.key as string;
      const row = this.data.items[this.indexOf(key)];
      if (!row || this.data.busyKey) return;
      if (!row.pending.length) {
        this.fail(key, '请先添加佐证照片');
        return;
      }
      this.setData({ busyKey: key, busyText: '正在提交…', errorKey: '', itemError: '' });
      try {
        const { pointId, year } = chosen(this.data);
        await submitChecklistItem(pointId, year, key, row.pending, row.draftNote.trim() || undefined);
        await this.load();
        this.setData({ notice: `「${row.label}」已提交，请等待分校审核` });
      } catch (error) {
        this.fail(key, messageOf(error));
      } finally {
        this.setData({ busyKey: '', busyText: '' });
      }
    },

    async decide(key: string, decision: ChecklistDecision) {
      const row = this.data.items[this.indexOf(key)];
      if (!row || this.data.busyKey) return;
      const comment = row.comment.trim();
      if (decision !== 'approved' && !comment) {
        this.fail(key, decision === 'needs_work' ? '请写明还需要完善什么' : '请写明不通过的理由');
        return;
      }
      this.setData({ busyKey: key, busyText: '正在保存审核结果…', errorKey: '', itemError: '' });
      try {
        const { pointId, year } = chosen(this.data);
        await reviewChecklistItem(pointId, year, key, decision, comment || undefined);
        await this.load();
        const word = decision === 'approved' ? '已通过' : decision === 'needs_work' ? '已退回完善' : '已判定不通过';
        this.setData({ notice: `「${row.label}」${word}` });
      } catch (error) {
        this.fail(key, messageOf(error));
      } finally {
        this.setData({ busyKey: '', busyText: '' });
      }
    },
    onApprove(e: WechatMiniprogram.TouchEvent) {
      this.decide(e.currentTarget.dataset.key as string, 'approved');
    },
    onNeedsWork(e: WechatMiniprogram.TouchEvent) {
      this.decide(e.currentTarget.dataset.key as string, 'needs_work');
    },
    onReject(e: WechatMiniprogram.TouchEvent) {
      this.decide(e.currentTarget.dataset.key as string, 'rejected');
    },
    onPreview(e: WechatMiniprogram.TouchEvent) {
      const key = e.currentTarget.dataset.key as string;
      const row = this.data.items[this.indexOf(key)];
      if (row) wx.previewImage({ urls: row.urls, current: e.currentTarget.dataset.url as string });
    },
  },
});

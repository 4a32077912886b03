import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { caseCandidates, caseQuota, figuresText, submitCase, type CaseCandidate, type CaseQuotaResult } from '../../../../services/cases';
import { messageOf, uploadFile } from '../../../../services/transport';
import { me } from '../../../../services/user';
import { recentYears } from '../../scopes';

interface Row extends CaseCandidate {
  key: string;
  dateText: string;
  figuresLine: string;
}

const MAX_PHOTOS = 9;
const MIN_SUMMARY = 20;

function dateText(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

function extOf(path: string): string {
  return /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? 'jpg';
}

// A branch picks one of its ended science-day activities, writes a summary, adds photos and submits it as a case.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    branches: [] as { id: string; name: string }[],
    branchNames: [] as string[],
    branchIndex: 0,
    years: [] as number[],
    year: 0,
    quota: null as CaseQuotaResult | null,
    items: [] as Row[],
    selected: '',
    chosen: null as Row | null,
    summary: '',
    photos: [] as string[],
    busy: false,
    busyText: '',
    formError: '',
    done: '',
  },
  methods: {
    async onLoad() {
      const years = recentYears().slice(0, 2);
      this.setData({ years, year: years[0] });
      try {
        const { roles } = await me();
        const branches = roles.filter((r) => r.role === 'branch_admin' && r.scopeId).map((r) => ({ id: r.scopeId as string, name: r.scopeName || '本分校' }));
        if (!branches.length) {
          this.setData({ status: 'error', errorText: '优秀活动案例由分校管理员提交' });
          return;
        }
        this.setData({ branches, branchNames: branches.map((b) => b.name) });
        await this.load();
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    async load() {
      const branch = this.data.branches[this.data.branchIndex];
      if (!branch) return;
      this.setData({ status: 'loading', selected: '', chosen: null });
      try {
        const [candidates, quota] = await Promise.all([caseCandidates(this.data.year, branch.id), caseQuota(this.data.year, branch.id)]);
        const items = candidates.items.map((c) => ({ ...c, key: `${c.activityKind}:${c.activityId}`, dateText: dateText(c.startsAt), figuresLine: figuresText(c.activityKind, c.figures) }));
        this.setData({ items, quota, status: items.length ? 'ready' : 'empty' });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      if (this.data.branches.length) this.load();
      else this.onLoad();
    },

    onBranch(e: WechatMiniprogram.PickerChange) {
      this.setData({ branchIndex: Number(e.detail.value) });
      this.load();
    },

    onYear(e: WechatMiniprogram.TouchEvent) {
      this.setData({ year: Number(e.currentTarget.dataset.year), done: '' });
      this.load();
    },

    onPick(e: WechatMiniprogram.TouchEvent) {
      const key = String(e.currentTarget.dataset.key);
      const row = this.data.items.find((i) => i.key === key);
      if (!row || row.caseId) return;
      this.setData({ selected: key, chosen: row, formError: '', done: '' });
    },

    onSummary(e: WechatMiniprogram.Input) {
      this.setData({ summary: e.detail.value });
    },

    onAddPhotos() {
      const room = MAX_PHOTOS - this.data.photos.length;
      if (room <= 0) return;
      wx.chooseMedia({
        count: room,
        mediaType: ['image'],
        sourceType: ['album', 'camera'],
        success: async (res) => {
          const compressed: string[] = [];
          for (const f of res.tempFiles) {
            compressed.push(
              await new Promise<string>((resolve) =>
                wx.compressImage({ src: f.tempFilePath, quality: 70, success: (c) => resolve(c.tempFilePath), fail: () => resolve(f.tempFilePath) }),
              ),
            );
          }
          this.setData({ photos: [...this.data.photos, ...compressed].slice(0, MAX_PHOTOS) });
        },
      });
    },

    onRemovePhoto(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ photos: this.data.photos.filter((_p, i) => i !== index) });
    },

    async onSubmit() {
      if (this.data.busy) return;
      const { chosen, summary, photos, quota } = this.data;
      const problem = !chosen
        ? '请先在上面选择一个活动'
        : summary.trim().length < MIN_SUMMARY
          ? `请填写案例简介（至少${MIN_SUMMARY}个字）`
          : !photos.length
            ? '请至少添加一张活动照片'
            : quota && quota.remaining <= 0
              ? `本分校${this.data.year}年的案例名额已用完，如需增加请联系总校`
              : '';
      if (problem || !chosen) {
        this.setData({ formError: problem });
        return;
      }
      const branch = this.data.branches[this.data.branchIndex];
      this.setData({ busy: true, formError: '', busyText: '正在上传照片…' });
      try {
        const stamp = Date.now();
        const fileIds: string[] = [];
        for (const [i, path] of photos.entries()) fileIds.push(await uploadFile(`cases/${branch.id}/${chosen.activityId}/${stamp}-${i + 1}.${extOf(path)}`, path));
        this.setData({ busyText: '正在检测并提交…' });
        const res = await submitCase({ activityKind: chosen.activityKind, activityId: chosen.activityId, summary: summary.trim(), photos: fileIds });
        this.setData({ done: `“${chosen.title}”已提交总校，本年还剩 ${res.remaining} 个名额`, summary: '', photos: [] });
        await this.load();
      } catch (err) {
        this.setData({ formError: messageOf(err) });
      } finally {
        this.setData({ busy: false, busyText: '' });
      }
    },
  },
});

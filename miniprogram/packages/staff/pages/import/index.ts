import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { listBranches } from '../../../../services/org';
import { importFile, importTemplate, openSheet, type ImportKind, type ImportRowReport } from '../../../../services/sheet';
import { messageOf, ServiceError, uploadFile } from '../../../../services/transport';
import { me } from '../../../../services/user';
import { showError } from '../../../../utils/alert';

const KINDS: Array<{ key: ImportKind; label: string; headOnly: boolean }> = [
  { key: 'points', label: '教学点', headOnly: false },
  { key: 'teachers', label: '讲师', headOnly: false },
  { key: 'branch_admins', label: '分校管理员', headOnly: true },
];
const STATUS_TEXT: Record<ImportRowReport['status'], string> = { taken: '已导入', unchanged: '已有，未改动', refused: '未导入' };
/** At most this many importFile calls for one file (each reads a bounded number of rows). */
const MAX_CALLS = 50;

interface ReportRow {
  key: string;
  status: ImportRowReport['status'];
  text: string;
}

// Staff: bring a city's points and teachers (a branch) or branch admins (the head school) in from a
// spreadsheet: download the template, pick the filled file from a chat, and read the row-by-row report.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    kinds: KINDS,
    kind: 'points' as ImportKind,
    isHead: false,
    branches: [] as Array<{ id: string; name: string }>,
    branchNames: [] as string[],
    branchIndex: -1,
    branchError: '',
    busy: '',
    summary: '',
    report: [] as ReportRow[],
  },
  methods: {
    onLoad() {
      this.start();
    },

    async start() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const roles = (await me()).roles;
        const isHead = roles.some((r) => r.role === 'head_admin');
        const own = roles.filter((r) => r.role === 'branch_admin' && r.scopeId).map((r) => ({ id: r.scopeId as string, name: r.scopeName || '本分校' }));
        if (!isHead && !own.length) {
          this.setData({ status: 'error', errorText: '只有总校或分校管理员可以导入表格' });
          return;
        }
        const branches = isHead ? (await listBranches()).items.map((b) => ({ id: b.id, name: b.name })) : own;
        this.setData({
          status: 'ready',
          isHead,
          kinds: KINDS.filter((k) => isHead || !k.headOnly),
          branches,
          branchNames: branches.map((b) => b.name),
          branchIndex: branches.length === 1 ? 0 : -1,
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.start();
    },

    onKind(e: WechatMiniprogram.TouchEvent) {
      this.setData({ kind: String(e.currentTarget.dataset.key) as ImportKind, report: [], summary: '', branchError: '' });
    },

    onBranch(e: WechatMiniprogram.PickerChange) {
      this.setData({ branchIndex: Number(e.detail.value), branchError: '' });
    },

    async onTemplate() {
      if (this.data.busy) return;
      this.setData({ busy: 'template' });
      try {
        const t = await importTemplate(this.data.kind);
        await openSheet(t.url);
      } catch (err) {
        showError(err instanceof ServiceError ? err.message : '模板没有打开，请稍后再试', '没有打开模板');
      } finally {
        this.setData({ busy: '' });
      }
    },

    chooseFile(): Promise<{ path: string; name: string } | null> {
      return new Promise((resolve) => {
        wx.chooseMessageFile({
          count: 1,
          type: 'file',
          extension: ['xlsx'],
          success: (res) => resolve(res.tempFiles[0] ? { path: res.tempFiles[0].path, name: res.tempFiles[0].name } : null),
          fail: () => resolve(null),
        });
      });
    },

    async onChoose() {
      if (this.data.busy) return;
      const needsBranch = this.data.kind !== 'branch_admins';
      const branch = this.data.branches[this.data.branchIndex];
      if (needsBranch && !branch) {
        this.setData({ branchError: '请先选择导入到哪个分校' });
        return;
      }
      const picked = await this.chooseFile();
      if (!picked) return;
      if (!/\.xlsx$/i.test(picked.name)) {
        showError('请选择按模板填写的表格文件（.xlsx）', '文件不对');
        return;
      }
      this.setData({ busy: 'import', report: [], summary: '正在上传表格…' });
      try {
        const fileID = await uploadFile(`imports/${Date.now()}-${Math.floor(Math.random() * 1e6)}.xlsx`, picked.path);
        const report: ReportRow[] = [];
        const totals = { taken: 0, unchanged: 0, refused: 0 };
        let fromRow: number | null = 1;
        for (let i = 0; i < MAX_CALLS && fromRow !== null; i++) {
          this.setData({ summary: '正在逐行导入…' });
          const res = await importFile({ kind: this.data.kind, fileID, fromRow, ...(needsBranch ? { branchId: branch.id } : {}) });
          totals.taken += res.taken;
          totals.unchanged += res.unchanged;
          totals.refused += res.refused;
          for (const r of res.rows) report.push({ key: String(r.row), status: r.status, text: r.message || `第${r.row}行：${STATUS_TEXT[r.status]}` });
          fromRow = res.nextRow;
        }
        this.setData({
          report,
          summary: `导入 ${totals.taken} 行，已有未改动 ${totals.unchanged} 行，未导入 ${totals.refused} 行`,
        });
      } catch (err) {
        this.setData({ summary: '' });
        showError(messageOf(err), '没有导入');
      } finally {
        this.setData({ busy: '' });
      }
    },
  },
});

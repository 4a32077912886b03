import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { LETTER_STATUS_NAMES, letterImage, listTeachers, qualifyTeacher, revokeLetter, TEACHER_STATUS_NAMES, type TeacherItem, type TeacherStatus } from '../../../../services/teacher';
import { messageOf } from '../../../../services/transport';
import { showError } from '../../../../utils/alert';
import { topicLabel } from '../../../../utils/topics';
import { scopePick } from '../../scope-drill';
import { NO_SCOPE_MESSAGE, startOnScopes, type StaffScope } from '../../scopes';

const PAGE_SIZE = 20;
const FILTERS: Array<{ key: TeacherStatus; label: string }> = [
  { key: 'pending', label: '待审核' },
  { key: 'qualified', label: '已入库' },
  { key: 'rejected', label: '未通过' },
];

interface Row {
  id: string;
  name: string;
  line: string;
  field: string;
  topics: string;
  phone: string;
  branchName: string;
  statusText: string;
  letterNumber: string;
  letterText: string;
  canRevoke: boolean;
}

function rowOf(t: TeacherItem): Row {
  return {
    id: t.id,
    name: t.name,
    line: `${t.organisation} · ${t.title}`,
    field: `专业领域：${t.field}`,
    topics: `能讲：${t.topics.map(topicLabel).join('、')}`,
    phone: t.phone,
    branchName: t.branchName,
    statusText: TEACHER_STATUS_NAMES[t.status],
    letterNumber: t.letterNumber || '',
    letterText: t.letterNumber && t.letterStatus ? `聘书 ${t.letterNumber}（${LETTER_STATUS_NAMES[t.letterStatus]}）` : '',
    canRevoke: t.letterStatus === 'valid',
  };
}

let cursor: string | null = null;
let seq = 0;

// Staff: the teacher pool of a branch (the head school: every branch). Branch admins qualify or turn
// down applications (with a reason), show a letter's QR code, and revoke a letter (with a reason).
Component({
  behaviors: [elderMode, scopePick],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    scopes: [] as StaffScope[],
    scope: null as StaffScope | null,
    filters: FILTERS,
    filter: 'pending' as TeacherStatus,
    rows: [] as Row[],
    hasMore: false,
    /** A branch admin decides; the head school looks and revokes. */
    canQualify: false,
    /** The card taking a reason: `reject:<id>` or `revoke:<id>`. */
    reasonFor: '',
    reason: '',
    reasonError: '',
    busy: false,
    qr: null as null | { id: string; url: string; letterNumber: string },
  },
  methods: {
    onLoad() {
      this.start();
    },

    start() {
      return startOnScopes(this, { only: (s) => s.level !== 'point', none: NO_SCOPE_MESSAGE.replace('、分校或教学点', '或分校') });
    },

    async load(more = false) {
      const scope = this.data.scope;
      if (!scope) return this.start();
      const mine = ++seq;
      if (!more) {
        cursor = null;
        this.setData({ status: 'loading', errorText: '', reasonFor: '', qr: null });
      }
      try {
        const page = await listTeachers({
          status: this.data.filter,
          limit: PAGE_SIZE,
          ...(scope.level === 'branch' ? { branchId: scope.unitId } : {}),
          ...(more && cursor ? { cursor } : {}),
        });
        if (mine !== seq) return;
        cursor = page.nextCursor;
        const rows = (more ? this.data.rows : []).concat(page.items.map(rowOf));
        this.setData({ status: rows.length ? 'ready' : 'empty', rows, hasMore: !!page.nextCursor, canQualify: scope.level === 'branch' });
      } catch (err) {
        if (mine === seq) this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    onMore() {
      this.load(true);
    },

    onFilter(e: WechatMiniprogram.TouchEvent) {
      this.setData({ filter: String(e.currentTarget.dataset.key) as TeacherStatus });
      this.load();
    },

    async onApprove(e: WechatMiniprogram.TouchEvent) {
      if (this.data.busy) return;
      const teacherId = String(e.currentTarget.dataset.id);
      this.setData({ busy: true });
      try {
        await qualifyTeacher({ teacherId, approve: true });
        wx.showToast({ title: '已入库，聘书已发放', icon: 'none' });
        await this.load();
      } catch (err) {
        showError(messageOf(err));
      } finally {
        this.setData({ busy: false });
      }
    },

    onAskReason(e: WechatMiniprogram.TouchEvent) {
      const { id, kind } = e.currentTarget.dataset as { id: string; kind: 'reject' | 'revoke' };
      this.setData({ reasonFor: `${kind}:${id}`, reason: '', reasonError: '' });
    },

    onReasonInput(e: WechatMiniprogram.Input) {
      this.setData({ reason: e.detail.value, reasonError: '' });
    },

    onCancelReason() {
      this.setData({ reasonFor: '', reason: '', reasonError: '' });
    },

    async onConfirmReason() {
      if (this.data.busy) return;
      const reason = this.data.reason.trim();
      if (!reason) {
        this.setData({ reasonError: '请写明原因，对方会看到' });
        return;
      }
      const [kind, id] = this.data.reasonFor.split(':');
      const row = this.data.rows.find((r) => r.id === id);
      if (!row) return;
      this.setData({ busy: true });
      try {
        if (kind === 'reject') await qualifyTeacher({ teacherId: id, approve: false, reason });
        else await revokeLetter(row.letterNumber, reason);
        wx.showToast({ title: kind === 'reject' ? '已退回申请' : '聘书已撤销', icon: 'none' });
        await this.load();
      } catch (err) {
        this.setData({ reasonError: messageOf(err) });
      } finally {
        this.setData({ busy: false });
      }
    },

    async onQr(e: WechatMiniprogram.TouchEvent) {
      const row = this.data.rows.find((r) => r.id === String(e.currentTarget.dataset.id));
      if (!row || this.data.busy) return;
      this.setData({ busy: true });
      try {
        const img = await letterImage(row.letterNumber);
        this.setData({ qr: { id: row.id, url: img.qrUrl, letterNumber: img.letterNumber } });
      } catch (err) {
        showError(messageOf(err), '二维码没有生成');
      } finally {
        this.setData({ busy: false });
      }
    },

    onPreviewQr() {
      if (this.data.qr) wx.previewImage({ urls: [this.data.qr.url] });
    },
  },
});

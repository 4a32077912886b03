import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { LETTER_STATUS_NAMES, verifyLetter, type LetterStatus, type VerifyLetterResult } from '../../services/teacher';
import { messageOf, ServiceError } from '../../services/transport';
import { shanghaiDate } from '../../utils/time';

function dateText(iso: string): string {
  const [y, m, d] = shanghaiDate(Date.parse(iso)).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

let lastCode = '';

interface LetterView {
  number: string;
  name: string;
  issuer: string;
  status: LetterStatus;
  statusText: string;
  period: string;
}

function viewOf(r: VerifyLetterResult): LetterView {
  return {
    number: r.letterNumber,
    name: r.teacherName,
    issuer: r.issuer,
    status: r.status,
    statusText: LETTER_STATUS_NAMES[r.status],
    period: `${dateText(r.issuedAt)} 至 ${dateText(r.validUntil)}`,
  };
}

// 聘书查验: anyone checks a teacher's appointment letter by the QR code on it (scene `l=2026-0001`)
// or by typing its number.
Component({
  behaviors: [elderMode],
  data: {
    status: 'empty' as ViewStatus,
    errorText: '',
    typed: '',
    inputError: '',
    letter: null as LetterView | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const code = query.scene ? decodeURIComponent(query.scene) : query.n ? decodeURIComponent(query.n) : '';
      if (code) this.check(code);
    },

    onInput(e: WechatMiniprogram.Input) {
      this.setData({ typed: e.detail.value, inputError: '' });
    },

    onSubmit() {
      const typed = this.data.typed.trim();
      if (!typed) {
        this.setData({ inputError: '请输入聘书上的编号' });
        return;
      }
      this.check(typed);
    },

    async check(code: string) {
      lastCode = code;
      this.setData({ status: 'loading', errorText: '', letter: null });
      try {
        this.setData({ status: 'ready', letter: viewOf(await verifyLetter(code)) });
      } catch (err) {
        const notFound = err instanceof ServiceError && (err.code === 'NOT_FOUND' || err.code === 'INVALID_ARGUMENT');
        this.setData({ status: 'error', errorText: notFound ? '没有查到这份聘书，请核对编号后再试' : messageOf(err) });
      }
    },

    onRetry() {
      if (lastCode) this.check(lastCode);
    },
  },
});

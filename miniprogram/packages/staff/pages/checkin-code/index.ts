import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { checkinCode, courseTimeText, getCourse } from '../../../../services/course';
import { messageOf } from '../../../../services/transport';
import { openCourse } from '../../course-page';

/**
 * When to fetch the next code: just after this one's window ends (a code stays valid one more window,
 * so learners reading the old one are not turned away). Bounded in case the phone's clock is off.
 */
export function refreshDelay(expiresAt: string, now: number): number {
  const ms = new Date(expiresAt).getTime() - now + 1000;
  return Math.min(60_000, Math.max(5_000, Number.isFinite(ms) ? ms : 30_000));
}

let timer: number | undefined;

function stop(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
}

// Staff: the rotating check-in code of a course, as a QR code and as large digits. It renews itself
// before it expires while the page is shown, and keeps the screen on.
Component({
  behaviors: [elderMode],
  data: {
    courseId: '',
    title: '',
    timeText: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    code: '',
    codeSpaced: '',
    qrImage: '',
    refreshError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (openCourse(this, query)) this.loadCourse();
    },

    onShow() {
      if (this.data.courseId && this.data.code) this.refresh();
      wx.setKeepScreenOn({ keepScreenOn: true });
    },

    onHide() {
      stop();
    },

    onUnload() {
      stop();
      wx.setKeepScreenOn({ keepScreenOn: false });
    },

    async loadCourse() {
      try {
        const c = await getCourse(this.data.courseId);
        this.setData({ title: c.title, timeText: courseTimeText(c.startsAt, c.endsAt) });
      } catch {
        // The code itself says whether the caller may see it.
      }
      this.refresh();
    },

    async refresh() {
      stop();
      try {
        const res = await checkinCode(this.data.courseId);
        this.setData({ code: res.code, codeSpaced: res.code.split('').join(' '), qrImage: res.qrImage, status: 'ready', refreshError: '' });
        timer = setTimeout(() => this.refresh(), refreshDelay(res.expiresAt, Date.now())) as unknown as number;
      } catch (err) {
        if (this.data.code) {
          // Keep the last code on screen (it stays valid a little longer) and try again soon.
          this.setData({ refreshError: `${messageOf(err)}，正在重试…` });
          timer = setTimeout(() => this.refresh(), 10_000) as unknown as number;
        } else {
          this.setData({ status: 'error', errorText: messageOf(err) });
        }
      }
    },

    onRetry() {
      this.setData({ status: 'loading' });
      this.refresh();
    },

    onRoster() {
      wx.navigateTo({ url: `/packages/staff/pages/roster/index?id=${this.data.courseId}` });
    },
  },
});

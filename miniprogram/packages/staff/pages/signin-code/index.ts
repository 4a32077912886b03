import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { messageOf } from '../../../../services/transport';
import { signinCode, type SigninCodeResult } from '../../../../services/volunteer';

/** Refresh a little before the 60-second window turns (the previous code stays valid too). */
const REFRESH_MS = 50_000;

/** The page's refresh timer (one sign-in code page is open at a time). */
let timer: number | 0 = 0;

// Team leader: the rotating sign-in/out code of an activity, as a QR code and as digits.
// Volunteers have two minutes for any code they read; the leader can pause the rotation.
Component({
  behaviors: [elderMode],
  data: {
    activityId: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    shown: null as SigninCodeResult | null,
    paused: false,
  },
  lifetimes: {
    detached() {
      (this as unknown as { stop(): void }).stop();
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ activityId: query.activityId || '' });
      if (wx.setKeepScreenOn) wx.setKeepScreenOn({ keepScreenOn: true });
      this.refresh();
    },

    onUnload() {
      this.stop();
    },

    stop() {
      if (timer) clearTimeout(timer);
      timer = 0;
    },

    async refresh() {
      this.stop();
      if (!this.data.shown) this.setData({ status: 'loading', errorText: '' });
      try {
        const shown = await signinCode(this.data.activityId);
        this.setData({ shown, status: 'ready' });
        if (!this.data.paused) timer = setTimeout(() => this.refresh(), REFRESH_MS) as unknown as number;
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.refresh();
    },

    onPause() {
      const paused = !this.data.paused;
      this.setData({ paused });
      if (paused) this.stop();
      else this.refresh();
    },
  },
});

import { STORAGE_KEYS, setDevBaseUrl, setDevOpenid, setDevTransport } from '../../config';
import { showError } from '../../utils/alert';
import { elderFromPhone, elderMode } from '../../behaviors/elder-mode';
import { nextCourses, toCardView, type CourseCardView } from '../../services/course';
import { messageOf } from '../../services/transport';
import { me } from '../../services/user';
import { mySignupLabel } from '../../utils/course-labels';
import { go, selectTab } from '../../utils/nav';
import { devPanelState } from './dev-panel';
import { STAFF_CONSOLE_URL, availableEntries } from './entries';

function greeting(hour: number): string {
  if (hour < 5) return '您好';
  if (hour < 11) return '早上好';
  if (hour < 13) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}

/** The learner's next step, first on the screen. */
type Step = 'loading' | 'enroll' | 'next-course' | 'find-course' | 'error';

let loadSeq = 0;

// Built with Component() (a page may be): miniprogram-simulate can then render it in tests.
// At most two cloud calls: user.me, then (learners) course.nextCourses for one course.
Component({
  behaviors: [elderMode],
  data: {
    greeting: '您好',
    step: 'loading' as Step,
    errorText: '',
    entries: availableEntries(false),
    staffUrl: STAFF_CONSOLE_URL,
    isStaff: false,
    myPoint: { id: '', name: '', active: true },
    next: null as CourseCardView | null,
    nextNote: '',
    dev: devPanelState(),
    /** The developer panel's address field while typing. */
    devBaseUrlDraft: '',
    /** Said once 长辈模式 started by itself from the phone's large text. */
    elderNote: '',
  },
  methods: {
    onLoad() {
      this.setData({
        greeting: greeting(new Date().getHours()),
        dev: devPanelState(),
        elderNote: elderFromPhone() ? '您的手机设置了大字，已为您开启长辈模式，可随时关闭' : '',
      });
    },

    onShow() {
      selectTab(this as unknown as { getTabBar?: () => unknown }, '/pages/index/index');
      // Back from signing up or cancelling: the next course may have changed.
      this.load();
    },

    async load() {
      const seq = ++loadSeq;
      try {
        const mine = await me();
        if (seq !== loadSeq) return;
        const isStaff = mine.roles.length > 0;
        const learner = mine.learner;
        if (!learner) {
          this.setData({ step: 'enroll', isStaff, entries: availableEntries(false), next: null });
          return;
        }
        const myPoint = { id: learner.pointId, name: learner.pointName, active: learner.pointActive };
        const { items } = await nextCourses(1);
        if (seq !== loadSeq) return;
        const first = items[0];
        this.setData({
          step: first ? 'next-course' : 'find-course',
          isStaff,
          myPoint,
          entries: availableEntries(true),
          next: first ? toCardView(first.course) : null,
          nextNote: first ? (first.course.status === 'cancelled' ? '课程已取消' : mySignupLabel(first)) : '',
        });
      } catch (err) {
        if (seq !== loadSeq) return;
        this.setData({ step: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.setData({ step: 'loading' });
      this.load();
    },

    onToggleElder() {
      const elder = !this.data.elder;
      wx.setStorageSync(STORAGE_KEYS.elderMode, elder);
      this.setData({ elder, elderNote: '' });
    },

    onOpen(e: WechatMiniprogram.TouchEvent) {
      const url = e.currentTarget.dataset.url as string | undefined;
      if (url) go(url);
    },

    onDevTransport(e: WechatMiniprogram.TouchEvent) {
      setDevTransport(e.currentTarget.dataset.kind === 'cloud' ? 'cloud' : 'local');
      this.setData({ dev: devPanelState() });
      this.load();
    },

    onDevBaseUrlInput(e: WechatMiniprogram.Input) {
      this.setData({ devBaseUrlDraft: e.detail.value });
    },

    /** The address `npm start` printed; a bare `host:port` gets `http://`. */
    onDevBaseUrlSave() {
      const typed = String(this.data.devBaseUrlDraft || '').trim();
      const url = typed && !/^https?:\/\//.test(typed) ? `http://${typed}` : typed;
      if (!setDevBaseUrl(url)) {
        showError('地址应像 http://192.168.1.20:8787 这样：本机地址加端口', '地址不对');
        return;
      }
      this.setData({ dev: devPanelState(), devBaseUrlDraft: '' });
      this.load();
    },

    onDevOpenid(e: WechatMiniprogram.TouchEvent) {
      setDevOpenid(String(e.currentTarget.dataset.openid ?? ''));
      this.setData({ dev: devPanelState() });
      this.load();
    },
  },
});

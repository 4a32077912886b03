import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { cancelSignup, courseTimeText, getCourse, seatsText, signup, subscribeReminder, type CourseDetail } from '../../services/course';
import { courseOfferLabel, mySignupLabel } from '../../utils/course-labels';
import { topicLabel } from '../../utils/topics';
import { courseResources, KIND_NAMES } from '../../services/resource';
import { messageOf, ServiceError } from '../../services/transport';
import { teacherProfile } from '../../services/teacher';
import { creditOfficerShare, officerSharePath } from '../../services/volunteer';
import { askReminderConsent } from './reminder';

interface View {
  timeText: string;
  seatsText: string;
  /** The course's state (可报名 / 已满·可候补 / 已结束 / 已取消). */
  statusLabel: string;
  /** Mine (已报名 ✓ / 候补第 N 位 / 已签到 ✓), '' without a place. */
  myLabel: string;
  topicHint: string;
  /** What the page offers is what the server says it may (canSignup / canCancel / canCheckin). */
  canSignup: boolean;
  signupLabel: string;
  canCancel: boolean;
  cancelLabel: string;
  canCheckin: boolean;
  placeText: string;
}

function viewOf(c: CourseDetail): View {
  const mine = c.mySignup;
  let placeText: string;
  if (!mine) placeText = '';
  else if (mine.status === 'signed') placeText = mine.checkedInAt ? '您已报名，已签到' : '您已报名成功';
  else placeText = `您在候补名单第 ${mine.position ?? 1} 位，有人取消时会按顺序补上并通知您`;
  return {
    timeText: courseTimeText(c.startsAt, c.endsAt),
    seatsText: seatsText(c),
    statusLabel: courseOfferLabel(c),
    myLabel: mySignupLabel(mine),
    topicHint: topicLabel(c.topic),
    canSignup: c.canSignup,
    signupLabel: c.full ? '加入候补' : '我要报名',
    canCancel: c.canCancel,
    cancelLabel: mine?.status === 'waitlisted' ? '退出候补' : '取消报名',
    canCheckin: c.canCheckin,
    placeText,
  };
}

let seq = 0;

// Course detail: signup (with the reminder prompt inside the tap), cancel, waitlist position, check-in.
Component({
  behaviors: [elderMode],
  data: {
    courseId: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    course: null as CourseDetail | null,
    view: null as View | null,
    busy: false,
    notice: '',
    /** Published resources the course's staff attached: a short list under the actions. */
    resources: [] as { id: string; title: string; kindName: string }[],
    /** The pool teacher giving the course (teacher.profile), below the actions. */
    teacher: null as { name: string; organisation: string; title: string; field: string } | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ courseId: query.id || '' });
      // Opened from a 科普信息员's share: credit them (once per opener; never disturbs the page).
      void creditOfficerShare(query);
      if (!query.id) {
        this.setData({ status: 'error', errorText: '没有指定课程，请返回课程列表重新选择' });
        return;
      }
      this.load();
    },

    /** 转发: the course, credited to the sharer when they are a 科普信息员. */
    onShareAppMessage() {
      const id = this.data.courseId;
      return {
        title: this.data.course ? this.data.course.title : '社区科普大学课程',
        path: id ? officerSharePath(`/pages/course/index?id=${id}`, 'course', id) : '/pages/courses/index',
      };
    },

    onShow() {
      // Back from check-in or a staff page: refresh quietly.
      if (this.data.course) this.load(true);
    },

    async load(quiet = false) {
      const mine = ++seq;
      if (!quiet) this.setData({ status: 'loading', errorText: '' });
      try {
        const pending = getCourse(this.data.courseId);
        // Secondary: the page works without it, so a failure leaves the list empty.
        const attached = quiet ? null : courseResources(this.data.courseId).catch(() => null);
        const course = await pending;
        if (mine !== seq) return;
        this.setData({ course, view: viewOf(course), status: 'ready' });
        if (!quiet && course.teacherId) void this.loadTeacher(course.teacherId, mine);
        const list = attached ? await attached : null;
        if (list && mine === seq) this.setData({ resources: list.items.slice(0, 5).map((r) => ({ id: r.id, title: r.title, kindName: KIND_NAMES[r.kind] })) });
      } catch (err) {
        if (mine !== seq || quiet) return;
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    /** Secondary: the course stands without the teacher's card. */
    async loadTeacher(teacherId: string, mine: number) {
      try {
        const t = await teacherProfile(teacherId);
        if (mine === seq) this.setData({ teacher: { name: t.name, organisation: t.organisation, title: t.title, field: t.field } });
      } catch {
        if (mine === seq) this.setData({ teacher: null });
      }
    },

    onResource(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/resource/index?resourceId=${String(e.currentTarget.dataset.id)}` });
    },

    onRetry() {
      this.load();
    },

    /** The subscription prompt is asked first, inside the tap; then the signup. */
    onSignup() {
      if (this.data.busy) return;
      this.setData({ busy: true, notice: '' });
      const consent = askReminderConsent();
      consent.then((answer) => this.doSignup(answer === 'accept'));
    },

    async doSignup(remind: boolean) {
      const courseId = this.data.courseId;
      try {
        const res = await signup(courseId);
        let notice = res.status === 'signed' ? '报名成功！' : `名额已满，您已进入候补第 ${res.position} 位。`;
        if (remind) {
          try {
            await subscribeReminder(courseId);
            notice += '开课前会提醒您。';
          } catch {
            notice += '上课提醒没有订阅成功，请记好上课时间。';
          }
        }
        this.setData({ notice });
        wx.showToast({ title: res.status === 'signed' ? '报名成功' : '已加入候补', icon: 'none' });
      } catch (err) {
        this.setData({ notice: messageOf(err) });
        if (err instanceof ServiceError && err.code === 'PERMISSION_DENIED') this.setData({ notice: `${messageOf(err)}（可在首页「报名入学」）` });
      }
      this.setData({ busy: false });
      this.load(true);
    },

    onRemind() {
      if (this.data.busy) return;
      this.setData({ busy: true });
      askReminderConsent().then(async (answer) => {
        try {
          if (answer === 'accept') {
            await subscribeReminder(this.data.courseId);
            this.setData({ notice: '已订阅，开课前会提醒您。' });
          } else if (answer === 'reject') {
            this.setData({ notice: '您没有同意接收提醒，请记好上课时间。' });
          } else {
            this.setData({ notice: '上课提醒暂未开通，请记好上课时间。' });
          }
        } catch (err) {
          this.setData({ notice: messageOf(err) });
        }
        this.setData({ busy: false });
        this.load(true);
      });
    },

    onCancel() {
      if (this.data.busy) return;
      const waiting = this.data.course?.mySignup?.status === 'waitlisted';
      wx.showModal({
        title: waiting ? '退出候补' : '取消报名',
        content: waiting ? '确定要退出候补吗？退出后不再为您保留候补位置。' : '确定要取消报名吗？名额会让给候补的学员。',
        confirmText: '确定取消',
        cancelText: '再想想',
        success: (res) => {
          if (res.confirm) this.doCancel();
        },
      });
    },

    async doCancel() {
      this.setData({ busy: true, notice: '' });
      try {
        await cancelSignup(this.data.courseId);
        this.setData({ notice: this.data.course?.mySignup?.status === 'waitlisted' ? '已退出候补。' : '已取消报名。' });
      } catch (err) {
        this.setData({ notice: messageOf(err) });
      }
      this.setData({ busy: false });
      this.load(true);
    },

    onCheckin() {
      wx.navigateTo({ url: `/pages/checkin/index?id=${this.data.courseId}` });
    },

    onCopyLink() {
      const url = this.data.course?.onlineUrl;
      if (url) wx.setClipboardData({ data: url });
    },

    onStaff(e: WechatMiniprogram.TouchEvent) {
      const page = String(e.currentTarget.dataset.page || '');
      if (page) wx.navigateTo({ url: `/packages/staff/pages/${page}/index?id=${this.data.courseId}` });
    },
  },
});

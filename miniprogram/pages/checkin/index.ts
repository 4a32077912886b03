import { elderMode } from '../../behaviors/elder-mode';
import { checkin, courseTimeText, nextCourses, parseCheckinLink, type MyCourseItem } from '../../services/course';
import { messageOf } from '../../services/transport';

interface Choice {
  id: string;
  title: string;
  timeText: string;
}

// Check-in: scan the code shown on site (wx.scanCode), or type its 6 digits. Opened by a scan of the
// mini-program code (scene `c=<course>&k=<code>`), from a course page (`id`), or from the menu.
Component({
  behaviors: [elderMode],
  data: {
    courseId: '',
    courseTitle: '',
    choices: [] as Choice[],
    digits: '',
    busy: false,
    done: false,
    checkedInAt: '',
    message: '',
    error: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const fromLink = parseCheckinLink(query.scene ? decodeURIComponent(query.scene) : `c=${query.c || ''}&k=${query.k || ''}`);
      if (fromLink) {
        this.setData({ courseId: fromLink.courseId });
        this.submit(fromLink.courseId, fromLink.code);
        return;
      }
      if (query.id) this.setData({ courseId: query.id });
      this.loadChoices();
    },

    /** The learner's courses that are on now or soon: the usual ones to check in to. */
    async loadChoices() {
      try {
        const { items } = await nextCourses(5);
        const choices = items
          .filter((i: MyCourseItem) => i.status === 'signed' && i.course.status !== 'cancelled')
          .map((i) => ({ id: i.course.id, title: i.course.title, timeText: courseTimeText(i.course.startsAt, i.course.endsAt) }));
        const current = choices.filter((c) => c.id === this.data.courseId)[0];
        this.setData({ choices, courseTitle: current ? current.title : this.data.courseTitle });
        if (!this.data.courseId && choices.length === 1) this.setData({ courseId: choices[0].id, courseTitle: choices[0].title });
      } catch {
        // Scanning still works without the list.
      }
    },

    onChoose(e: WechatMiniprogram.TouchEvent) {
      const id = String(e.currentTarget.dataset.id || '');
      const c = this.data.choices.filter((x) => x.id === id)[0];
      this.setData({ courseId: id, courseTitle: c ? c.title : '', error: '' });
    },

    onDigits(e: WechatMiniprogram.Input) {
      this.setData({ digits: String(e.detail.value || '').replace(/\D/g, '').slice(0, 6), error: '' });
    },

    onSubmitDigits() {
      if (!this.data.courseId) {
        this.setData({ error: '请先选择要签到的课程，或直接扫描现场的签到码' });
        return;
      }
      if (!/^\d{6}$/.test(this.data.digits)) {
        this.setData({ error: '请输入现场屏幕上的6位数字' });
        return;
      }
      this.submit(this.data.courseId, this.data.digits);
    },

    onScan() {
      wx.scanCode({
        onlyFromCamera: true,
        success: (res) => {
          const found = parseCheckinLink((res as { path?: string }).path || res.result || '');
          if (!found) {
            this.setData({ error: '这不是课程签到码，请扫描现场屏幕上的签到二维码' });
            return;
          }
          this.setData({ courseId: found.courseId });
          this.submit(found.courseId, found.code);
        },
        fail: () => {
          this.setData({ error: '没有扫到签到码。您也可以直接输入屏幕上的6位数字' });
        },
      });
    },

    async submit(courseId: string, code: string) {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        const res = await checkin(courseId, code);
        const hhmm = res.checkedInAt.slice(11, 16);
        this.setData({ done: true, checkedInAt: res.checkedInAt, message: `签到成功！签到时间 ${hhmm}` });
        wx.showToast({ title: '签到成功', icon: 'success' });
      } catch (err) {
        this.setData({ error: messageOf(err) });
      }
      this.setData({ busy: false });
    },

    onCourse() {
      if (this.data.courseId) wx.navigateTo({ url: `/pages/course/index?id=${this.data.courseId}` });
    },
  },
});

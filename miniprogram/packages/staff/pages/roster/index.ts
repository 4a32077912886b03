import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { checkinByStaff, courseTimeText, roster, type RosterEntry, type RosterWaitlistEntry } from '../../../../services/course';
import { messageOf } from '../../../../services/transport';
import { openCourse } from '../../course-page';

interface Row extends RosterEntry {
  checkinText: string;
}

function rowOf(e: RosterEntry): Row {
  const hhmm = e.checkedInAt ? e.checkedInAt.slice(11, 16) : '';
  return { ...e, checkinText: e.checkedInAt ? `${hhmm} 已签到${e.checkinBy === 'staff' ? '（工作人员代签）' : ''}` : '未签到' };
}

// Staff: who signed up, who waits (in order), attendance; check in a learner without a phone.
Component({
  behaviors: [elderMode],
  data: {
    courseId: '',
    title: '',
    timeText: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    signed: [] as Row[],
    waitlisted: [] as RosterWaitlistEntry[],
    checkedInCount: 0,
    busyOpenid: '',
    notice: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (openCourse(this, query)) this.load();
    },

    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },

    async load() {
      try {
        const r = await roster(this.data.courseId);
        this.setData({
          title: r.course.title,
          timeText: courseTimeText(r.course.startsAt, r.course.endsAt),
          signed: r.signed.map(rowOf),
          waitlisted: r.waitlisted,
          checkedInCount: r.checkedIn.length,
          status: 'ready',
          errorText: '',
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.setData({ status: 'loading' });
      this.load();
    },

    onStaffCheckin(e: WechatMiniprogram.TouchEvent) {
      const openid = String(e.currentTarget.dataset.openid || '');
      const name = String(e.currentTarget.dataset.name || '');
      if (!openid || this.data.busyOpenid) return;
      wx.showModal({
        title: '帮学员签到',
        content: `确认「${name}」已到场？此操作会记录在工作日志中。`,
        confirmText: '确认签到',
        cancelText: '取消',
        success: (res) => {
          if (res.confirm) this.doCheckin(openid, name);
        },
      });
    },

    async doCheckin(openid: string, name: string) {
      this.setData({ busyOpenid: openid, notice: '' });
      try {
        const res = await checkinByStaff(this.data.courseId, openid);
        this.setData({ notice: res.created ? `已为「${name}」签到` : `「${name}」之前已签到` });
        await this.load();
      } catch (err) {
        this.setData({ notice: messageOf(err) });
      }
      this.setData({ busyOpenid: '' });
    },
  },
});

import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { checkinByStaff, checkinWalkIn, courseTimeText, roster, type RosterEntry, type RosterWaitlistEntry } from '../../../../services/course';
import { messageOf } from '../../../../services/transport';
import { listLearners } from '../../../../services/user';
import { openCourse } from '../../course-page';

interface Row extends RosterEntry {
  checkinText: string;
}

/** A learner of the course's point, as the walk-in form lists them. */
interface LearnerRow {
  openid: string;
  name: string;
  detail: string;
  /** Already signed up, waiting or present: the roster above shows them. */
  listed: boolean;
}

function rowOf(e: RosterEntry): Row {
  const hhmm = e.checkedInAt ? e.checkedInAt.slice(11, 16) : '';
  const how = e.walkIn ? '（现场登记）' : e.checkinBy === 'staff' ? '（工作人员代签）' : '';
  return { ...e, checkinText: e.checkedInAt ? `${hhmm} 已签到${how}` : '未签到' };
}

// Staff: who signed up, who waits (in order), attendance; check in a learner without a phone;
// register on site (现场登记) a learner who did not sign up.
Component({
  behaviors: [elderMode],
  data: {
    courseId: '',
    pointId: '',
    title: '',
    timeText: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    signed: [] as Row[],
    waitlisted: [] as RosterWaitlistEntry[],
    extra: [] as Row[],
    checkedInCount: 0,
    busyOpenid: '',
    notice: '',
    // 现场登记
    walkOpen: false,
    walkStatus: 'loading' as ViewStatus,
    walkErrorText: '',
    walkLearners: [] as LearnerRow[],
    walkCursor: '',
    walkLoadingMore: false,
    walkSelected: '',
    walkSelectedName: '',
    walkOpenid: '',
    walkOver: false,
    walkBusy: false,
    walkMessage: '',
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
          pointId: r.course.pointId,
          title: r.course.title,
          timeText: courseTimeText(r.course.startsAt, r.course.endsAt),
          signed: r.signed.map(rowOf),
          waitlisted: r.waitlisted,
          extra: r.checkedIn.filter((e) => e.overCapacity).map(rowOf),
          checkedInCount: r.checkedIn.length,
          status: 'ready',
          errorText: '',
        });
        this.markListed();
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

    // ---- 现场登记: a learner who did not sign up ----

    onWalkInToggle() {
      const open = !this.data.walkOpen;
      this.setData({ walkOpen: open, walkMessage: '' });
      if (open && this.data.walkLearners.length === 0) this.loadLearners(false);
    },

    /** The point's learners, a page at a time (`more`: the next page). */
    async loadLearners(more: boolean) {
      if (more) this.setData({ walkLoadingMore: true });
      else this.setData({ walkStatus: 'loading', walkErrorText: '' });
      try {
        const page = await listLearners(this.data.pointId, more ? this.data.walkCursor : undefined);
        const rows: LearnerRow[] = page.items.map((l) => ({
          openid: l.openid,
          name: l.name,
          detail: `${l.birthYear}年生 · 手机尾号${l.phone.slice(-4)}`,
          listed: false,
        }));
        this.setData({
          walkLearners: more ? [...this.data.walkLearners, ...rows] : rows,
          walkCursor: page.nextCursor ?? '',
          walkStatus: !more && rows.length === 0 ? 'empty' : 'ready',
        });
        this.markListed();
      } catch (err) {
        if (more) this.setData({ walkMessage: messageOf(err) });
        else this.setData({ walkStatus: 'error', walkErrorText: messageOf(err) });
      }
      this.setData({ walkLoadingMore: false });
    },

    /** Flags learners the roster already lists (signed up, waiting or present). */
    markListed() {
      const listed = new Set([...this.data.signed, ...this.data.extra, ...this.data.waitlisted].map((e) => e.openid));
      if (this.data.walkLearners.length === 0) return;
      this.setData({ walkLearners: this.data.walkLearners.map((l) => ({ ...l, listed: listed.has(l.openid) })) });
    },

    onWalkInRetry() {
      this.loadLearners(false);
    },

    onMoreLearners() {
      if (this.data.walkCursor && !this.data.walkLoadingMore) this.loadLearners(true);
    },

    onPickLearner(e: WechatMiniprogram.TouchEvent) {
      this.setData({
        walkSelected: String(e.currentTarget.dataset.openid || ''),
        walkSelectedName: String(e.currentTarget.dataset.name || ''),
        walkOpenid: '',
        walkMessage: '',
      });
    },

    onOpenidInput(e: WechatMiniprogram.Input) {
      this.setData({ walkOpenid: e.detail.value, walkSelected: '', walkSelectedName: '', walkMessage: '' });
    },

    onToggleOver() {
      this.setData({ walkOver: !this.data.walkOver });
    },

    async onWalkInSubmit() {
      if (this.data.walkBusy) return;
      const openid = this.data.walkSelected || this.data.walkOpenid.trim();
      if (!openid) {
        this.setData({ walkMessage: '请先在下面的名单中点选学员，或填写其他教学点学员的编号' });
        return;
      }
      const name = this.data.walkSelectedName || '该学员';
      this.setData({ walkBusy: true, walkMessage: '' });
      try {
        const res = await checkinWalkIn(this.data.courseId, openid, this.data.walkOver);
        const notice = !res.created
          ? `「${name}」之前已签到，无需再登记`
          : res.status === 'attended'
            ? `已为「${name}」超额登记签到（不占名额）`
            : `已为「${name}」登记报名并签到`;
        this.setData({ notice, walkSelected: '', walkSelectedName: '', walkOpenid: '', walkOver: false });
        await this.load();
      } catch (err) {
        this.setData({ walkMessage: messageOf(err) });
      }
      this.setData({ walkBusy: false });
    },
  },
});

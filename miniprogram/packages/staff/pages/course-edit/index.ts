import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { cancelCourse, createCourse, getCourse, TOPIC_HINTS, TOPICS, updateCourse } from '../../../../services/course';
import { messageOf } from '../../../../services/transport';
import { emptyForm, formError, formOf, paramsOf, type CourseForm } from './form';
import { shanghaiDate } from '../../../../utils/time';

// Staff: create a course for a point (`?pointId=`), or edit / cancel one (`?id=`) until it starts.
Component({
  behaviors: [elderMode],
  data: {
    courseId: '',
    pointId: '',
    pointName: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    topicLabels: TOPICS.map((t) => `${t} · ${TOPIC_HINTS[t]}`),
    form: emptyForm(shanghaiDate()),
    saving: false,
    formErrorText: '',
    reason: '',
    cancelling: false,
    cancelError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ courseId: query.id || '', pointId: query.pointId || '' });
      if (query.id) {
        wx.setNavigationBarTitle({ title: '编辑课程' });
        this.load();
      } else if (query.pointId) {
        this.setData({ status: 'ready', pointName: query.pointName ? decodeURIComponent(query.pointName) : '' });
      } else {
        this.setData({ status: 'error', errorText: '请从教学点的课程管理进入，再发布课程' });
      }
    },

    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const course = await getCourse(this.data.courseId);
        if (!course.canManage) {
          this.setData({ status: 'error', errorText: '只有本教学点或上级的工作人员可以管理这门课程' });
          return;
        }
        this.setData({ form: formOf(course, TOPICS), pointId: course.pointId, pointName: course.pointName, status: 'ready' });
        if (course.status !== 'scheduled') this.setData({ status: 'error', errorText: course.status === 'cancelled' ? '这门课程已取消' : '课程已经开始，不能再修改' });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      if (this.data.courseId) this.load();
    },

    onInput(e: WechatMiniprogram.Input) {
      const field = String(e.currentTarget.dataset.field || '') as keyof CourseForm;
      this.setData({ [`form.${field}`]: e.detail.value, formErrorText: '' });
    },

    onPick(e: WechatMiniprogram.PickerChange) {
      const field = String(e.currentTarget.dataset.field || '') as keyof CourseForm;
      const value = field === 'topicIndex' ? Number(e.detail.value) : e.detail.value;
      this.setData({ [`form.${field}`]: value, formErrorText: '' });
    },

    onMode(e: WechatMiniprogram.TouchEvent) {
      this.setData({ 'form.mode': e.currentTarget.dataset.mode === 'online' ? 'online' : 'offline', formErrorText: '' });
    },

    async onSave() {
      if (this.data.saving) return;
      const problem = formError(this.data.form);
      if (problem) {
        this.setData({ formErrorText: problem });
        return;
      }
      this.setData({ saving: true, formErrorText: '' });
      const params = paramsOf(this.data.form, this.data.pointId, TOPICS);
      try {
        let courseId = this.data.courseId;
        if (courseId) {
          const { pointId: _pointId, ...changes } = params;
          await updateCourse({ courseId, ...changes });
        } else {
          courseId = (await createCourse(params)).courseId;
        }
        wx.showToast({ title: this.data.courseId ? '已保存' : '已发布', icon: 'success' });
        wx.redirectTo({ url: `/pages/course/index?id=${courseId}` });
      } catch (err) {
        this.setData({ formErrorText: messageOf(err) });
      }
      this.setData({ saving: false });
    },

    onReason(e: WechatMiniprogram.Input) {
      this.setData({ reason: e.detail.value, cancelError: '' });
    },

    onCancelCourse() {
      const reason = this.data.reason.trim();
      if (reason.length < 2) {
        this.setData({ cancelError: '请填写取消原因（至少2个字），会通知已报名的学员' });
        return;
      }
      wx.showModal({
        title: '取消课程',
        content: '取消后所有已报名和候补的学员都会收到通知，且不能恢复。确定取消吗？',
        confirmText: '确定取消',
        cancelText: '不取消',
        success: (res) => {
          if (res.confirm) this.doCancel(reason);
        },
      });
    },

    async doCancel(reason: string) {
      this.setData({ cancelling: true, cancelError: '' });
      try {
        const res = await cancelCourse(this.data.courseId, reason);
        wx.showToast({ title: `已取消，通知${res.notified}人`, icon: 'none' });
        wx.redirectTo({ url: `/pages/course/index?id=${this.data.courseId}` });
      } catch (err) {
        this.setData({ cancelError: messageOf(err) });
      }
      this.setData({ cancelling: false });
    },
  },
});

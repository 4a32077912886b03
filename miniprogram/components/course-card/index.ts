/**
 * One course in a list: topic, title, time, place, seats and status. Tapping opens the course.
 * `course` is a CourseCardView (services/course.ts toCardView); `note` is an optional extra line
 * (e.g. "候补第 2 位" or a suggestion's reason).
 */
Component({
  properties: {
    course: { type: Object, value: {} },
    note: { type: String, value: '' },
    showPoint: { type: Boolean, value: true },
  },
  methods: {
    onOpen() {
      const id = (this.data.course as { id?: string }).id;
      if (id) wx.navigateTo({ url: `/pages/course/index?id=${id}` });
    },
  },
});

import type { CourseDetail, CourseMode, CreateCourseParams, Topic } from '../../../../services/course';

/** The course form's fields as the page holds them (strings, as inputs and pickers give them). */
export interface CourseForm {
  title: string;
  topicIndex: number;
  teacherName: string;
  date: string; // YYYY-MM-DD
  startTime: string; // HH:mm
  endTime: string; // HH:mm
  mode: CourseMode;
  location: string;
  onlineUrl: string;
  capacity: string;
  description: string;
}

export function emptyForm(today: string): CourseForm {
  return { title: '', topicIndex: 0, teacherName: '', date: today, startTime: '09:00', endTime: '10:30', mode: 'offline', location: '', onlineUrl: '', capacity: '30', description: '' };
}

export function formOf(c: CourseDetail, topics: Topic[]): CourseForm {
  return {
    title: c.title,
    topicIndex: Math.max(0, topics.indexOf(c.topic)),
    teacherName: c.teacherName,
    date: c.startsAt.slice(0, 10),
    startTime: c.startsAt.slice(11, 16),
    endTime: c.endsAt.slice(11, 16),
    mode: c.mode,
    location: c.location,
    onlineUrl: c.onlineUrl || '',
    capacity: String(c.capacity),
    description: c.description,
  };
}

/** A local check before sending, with the same Chinese wording the server uses; null when fine. */
export function formError(f: CourseForm): string | null {
  if (f.title.trim().length < 2) return '课程名称至少2个字';
  if (!f.teacherName.trim()) return '请填写授课老师';
  if (!f.location.trim()) return f.mode === 'online' ? '请填写上课地点（线上课程可填“线上直播”）' : '请填写上课地点';
  const capacity = Number(f.capacity);
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 500) return '名额应为1到500之间的整数';
  if (f.endTime <= f.startTime) return '结束时间应晚于开始时间';
  if (f.mode === 'online' && !/^https:\/\/\S+$/.test(f.onlineUrl.trim())) return '线上课程请填写以 https:// 开头的课程链接';
  return null;
}

/** The create params (update sends the same fields plus courseId). Times are Asia/Shanghai. */
export function paramsOf(f: CourseForm, pointId: string, topics: Topic[]): CreateCourseParams {
  const p: CreateCourseParams = {
    pointId,
    title: f.title.trim(),
    topic: topics[f.topicIndex] || topics[0],
    teacherName: f.teacherName.trim(),
    startsAt: `${f.date}T${f.startTime}:00+08:00`,
    endsAt: `${f.date}T${f.endTime}:00+08:00`,
    location: f.location.trim(),
    capacity: Number(f.capacity),
    description: f.description.trim(),
    mode: f.mode,
  };
  if (f.mode === 'online') p.onlineUrl = f.onlineUrl.trim();
  return p;
}

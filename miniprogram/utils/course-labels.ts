import type { CourseItem, MySignup } from '../../typings/course';

/**
 * Two statuses a resident must never confuse: the course's (can one still sign up?) and mine
 * (do I have a seat?). The server decides `status` and `full`; these only name them.
 */
export function courseOfferLabel(c: Pick<CourseItem, 'status' | 'full'>): string {
  if (c.status === 'cancelled') return '已取消';
  if (c.status === 'ended') return '已结束';
  if (c.status === 'ongoing') return '正在上课';
  return c.full ? '已满·可候补' : '可报名';
}

/** "已报名 ✓" / "候补第 2 位" / "已签到 ✓"; '' when I have no place. */
export function mySignupLabel(mine: Pick<MySignup, 'status' | 'position' | 'checkedInAt'> | null | undefined): string {
  if (!mine) return '';
  if (mine.status === 'waitlisted') return `候补第 ${mine.position ?? 1} 位`;
  return mine.checkedInAt ? '已签到 ✓' : '已报名 ✓';
}

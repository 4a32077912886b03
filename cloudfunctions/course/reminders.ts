import type { ActionContext } from '../_shared/handler';
import { notify } from '../_shared/notify';
import { COURSE_LIST_FIELDS, COURSES, REMIND_WINDOW_MS, SIGNUPS, type CourseDoc, type SignupDoc } from './model';
import { reminderNotice } from './notices';

const COURSES_PER_RUN = 200;
const SIGNUPS_PER_COURSE = 1000;

/**
 * Timer `remind` (config.json, every 5 minutes): "课程即将开始" to every signed learner who accepted
 * the reminder, for courses starting within the next 2 hours. At most once per learner and course:
 * the signup's `remind` flag moves pending → sent by a conditional update before the send, and the
 * outbox id `remind:<course>:<openid>` is unique, so overlapping runs never send twice.
 */
export async function remind({ db, now }: ActionContext): Promise<{ courses: number; sent: number }> {
  const _ = db.command;
  const courses = await db
    .collection<CourseDoc>(COURSES)
    .where({ startsAt: _.and(_.gt(now), _.lte(new Date(now.getTime() + REMIND_WINDOW_MS))), status: 'scheduled' })
    .orderBy('startsAt', 'asc')
    .field(COURSE_LIST_FIELDS)
    .limit(COURSES_PER_RUN)
    .get();
  let sent = 0;
  for (const course of courses.data) {
    const due = await db
      .collection<SignupDoc>(SIGNUPS)
      .where({ courseId: course._id, status: 'signed', remind: 'pending' })
      .limit(SIGNUPS_PER_COURSE)
      .get();
    for (const signup of due.data) {
      const claimed = await db
        .collection(SIGNUPS)
        .where({ _id: signup._id, status: 'signed', remind: 'pending' })
        .update({ data: { remind: 'sent' } });
      if (claimed.stats.updated === 0) continue;
      const status = await notify(db, reminderNotice(course, signup.openid));
      if (status !== 'duplicate') sent++;
    }
  }
  return { courses: courses.data.length, sent };
}

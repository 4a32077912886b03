import type { CheckinByStaffParams, CheckinByStaffResult, CheckinCodeResult, CheckinParams, CheckinResult, CourseIdParams } from '../../../typings/course';
import { writeAudit } from '../../_shared/audit';
import { params } from '../../_shared/contract';
import { failedPrecondition, invalidArgument, notFound, permissionDenied, resourceExhausted } from '../../_shared/errors';
import { staffAction, userAction } from '../../_shared/handler';
import { findLearner } from '../../_shared/org';
import { recordFailure, tooManyFailures } from '../../_shared/rate-limit';
import { currentCode, verifyCode, CODE_WINDOW_SECONDS } from '../../_shared/rotating-code';
import { toIso } from '../../_shared/time';
import { id, z } from '../../_shared/validate';
import { courseChain, courseStaff, findCourse } from '../access';
import { checkinWindowError, markPresent, STAFF_CHECKIN_AFTER_MS } from '../attendance';
import { CHECKIN_CLOSES_AFTER_MS, signupId } from '../model';
import { checkinQrImage } from '../qr';
import { checkinCodeDigits } from '../schemas';

/** Wrong codes a learner may type per window before check-in is paused for them. */
const MAX_WRONG_CODES = 5;
const WRONG_CODE_WINDOW_SECONDS = 10 * 60;
/** Codes older than the accepted windows but this recent are "expired" rather than "wrong". */
const EXPIRED_LOOKBACK_WINDOWS = 180;

const codeInput = params<CourseIdParams>()(z.object({ courseId: id('课程') }));

/**
 * Staff: the current rotating code (6 digits, 60 s windows; the previous window is accepted too)
 * and its QR image. Nothing is written when the code rotates. 2 reads in one round-trip.
 */
export const checkinCode = staffAction({
  input: codeInput,
  ...courseStaff,
  run: async (_p, { now, target: { course } }): Promise<CheckinCodeResult> => {
    const closed = checkinWindowError(course, now, CHECKIN_CLOSES_AFTER_MS);
    if (closed) throw failedPrecondition(closed);
    const { code, expiresAt } = currentCode(course.codeSecret, now);
    return { code, expiresAt: toIso(expiresAt), qrImage: await checkinQrImage(course._id, code) };
  },
});

function isExpiredCode(secret: string, code: string, now: Date): boolean {
  for (let k = 2; k <= EXPIRED_LOOKBACK_WINDOWS; k++) {
    if (currentCode(secret, new Date(now.getTime() - k * CODE_WINDOW_SECONDS * 1000)).code === code) return true;
  }
  return false;
}

const checkinInput = params<CheckinParams>()(z.object({ courseId: id('课程'), code: checkinCodeDigits }));

/**
 * Learner signed up for the course: checks in with the code shown on site, once. Wrong codes are
 * limited per learner (rate-limit.ts). Reads: course + failure counter (one round-trip);
 * writes: the signup (conditional: signed, not yet checked in) and the course's check-in count.
 */
export const checkin = userAction(checkinInput, async (p, { db, openid: me, now }): Promise<CheckinResult> => {
  const limitKey = `checkin:${me}`;
  const [course, blocked] = await Promise.all([findCourse(db, p.courseId), tooManyFailures(db, limitKey, MAX_WRONG_CODES, WRONG_CODE_WINDOW_SECONDS, now)]);
  if (!course) throw notFound('没有找到这门课程，请重新扫码');
  const closed = checkinWindowError(course, now, CHECKIN_CLOSES_AFTER_MS);
  if (closed) throw failedPrecondition(closed);
  if (blocked) throw resourceExhausted('签到码输错次数太多，请10分钟后再试，或请现场工作人员帮您签到');
  if (!verifyCode(course.codeSecret, p.code, now)) {
    if (isExpiredCode(course.codeSecret, p.code, now)) throw failedPrecondition('签到码已过期，请扫描或输入现场屏幕上最新的签到码');
    await recordFailure(db, limitKey, WRONG_CODE_WINDOW_SECONDS, now);
    throw invalidArgument('签到码不正确，请核对现场屏幕上的6位数字后重新输入');
  }

  const marked = await markPresent(db, course, me, 'self', now);
  if (marked.at) return { checkedInAt: toIso(marked.at) };
  if (marked.signup?.status === 'waitlisted') throw failedPrecondition('您还在候补名单中，没有报上名，请联系现场工作人员');
  if (!(await findLearner(db, me))) throw permissionDenied('请先报名入学成为学员，再报名课程并签到');
  throw failedPrecondition('您没有报名这门课程，请联系现场工作人员');
});

const staffInput = params<CheckinByStaffParams>()(
  z.object({
    courseId: id('课程'),
    openid: z.string({ error: '缺少学员' }).min(1, '缺少学员').max(128, '学员信息不正确'),
  }),
);

/**
 * Staff check in a signed-up learner who has no smartphone with them. Audited.
 * Reads: course + roles; writes: the signup, the course's count, the audit entry.
 */
export const checkinByStaff = staffAction({
  input: staffInput,
  ...courseStaff,
  run: async (p, { db, openid: me, now, target: { course } }): Promise<CheckinByStaffResult> => {
    const closed = checkinWindowError(course, now, STAFF_CHECKIN_AFTER_MS);
    if (closed) throw failedPrecondition(closed);
    const marked = await markPresent(db, course, p.openid, 'staff', now);
    if (!marked.at) {
      throw failedPrecondition(marked.signup?.status === 'waitlisted' ? '该学员还在候补名单中，没有报上名' : '该学员没有报名这门课程');
    }
    if (marked.created) {
      await writeAudit(db, {
        actor: me,
        action: 'course.checkinByStaff',
        targetType: 'signup',
        targetId: signupId(course._id, p.openid),
        scope: courseChain(course),
        after: { checkedInAt: marked.at, checkinBy: 'staff' },
      });
    }
    return { checkedInAt: toIso(marked.at), created: marked.created };
  },
});

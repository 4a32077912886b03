import { cloud, isDuplicateKeyError, type Database } from './cloud';
import { COLLECTIONS } from './collections';

/**
 * Subscription messages (订阅消息). Every message is recorded in the `outbox` collection under a
 * deterministic id chosen by the caller (e.g. `remind:<courseId>:<openid>`), so one event is never
 * sent twice, even when two invocations race. The message then goes out through
 * `cloud.openapi.subscribeMessage.send` and the record becomes `sent` or `failed` (with WeChat's
 * errCode, e.g. 43101 when the user has not accepted the subscription).
 */
export const OUTBOX_COLLECTION = COLLECTIONS.outbox;

export type NoticeKind =
  | 'course_remind'
  | 'course_promoted'
  | 'course_cancelled'
  | 'course_changed'
  | 'volunteer_activity_cancelled'
  | 'volunteer_activity_changed'
  | 'school_plan_submitted'
  | 'school_plan_reviewed'
  | 'school_demo_reviewed'
  | 'school_checklist_reviewed'
  | 'school_rectification';

/**
 * Template ids come from the mini-program's 订阅消息 console, one per kind, through the function's
 * environment (e.g. `SUBSCRIBE_TEMPLATE_COURSE_REMIND`). Each template must have the fields
 * `thing1` (course or volunteer activity), `time2` (time), `thing3` (place) and `thing4` (note).
 */
export const TEMPLATE_ENV: Record<NoticeKind, string> = {
  course_remind: 'SUBSCRIBE_TEMPLATE_COURSE_REMIND',
  course_promoted: 'SUBSCRIBE_TEMPLATE_COURSE_PROMOTED',
  course_cancelled: 'SUBSCRIBE_TEMPLATE_COURSE_CANCELLED',
  course_changed: 'SUBSCRIBE_TEMPLATE_COURSE_CHANGED',
  volunteer_activity_cancelled: 'SUBSCRIBE_TEMPLATE_VOLUNTEER_ACTIVITY_CANCELLED',
  volunteer_activity_changed: 'SUBSCRIBE_TEMPLATE_VOLUNTEER_ACTIVITY_CHANGED',
  school_plan_submitted: 'SUBSCRIBE_TEMPLATE_SCHOOL_PLAN_SUBMITTED',
  school_plan_reviewed: 'SUBSCRIBE_TEMPLATE_SCHOOL_PLAN_REVIEWED',
  school_demo_reviewed: 'SUBSCRIBE_TEMPLATE_SCHOOL_DEMO_REVIEWED',
  school_checklist_reviewed: 'SUBSCRIBE_TEMPLATE_SCHOOL_CHECKLIST_REVIEWED',
  school_rectification: 'SUBSCRIBE_TEMPLATE_SCHOOL_RECTIFICATION',
};

export interface Notice {
  /** Deterministic: the same event always gets the same id. */
  id: string;
  touser: string;
  kind: NoticeKind;
  /** Mini-program page the message opens, e.g. `pages/course/index?id=cs_1`. */
  page: string;
  /** Template fields: `{ thing1: '...', time2: '...' }`; values are cut to WeChat's limits. */
  fields: Record<string, string>;
}

export type NoticeStatus = 'sent' | 'failed';

export interface OutboxDoc {
  _id: string;
  touser: string;
  kind: NoticeKind;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  status: NoticeStatus | 'sending';
  error?: string;
  createdAt: Date;
  sentAt?: Date;
}

/** WeChat limits: thing.* 20 characters, time/date 32 (longer values are rejected). */
function fitValue(key: string, value: string): string {
  const chars = Array.from(value.trim() || '-');
  const max = key.startsWith('thing') ? 20 : 32;
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

function templateData(fields: Record<string, string>): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = { value: fitValue(key, value) };
  return out;
}

/** Which build the message opens: `formal` unless SUBSCRIBE_MINIPROGRAM_STATE says trial/developer. */
function miniprogramState(): 'developer' | 'trial' | 'formal' {
  const v = process.env.SUBSCRIBE_MINIPROGRAM_STATE;
  return v === 'developer' || v === 'trial' ? v : 'formal';
}

interface SubscribeMessageApi {
  send(options: {
    touser: string;
    templateId: string;
    page: string;
    data: Record<string, { value: string }>;
    miniprogramState?: 'developer' | 'trial' | 'formal';
    lang?: string;
  }): Promise<unknown>;
}

/**
 * Records the notice, then sends it. Answers `duplicate` when a notice with this id exists already
 * (it was sent or tried before): nothing is sent again. Two writes and one WeChat call.
 */
export async function notify(db: Database, notice: Notice): Promise<NoticeStatus | 'duplicate'> {
  const templateId = process.env[TEMPLATE_ENV[notice.kind]] ?? '';
  const data = templateData(notice.fields);
  try {
    await db.collection(OUTBOX_COLLECTION).add({
      data: {
        _id: notice.id,
        touser: notice.touser,
        kind: notice.kind,
        templateId,
        page: notice.page,
        data,
        status: 'sending',
        createdAt: db.serverDate(),
      },
    });
  } catch (error) {
    if (isDuplicateKeyError(error)) return 'duplicate';
    throw error;
  }
  let status: NoticeStatus = 'sent';
  let failure: string | undefined;
  if (!templateId) {
    status = 'failed';
    failure = `template not configured (${TEMPLATE_ENV[notice.kind]})`;
  } else {
    try {
      const api = (cloud.openapi as { subscribeMessage: SubscribeMessageApi }).subscribeMessage;
      await api.send({ touser: notice.touser, templateId, page: notice.page, data, miniprogramState: miniprogramState(), lang: 'zh_CN' });
    } catch (error) {
      // e.g. 43101: the user has not accepted (or has used up) the subscription.
      status = 'failed';
      const e = error as { errCode?: unknown; errMsg?: unknown; message?: unknown };
      failure = String(e?.errCode ?? '') + ' ' + String(e?.errMsg ?? e?.message ?? error);
    }
  }
  await db
    .collection(OUTBOX_COLLECTION)
    .doc(notice.id)
    .update({ data: { status, ...(failure ? { error: failure.slice(0, 200) } : {}), sentAt: db.serverDate() } });
  return status;
}

/** Sends many notices with bounded parallelism; answers how many were recorded or sent. */
export async function notifyAll(db: Database, notices: Notice[], parallel = 10): Promise<number> {
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < notices.length) {
      const notice = notices[next++];
      const status = await notify(db, notice);
      if (status !== 'duplicate') done++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, notices.length) }, worker));
  return done;
}

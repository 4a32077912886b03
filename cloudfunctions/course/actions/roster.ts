import type { CourseIdParams, RosterEntry, RosterResult, RosterWaitlistEntry } from '../../../typings/course';
import type { Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { staffAction } from '../../_shared/handler';
import { LEARNERS_COLLECTION, type LearnerDoc } from '../../_shared/org';
import { maskPhone } from '../../_shared/privacy';
import { toIso } from '../../_shared/time';
import { id, z } from '../../_shared/validate';
import { courseStaff } from '../access';
import { signupsOf } from '../audience';
import { toCourseItem } from '../model';

const input = params<CourseIdParams>()(z.object({ courseId: id('课程') }));

const LEARNER_BATCH = 500;

async function learnersById(db: Database, ids: string[]): Promise<Map<string, LearnerDoc>> {
  const out = new Map<string, LearnerDoc>();
  for (let i = 0; i < ids.length; i += LEARNER_BATCH) {
    const batch = ids.slice(i, i + LEARNER_BATCH);
    const res = await db
      .collection<LearnerDoc>(LEARNERS_COLLECTION)
      .where({ _id: db.command.in(batch) })
      .field({ name: true, phone: true })
      .limit(batch.length)
      .get();
    for (const l of res.data) out.set(l._id, l);
  }
  return out;
}

/**
 * Staff of the course's point or above: who signed up, who waits (in order), who checked in
 * (including walk-ins present over the capacity, `overCapacity`, who hold no seat).
 * Names in full (staff take attendance by name); phones masked. Reads: course + roles, the
 * signups (index courseId + status), the learners by id.
 */
export const roster = staffAction({
  input,
  ...courseStaff,
  run: async (_p, { db, now, target: { course } }): Promise<RosterResult> => {
    const signups = await signupsOf(db, course._id, ['signed', 'waitlisted', 'attended']);
    const learners = await learnersById(
      db,
      signups.map((s) => s.openid),
    );
    const person = (openid: string) => {
      const l = learners.get(openid);
      return { name: l?.name ?? '（已退学）', phoneMasked: l ? maskPhone(l.phone) : '' };
    };

    const signed: RosterEntry[] = signups
      .filter((s) => s.status === 'signed')
      .sort((a, b) => (a.signedAt?.getTime() ?? 0) - (b.signedAt?.getTime() ?? 0))
      .map((s) => ({
        openid: s.openid,
        ...person(s.openid),
        signedAt: toIso(s.signedAt ?? s.updatedAt),
        checkedInAt: s.checkedInAt ? toIso(s.checkedInAt) : null,
        checkinBy: s.checkinBy,
        ...(s.walkIn ? { walkIn: true as const } : {}),
      }));
    const extra: RosterEntry[] = signups
      .filter((s) => s.status === 'attended')
      .map((s) => ({
        openid: s.openid,
        ...person(s.openid),
        signedAt: toIso(s.checkedInAt ?? s.updatedAt),
        checkedInAt: toIso(s.checkedInAt ?? s.updatedAt),
        checkinBy: s.checkinBy,
        walkIn: true as const,
        overCapacity: true as const,
      }));
    const waiting = new Set(signups.filter((s) => s.status === 'waitlisted').map((s) => s.openid));
    const waitlisted: RosterWaitlistEntry[] = (course.waitlist ?? [])
      .filter((o) => waiting.has(o))
      .map((o, i) => ({ openid: o, ...person(o), position: i + 1 }));
    const checkedIn = [...signed.filter((s) => s.checkedInAt !== null), ...extra].sort((a, b) => (a.checkedInAt! < b.checkedInAt! ? -1 : 1));
    return { signed, waitlisted, checkedIn, course: toCourseItem(course, now) };
  },
});

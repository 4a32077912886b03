import type { SuggestParams, SuggestResult, Topic } from '../../../typings/course';
import { params } from '../../_shared/contract';
import { publicAction } from '../../_shared/handler';
import { findLearner } from '../../_shared/org';
import { integer, z } from '../../_shared/validate';
import { COURSE_LIST_FIELDS, COURSES, SIGNUPS, toCourseItem, type CourseDoc, type SignupDoc } from '../model';
import { scoreCourse } from '../suggest-rules';

const input = params<SuggestParams>()(z.object({ limit: integer('条数', 1, 20).optional() }));

/** Suggestions look this far ahead. */
const HORIZON_MS = 30 * 24 * 60 * 60 * 1000;
const CANDIDATES = 100;

/**
 * The home page's "为您推荐": upcoming scheduled courses ordered by fit with the learner's profile
 * (age, gender, occupation) and the topics they attended, each with its reason. Courses the learner
 * already signed up for are left out. Anyone may ask: without an enrollment, the city's next courses.
 * Reads: learner, then candidates + the learner's signups in one round-trip.
 */
export const suggest = publicAction(input, async (p, { db, openid, now }): Promise<SuggestResult> => {
  const _ = db.command;
  const limit = p.limit ?? 5;
  const learner = openid ? await findLearner(db, openid) : null;
  const window = _.and(_.gt(now), _.lte(new Date(now.getTime() + HORIZON_MS)));
  const where: Record<string, unknown> = learner ? { branchId: learner.branchId, startsAt: window } : { startsAt: window };
  const [candidates, signups] = await Promise.all([
    db.collection<CourseDoc>(COURSES).where(where).orderBy('startsAt', 'asc').field(COURSE_LIST_FIELDS).limit(CANDIDATES).get(),
    learner
      ? db.collection<SignupDoc>(SIGNUPS).where({ openid: learner._id }).orderBy('courseStartsAt', 'desc').limit(100).get()
      : Promise.resolve({ data: [] as SignupDoc[] }),
  ]);

  const attended: Partial<Record<Topic, number>> = {};
  const taken = new Set<string>();
  for (const s of signups.data) {
    if (s.checkedIn && s.courseTopic) attended[s.courseTopic] = (attended[s.courseTopic] ?? 0) + 1;
    if (s.status !== 'cancelled') taken.add(s.courseId);
  }
  const profile = learner ? { gender: learner.gender, birthYear: learner.birthYear, occupation: learner.occupation, pointId: learner.pointId } : null;
  const scored = candidates.data
    .filter((c) => c.status === 'scheduled' && !taken.has(c._id))
    .map((c) => ({ c, ...scoreCourse({ topic: c.topic, pointId: c.pointId, startsAt: c.startsAt, full: c.signedCount >= c.capacity }, profile, attended, now) }))
    .sort((a, b) => b.score - a.score || a.c.startsAt.getTime() - b.c.startsAt.getTime());
  return { items: scored.slice(0, limit).map((s) => ({ course: toCourseItem(s.c, now), reason: s.reason })) };
});

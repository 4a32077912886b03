import type { Database } from '../_shared/cloud';
import { SIGNUPS, type SignupDoc } from './model';

const BATCH = 1000;

/** Every signup of a course with one of the statuses, in batches (a course may have thousands). */
export async function signupsOf(db: Database, courseId: string, statuses: SignupDoc['status'][]): Promise<SignupDoc[]> {
  const _ = db.command;
  const out: SignupDoc[] = [];
  for (let skip = 0; ; skip += BATCH) {
    const res = await db
      .collection<SignupDoc>(SIGNUPS)
      .where({ courseId, status: _.in(statuses) })
      .orderBy('_id', 'asc')
      .skip(skip)
      .limit(BATCH)
      .get();
    out.push(...res.data);
    if (res.data.length < BATCH) return out;
  }
}

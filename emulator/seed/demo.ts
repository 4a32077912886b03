import type { FunctionHost } from '../host';
import { seedCourseDemo } from './demo-course';
import { seedOrgDemo } from './demo-org';
import { seedQuizDemo } from './demo-quiz';
import { seedResourceDemo } from './demo-resource';
import { seedSchoolDemo } from './demo-school';
import { seedTeacherDemo } from './demo-teacher';
import { seedVolunteerDemo } from './demo-volunteer';

/** Bump when the demo data changes shape; a start with an older version seeds again. */
export const DEMO_VERSION = 1;

/**
 * Demo data goes in through the real function actions, so it obeys every rule and keeps every
 * count consistent. Each domain adds its part here.
 */
export async function seedDemoData(host: FunctionHost): Promise<void> {
  // Organisation first: the other domains use its point ids.
  const org = await seedOrgDemo(host);
  await seedCourseDemo(host, org);
  await seedVolunteerDemo(host, org);
  await seedQuizDemo(host);
  // After courses (a course carries resources) and volunteering (渝中's case is one of its science-day activities).
  await seedResourceDemo(host, org);
  await seedTeacherDemo(host);
  // After courses and the organisation: plans, 四化八有, demonstration points, funding.
  await seedSchoolDemo(host, org);
}

import { DEMO_ACCOUNTS } from '../../emulator/seed/accounts';
import type { LocalCloud } from '../support/cloud';
import { allPages, type PageSpec } from './render';

type Env = { ok: boolean; data?: { items?: Array<Record<string, unknown>> } };

async function first(cloud: LocalCloud, fn: string, event: Record<string, unknown>, openid?: string): Promise<Record<string, unknown> | undefined> {
  const res = (await cloud.call(fn, event, openid)) as Env;
  return res.ok ? res.data?.items?.[0] : undefined;
}

/**
 * Every page of app.json with the query it is opened with, from the demo data: residents as
 * `resident` (default demo-learner-1), staff pages as `staff` (default the 渝中区 branch admin).
 */
export async function pageSpecs(cloud: LocalCloud, resident: string = DEMO_ACCOUNTS.learners[0], staff: string = DEMO_ACCOUNTS.branchAdminYuzhong): Promise<PageSpec[]> {
  const point = await first(cloud, 'org', { action: 'listPoints', limit: 1 });
  const course = await first(cloud, 'course', { action: 'list', limit: 1 });
  const quiz = await first(cloud, 'quiz', { action: 'list', limit: 1 });
  const team = await first(cloud, 'volunteer', { action: 'listTeams', limit: 1 });
  const activity = await first(cloud, 'volunteer', { action: 'listActivities', limit: 1 });
  const pointId = String(point?.id ?? '');
  const courseId = String(course?.id ?? '');
  const quizId = String(quiz?.id ?? '');
  const teamId = String(team?.id ?? '');
  const activityId = String(activity?.id ?? '');
  const queries: Record<string, Record<string, string>> = {
    'pages/point/index': { id: pointId },
    'pages/course/index': { id: courseId },
    'pages/enroll/index': { pointId },
    'pages/leaderboard/index': { quizId },
    'pages/quiz/index': { quizId },
    'pages/team/index': { teamId },
    'pages/activity/index': { activityId },
    'packages/staff/pages/course-edit/index': { id: courseId },
    'packages/staff/pages/checkin-code/index': { id: courseId },
    'packages/staff/pages/roster/index': { id: courseId },
    'packages/staff/pages/point-edit/index': { id: pointId },
    'packages/staff/pages/point-stats/index': { pointId },
    'packages/staff/pages/learners/index': { pointId },
    'packages/staff/pages/quiz-edit/index': { id: quizId },
    'packages/staff/pages/quiz-stats/index': { quizId },
    'packages/staff/pages/team-members/index': { teamId },
    'packages/staff/pages/team-activities/index': { teamId },
    'packages/staff/pages/team-report/index': { teamId },
    'packages/staff/pages/hours-review/index': { teamId },
    'packages/staff/pages/signin-code/index': { activityId },
  };
  return allPages().map(({ page, staff: isStaff }) => ({ page, staff: isStaff, query: queries[page] ?? {}, openid: isStaff ? staff : resident }));
}

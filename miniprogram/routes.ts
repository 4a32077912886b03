/**
 * The pages registered in app.json, as absolute URLs. Pages link only to these, so an entry for
 * a page another developer has not added yet never renders.
 * Keep in sync with app.json: test/miniprogram/routes.test.ts fails when they differ.
 */
export const REGISTERED_PAGES: readonly string[] = [
  '/pages/index/index',
  '/packages/staff/pages/index/index',
  '/pages/points/index',
  '/pages/point/index',
  '/pages/enroll/index',
  '/pages/me/index',
  '/packages/staff/pages/points/index',
  '/packages/staff/pages/point-edit/index',
  '/packages/staff/pages/grants/index',
  '/packages/staff/pages/branches/index',
  '/pages/quizzes/index',
  '/pages/quiz/index',
  '/pages/quiz-result/index',
  '/pages/leaderboard/index',
  '/pages/practice/index',
  '/packages/staff/pages/question-import/index',
  '/packages/staff/pages/quiz-edit/index',
  '/packages/staff/pages/quiz-stats/index',
  '/pages/courses/index',
  '/pages/course/index',
  '/pages/resources/index',
  '/pages/resource/index',
  '/pages/my-courses/index',
  '/pages/checkin/index',
  '/packages/staff/pages/course-edit/index',
  '/packages/staff/pages/checkin-code/index',
  '/packages/staff/pages/roster/index',
  '/packages/staff/pages/point-stats/index',
  '/packages/staff/pages/learners/index',
  '/pages/volunteer-register/index',
  '/pages/teams/index',
  '/pages/team/index',
  '/pages/activities/index',
  '/pages/activity/index',
  '/pages/hours/index',
  '/pages/certificate/index',
  '/pages/officer/index',
  '/packages/staff/pages/team-members/index',
  '/packages/staff/pages/team-activities/index',
  '/packages/staff/pages/signin-code/index',
  '/packages/staff/pages/hours-review/index',
  '/packages/staff/pages/team-report/index',
  '/packages/staff/pages/question-bank/index',
  '/packages/staff/pages/quiz-titles/index',
  '/packages/staff/pages/officer-stats/index',
  '/packages/staff/pages/volunteer-report/index',
  '/packages/staff/pages/demo-meter/index',
  '/packages/staff/pages/plan-review/index',
];

export function isRegistered(url: string): boolean {
  return REGISTERED_PAGES.indexOf(url.split('?')[0]) >= 0;
}

import { observePlans, type PlanRecord } from '../../emulator/engine';
import { DEMO_ACCOUNTS } from '../../emulator/seed/accounts';
import { expectOk, startTestCloud, type LocalCloud } from '../support/cloud';

/**
 * "Every query a function makes in a hot path is served by a declared index": the demo seed (which
 * runs the write paths of every domain through the real actions) and a sweep of the read actions
 * every role uses are watched, and every filtered query that had to read its collection is listed.
 */
const plans: PlanRecord[] = [];
let stop: () => void;
let cloud: LocalCloud;

beforeAll(async () => {
  stop = observePlans((record) => plans.push(record));
  cloud = await startTestCloud({ seed: { demo: true } });
  await sweep(cloud);
}, 180_000);
afterAll(() => {
  stop();
  cloud.close();
});

async function sweep(c: LocalCloud): Promise<void> {
  const call = async (fn: string, event: Record<string, unknown>, openid?: string) => c.call(fn, event, openid);
  const learner = DEMO_ACCOUNTS.learners[0];
  const me = expectOk<{ learner: { pointId: string } }>(await call('user', { action: 'me' }, learner));
  const pointId = me.learner.pointId;
  const branchId = 'br_500103';
  const courses = expectOk<{ items: Array<{ id: string }> }>(await call('course', { action: 'list' }));
  const courseId = courses.items[0].id;
  const quizzes = expectOk<{ items: Array<{ id: string; status: string }> }>(await call('quiz', { action: 'list' }));
  const quizId = quizzes.items.find((q) => q.status === 'open')!.id;
  const teams = expectOk<{ items: Array<{ id: string }> }>(await call('volunteer', { action: 'listTeams' }));
  const teamId = teams.items[0].id;
  const activities = expectOk<{ items: Array<{ id: string }> }>(await call('volunteer', { action: 'listActivities', teamId }));
  const resources = expectOk<{ items: Array<{ id: string }> }>(await call('resource', { action: 'list' }));
  const resourceId = resources.items[0].id;
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  const cases = expectOk<{ items: Array<{ id: string; year: number }> }>(await call('cases', { action: 'listCases', year, branchId }, DEMO_ACCOUNTS.branchAdminYuzhong));
  const caseYear = cases.items[0]?.year ?? year - 1;
  const caseList = cases.items.length ? cases : expectOk<{ items: Array<{ id: string }> }>(await call('cases', { action: 'listCases', year: caseYear, branchId }, DEMO_ACCOUNTS.branchAdminYuzhong));

  const reads: Array<[string, Record<string, unknown>, string | undefined]> = [
    ['org', { action: 'listBranches' }, undefined],
    ['org', { action: 'listPoints', branchId }, undefined],
    ['org', { action: 'listPoints', keyword: '社区' }, undefined],
    ['org', { action: 'listPoints', near: { latitude: 29.557, longitude: 106.577 } }, undefined],
    ['org', { action: 'getPoint', pointId }, undefined],
    ['org', { action: 'listBranchPoints', branchId }, DEMO_ACCOUNTS.branchAdminYuzhong],
    ['org', { action: 'listRoles', unitId: branchId }, DEMO_ACCOUNTS.branchAdminYuzhong],
    ['org', { action: 'listAudit', unitId: branchId }, DEMO_ACCOUNTS.branchAdminYuzhong],
    ['user', { action: 'me' }, learner],
    ['user', { action: 'listLearners', pointId }, DEMO_ACCOUNTS.headAdmin],
    ['course', { action: 'list', pointId }, undefined],
    ['course', { action: 'list', branchId }, undefined],
    ['course', { action: 'list', topic: '病' }, undefined],
    ['course', { action: 'get', courseId }, learner],
    ['course', { action: 'mine' }, learner],
    ['course', { action: 'nextCourses' }, learner],
    ['course', { action: 'suggest' }, learner],
    ['course', { action: 'roster', courseId }, DEMO_ACCOUNTS.headAdmin],
    ['course', { action: 'pointStats', pointId }, DEMO_ACCOUNTS.headAdmin],
    ['quiz', { action: 'list' }, undefined],
    ['quiz', { action: 'leaderboard', quizId, scope: 'city' }, learner],
    ['quiz', { action: 'leaderboard', quizId, scope: 'branch', unitId: branchId }, learner],
    ['quiz', { action: 'leaderboard', quizId, scope: 'point', unitId: pointId }, learner],
    ['quiz', { action: 'myTitle' }, learner],
    ['quiz', { action: 'myAttempts' }, learner],
    ['quiz', { action: 'listQuestions' }, DEMO_ACCOUNTS.headAdmin],
    ['volunteer', { action: 'listTeams', unitId: pointId }, undefined],
    ['volunteer', { action: 'listActivities' }, undefined],
    ['volunteer', { action: 'myHours' }, DEMO_ACCOUNTS.volunteer],
    ['volunteer', { action: 'myRecords' }, DEMO_ACCOUNTS.volunteer],
    ['volunteer', { action: 'listMembers', teamId }, DEMO_ACCOUNTS.teamLeader],
    ['volunteer', { action: 'listClaims', teamId }, DEMO_ACCOUNTS.teamLeader],
    ['resource', { action: 'list', topic: '死' }, undefined],
    ['resource', { action: 'list', kind: 'slides' }, undefined],
    ['resource', { action: 'list', premium: true }, undefined],
    ['resource', { action: 'search', keyword: '急救' }, undefined],
    ['resource', { action: 'get', resourceId }, undefined],
    ['resource', { action: 'play', resourceId }, learner],
    ['resource', { action: 'complete', resourceId }, learner],
    ['resource', { action: 'courseResources', courseId }, undefined],
    ['resource', { action: 'manageList', pointId, status: 'pending' }, DEMO_ACCOUNTS.headAdmin],
    ['resource', { action: 'manageList', branchId, status: 'pending' }, DEMO_ACCOUNTS.branchAdminYuzhong],
    ['resource', { action: 'manageList', status: 'published' }, DEMO_ACCOUNTS.headAdmin],
    ['resource', { action: 'staffGet', resourceId }, DEMO_ACCOUNTS.headAdmin],
    ['resource', { action: 'pointUsage', pointId }, DEMO_ACCOUNTS.headAdmin],
    ['cases', { action: 'keyDayReport', year: caseYear, pointId }, DEMO_ACCOUNTS.headAdmin],
    ['cases', { action: 'keyDayReport', year: caseYear, branchId }, DEMO_ACCOUNTS.branchAdminYuzhong],
    ['cases', { action: 'keyDayReport', year: caseYear }, DEMO_ACCOUNTS.headAdmin],
    ['cases', { action: 'caseCandidates', year: caseYear, branchId }, DEMO_ACCOUNTS.branchAdminYuzhong],
    ['cases', { action: 'caseQuota', year: caseYear, branchId }, DEMO_ACCOUNTS.branchAdminYuzhong],
    ['cases', { action: 'listCases', year: caseYear }, DEMO_ACCOUNTS.headAdmin],
    ['cases', { action: 'listCases', year: caseYear, status: 'submitted' }, DEMO_ACCOUNTS.headAdmin],
    ['cases', { action: 'listCases', year: caseYear, branchId, status: 'submitted' }, DEMO_ACCOUNTS.branchAdminYuzhong],
  ];
  const roundYear = Date.now() >= new Date(`${year}-11-01T00:00:00+08:00`).getTime() ? year + 1 : year;
  const head = DEMO_ACCOUNTS.headAdmin;
  const branchAdmin = DEMO_ACCOUNTS.branchAdminYuzhong;
  const pointAdmin = DEMO_ACCOUNTS.pointAdminJiefangbei;
  reads.push(
    ['school', { action: 'todo' }, head],
    ['school', { action: 'listPlans', year }, head],
    ['school', { action: 'listPlans', year, status: 'submitted' }, head],
    ['school', { action: 'listDemoApplications', year: roundYear, status: 'pending' }, head],
    ['school', { action: 'demoMeter', year }, head],
    ['school', { action: 'getVerification', year }, head],
    ['school', { action: 'listRectifications' }, head],
    ['school', { action: 'checklistSummary', year }, head],
    ['school', { action: 'checklistQueue', year }, head],
    ['school', { action: 'archive', pointId, year }, head],
    ['school', { action: 'todo' }, branchAdmin],
    ['school', { action: 'listPlans', year, status: 'submitted' }, branchAdmin],
    ['school', { action: 'missingPlans', year, branchId }, branchAdmin],
    ['school', { action: 'slippingPlans', year, branchId }, branchAdmin],
    ['school', { action: 'listDemoApplications', year: roundYear }, branchAdmin],
    ['school', { action: 'demoFigures', pointId, year }, branchAdmin],
    ['school', { action: 'demoMeter', year }, branchAdmin],
    ['school', { action: 'checklistSummary', year }, branchAdmin],
    ['school', { action: 'checklistQueue', year }, branchAdmin],
    ['school', { action: 'listRectifications' }, branchAdmin],
    ['school', { action: 'todo' }, pointAdmin],
    ['school', { action: 'getPlan', pointId, year }, pointAdmin],
    ['school', { action: 'planProgress', pointId, year }, pointAdmin],
    ['school', { action: 'checklist', pointId, year }, pointAdmin],
    ['school', { action: 'evidenceUrls', pointId, year, key: 'venue' }, pointAdmin],
    ['school', { action: 'listFunding', pointId, year }, pointAdmin],
    ['school', { action: 'archive', pointId, year }, pointAdmin],
  );
  if (caseList.items[0]) reads.push(['cases', { action: 'getCase', caseId: caseList.items[0].id }, DEMO_ACCOUNTS.branchAdminYuzhong]);
  if (activities.items[0]) reads.push(['volunteer', { action: 'getActivity', activityId: activities.items[0].id }, DEMO_ACCOUNTS.volunteer]);
  for (const [fn, event, openid] of reads) {
    const res = (await call(fn, event, openid)) as { ok: boolean };
    if (!res.ok) throw new Error(`${fn}.${String(event.action)} failed: ${JSON.stringify(res)}`);
  }
}

/**
 * Queries allowed to read their collection, each with its reason. Anything else that scans is a
 * missing index.
 */
const ALLOWED_SCANS: Record<string, string> = {};

test('the demo seed and the read actions of every role are served by indexes', () => {
  const scans = plans.filter((p) => p.filtered && p.index === undefined && p.functionName);
  const unexplained = [...new Set(scans.map((p) => `${p.functionName}.${p.action}:${p.collection}`))].filter((key) => !(key in ALLOWED_SCANS));
  expect(unexplained).toEqual([]);
  // The watch did see the work: every function's queries went through it.
  expect(new Set(plans.map((p) => p.functionName).filter(Boolean))).toEqual(new Set(['org', 'user', 'course', 'quiz', 'volunteer', 'resource', 'cases', 'teacher', 'school']));
});

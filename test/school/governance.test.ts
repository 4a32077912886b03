import { observePlans, type PlanRecord } from '../../emulator/engine';
import { database } from '../../cloudfunctions/_shared/cloud';
import { rank, scoreOf } from '../../cloudfunctions/school/actions/verification';
import { DEFAULT_WEIGHTS } from '../../cloudfunctions/school/model';
import type { CourseOrg } from '../course/fixtures';
import { errorCode, startTestCloud, typedApi, type LocalCloud } from '../support/cloud';
import { BRANCH_ADMIN, clockAt, courseAt, HEAD, JIANGBEI_ADMIN, LEARNERS, OTHER_POINT_ADMIN, POINT_ADMIN, setupSchool, walkIn } from './fixtures';

let cloud: LocalCloud;
let api: ReturnType<typeof typedApi>;
let org: CourseOrg;
const plans: PlanRecord[] = [];
let stop: () => void;

async function nameDemo(pointId: string, by: string, year: number) {
  cloud.setClockOffset(clockAt(`${year}-06-01T10:00:00+08:00`));
  const { applicationId } = await api.ok('school', 'applyDemo', { pointId, year, statement: '课程丰富，居民参与积极，场地设施齐全' }, by);
  return api.ok('school', 'reviewDemo', { applicationId, approve: true }, HEAD);
}

beforeAll(async () => {
  stop = observePlans((r) => plans.push(r));
  cloud = await startTestCloud();
  api = typedApi(cloud);
  org = await setupSchool(cloud);
  // pointA: three held courses in 2027; pointB and pointC: none (a tie broken by id)
  for (const [i, day] of ['2027-03-10', '2027-04-10', '2027-05-10'].entries()) {
    const c = await courseAt(cloud, org.pointA, `${day}T09:00:00+08:00`, `课程${i}`);
    await walkIn(cloud, c, LEARNERS[i % LEARNERS.length], `${day}T09:30:00+08:00`);
  }
  await nameDemo(org.pointA, BRANCH_ADMIN, 2027);
  await nameDemo(org.pointB, BRANCH_ADMIN, 2027);
  await nameDemo(org.pointC, JIANGBEI_ADMIN, 2027);
}, 90_000);
afterAll(() => {
  stop();
  cloud.close();
});
afterEach(() => cloud.setClockOffset(0));

test('titles are numbered in sequence, once each', async () => {
  const res = await database().collection('demoApplications').where({ year: 2027 }).limit(10).get();
  expect(res.data.map((a) => a.title).sort()).toEqual(['渝示范〔2027〕第1号', '渝示范〔2027〕第2号', '渝示范〔2027〕第3号']);
});

test('verification: deterministic ranking, the shown weights reproduce each score, bottom N proposed', async () => {
  cloud.setClockOffset(clockAt('2028-12-01T10:00:00+08:00'));
  expect(errorCode(await api.call('school', 'startVerification', { year: 2028 }, BRANCH_ADMIN))).toBe('PERMISSION_DENIED');
  const round = await api.ok('school', 'startVerification', { year: 2028, bottomN: 1, floor: 0 }, HEAD);
  const again = await api.ok('school', 'startVerification', { year: 2028, bottomN: 1, floor: 0 }, HEAD);
  expect(again.items).toEqual(round.items);
  expect(round.weights).toEqual(DEFAULT_WEIGHTS);
  expect(round.items[0].pointId).toBe(org.pointA);
  const [b, c] = [org.pointB, org.pointC].sort();
  expect(round.items.slice(1).map((i) => i.pointId)).toEqual([b, c]);
  expect(round.items.map((i) => i.proposed)).toEqual([false, false, true]);
  for (const item of round.items) {
    const sum = Object.values(round.weights).reduce((s, w) => s + w, 0);
    for (const f of item.figures) expect(f.points).toBeCloseTo((f.weight * Math.min(1, f.value / f.target) * 100) / sum, 1);
    expect(item.score).toBeCloseTo(item.figures.reduce((s, f) => s + f.points, 0), 5);
  }
  const held = round.items[0].figures.find((f) => f.key === 'held')!;
  expect(held.value).toBe(1.5); // 3 courses over the two years 2027–2028
  // the pure scoring agrees with the action
  const ranked = rank([{ pointId: 'b', pointName: 'B', branchId: 'x', ...scoreOf({ held: 0, attendancePerCourse: 0, checklist: 0, volunteerActivities: 0, quizParticipation: 0, planCompletion: 0 }, DEFAULT_WEIGHTS) }, { pointId: 'a', pointName: 'A', branchId: 'x', ...scoreOf({ held: 0, attendancePerCourse: 0, checklist: 0, volunteerActivities: 0, quizParticipation: 0, planCompletion: 0 }, DEFAULT_WEIGHTS) }], 1, 0);
  expect(ranked.map((r) => [r.pointId, r.proposed])).toEqual([['a', false], ['b', true]]);
});

test('confirmation opens a rectification; the head school re-checks: kept or removed (history kept)', async () => {
  cloud.setClockOffset(clockAt('2028-12-02T10:00:00+08:00'));
  const last = [org.pointB, org.pointC].sort()[1];
  expect(errorCode(await api.call('school', 'confirmVerification', { year: 2028, pointIds: [org.pointA], deadline: '2029-03-01T00:00:00+08:00', reason: '开课不足' }, HEAD))).toBe('INVALID_ARGUMENT');
  const { rectifications } = await api.ok('school', 'confirmVerification', { year: 2028, pointIds: [last], deadline: '2028-12-10T00:00:00+08:00', reason: '全年开课不足，需整改' }, HEAD);
  expect(rectifications).toHaveLength(1);
  const branchAdmin = last === org.pointC ? JIANGBEI_ADMIN : BRANCH_ADMIN;
  const todo = await api.ok('school', 'todo', {}, branchAdmin);
  expect(todo.items.find((i) => i.kind === 'rectifications_due')!.count).toBe(1);
  // The point's own staff see (and report on) their point's rectification, no other point's and no wider list.
  if (last === org.pointC) {
    expect((await api.ok('school', 'listRectifications', { pointId: last }, OTHER_POINT_ADMIN)).items.map((r) => r.rectificationId)).toEqual(rectifications);
    expect(errorCode(await api.call('school', 'listRectifications', {}, OTHER_POINT_ADMIN))).toBe('PERMISSION_DENIED');
  }
  expect(errorCode(await api.call('school', 'listRectifications', { pointId: last }, POINT_ADMIN))).toBe('PERMISSION_DENIED');
  expect((await api.ok('school', 'listRectifications', { pointId: org.pointA }, POINT_ADMIN)).items).toEqual([]);
  expect(errorCode(await api.call('school', 'recheckRectification', { rectificationId: rectifications[0], keep: false, reason: '整改不到位' }, branchAdmin))).toBe('PERMISSION_DENIED');
  expect(await api.ok('school', 'recheckRectification', { rectificationId: rectifications[0], keep: false, reason: '整改期满仍未开课' }, HEAD)).toEqual({ status: 'removed' });
  expect((await api.ok('org', 'getPoint', { pointId: last })).isDemo).toBe(false);
  const archive = await api.ok('school', 'archive', { pointId: last, year: 2028 }, HEAD);
  expect(archive.demo.history.map((h) => h.kind)).toEqual(['named', 'rectification', 'removed']);
  expect(archive.demo.history[2].reason).toBe('整改期满仍未开课');
});

test('the to-do answers per role with counts', async () => {
  cloud.setClockOffset(clockAt('2028-01-10T10:00:00+08:00'));
  await api.ok('school', 'savePlan', { pointId: org.pointA, year: 2028, items: [{ month: 3, topic: '食', count: 2 }] }, POINT_ADMIN);
  const { plan } = await api.ok('school', 'getPlan', { pointId: org.pointA, year: 2028 }, POINT_ADMIN);
  await api.ok('school', 'submitPlan', { planId: plan!.planId }, POINT_ADMIN);
  const branch = await api.ok('school', 'todo', {}, BRANCH_ADMIN);
  expect(branch.items.find((i) => i.kind === 'plans_to_review')).toEqual(expect.objectContaining({ count: 1, scopeId: 'br_500103' }));
  const head = await api.ok('school', 'todo', {}, HEAD);
  expect(head.items.find((i) => i.kind === 'plans_to_review')!.count).toBe(1);
  await api.ok('school', 'reviewPlan', { planId: plan!.planId, approve: false, comment: '三月课程太少' }, BRANCH_ADMIN);
  const point = await api.ok('school', 'todo', {}, POINT_ADMIN);
  expect(point.items.find((i) => i.kind === 'plans_returned')!.count).toBe(1);
  expect((await api.ok('school', 'todo', {}, OTHER_POINT_ADMIN)).items.find((i) => i.kind === 'plans_returned')!.count).toBe(0);
  expect(errorCode(await api.call('school', 'todo', {}, LEARNERS[0]))).toBe('PERMISSION_DENIED');
});

test('the archive and its DOCX, for entitled staff only', async () => {
  cloud.setClockOffset(clockAt('2027-12-20T10:00:00+08:00'));
  await api.ok('school', 'addFunding', { pointId: org.pointA, year: 2027, amount: 5000.5, purpose: '科普书屋图书', date: '2027-06-01', round: '第一批' }, BRANCH_ADMIN);
  expect(errorCode(await api.call('school', 'addFunding', { pointId: org.pointA, year: 2027, amount: 10, purpose: '自行登记', date: '2027-06-01' }, POINT_ADMIN))).toBe('PERMISSION_DENIED');
  const view = await api.ok('school', 'archive', { pointId: org.pointA, year: 2027 }, POINT_ADMIN);
  expect(view.plan.held).toBe(3);
  expect(view.courses).toHaveLength(3);
  expect(view.attendance).toBe(3);
  expect(view.learners.total).toBe(LEARNERS.length);
  expect(view.funding).toEqual(expect.objectContaining({ total: 5000.5 }));
  expect(view.demo).toEqual(expect.objectContaining({ isDemo: true, title: '渝示范〔2027〕第1号' }));
  const list = await api.ok('school', 'checklist', { pointId: org.pointA, year: 2027 }, POINT_ADMIN);
  expect(list.items.find((i) => i.key === 'funding')!.system).toEqual({ met: true, basis: expect.stringContaining('5000.50元') });
  const doc = await api.ok('school', 'archiveDocx', { pointId: org.pointA, year: 2027 }, BRANCH_ADMIN);
  expect(doc.url).toMatch(/^https?:\/\//);
  const stored = cloud.platform.storage.read(doc.fileID.replace(/^cloud:\/\/[^/]+\//, ''))!;
  expect(stored.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(errorCode(await api.call('school', 'archiveDocx', { pointId: org.pointA, year: 2027 }, OTHER_POINT_ADMIN))).toBe('PERMISSION_DENIED');
});

test('every filtered query of the school function is served by an index', () => {
  const scans = plans.filter((p) => p.functionName === 'school' && p.filtered && p.index === undefined);
  expect([...new Set(scans.map((p) => `${p.action}:${p.collection}`))]).toEqual([]);
  expect(plans.some((p) => p.functionName === 'school')).toBe(true);
});

import { toBuffer } from 'qrcode';
import { cloud } from '../../cloudfunctions/_shared/cloud';
import { evidencePath } from '../../cloudfunctions/_shared/storage';
import { shanghaiYear } from '../../cloudfunctions/_shared/time';
import type { ApplyDemoResult, GetPlanResult, ListFundingResult, PlanItem, SavePlanResult } from '../../typings/school';
import type { FunctionHost } from '../host';
import { DEMO_ACCOUNTS } from './accounts';

/**
 * Demo three-level management: the head school's plan template for this year; 解放碑's plan
 * submitted and waiting for 渝中区分校, 通远门's approved; 解放碑's 四化八有 with a photo (a PNG
 * drawn by `qrcode`, uploaded with `cloud.uploadFile` into the point admin's evidence folder) —
 * 固定的场所 approved, 醒目的标识 waiting for review; 大坪 applied and named a demonstration point,
 * 五里店 (江北) applied and pending; one funding entry of 解放碑. Through the real `school` actions.
 * A second run adds nothing: it stops when 解放碑's plan is already there.
 */

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

async function must<T>(host: FunctionHost, event: Record<string, unknown>, openid: string): Promise<T> {
  const res = (await host.invoke('school', event, { openid })) as Envelope<T>;
  if (!res.ok) throw new Error(`demo seed: school.${String(event.action)} failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

const PLAN: PlanItem[] = [
  { month: 3, topic: '食', count: 2, title: '春季饮食与慢病' },
  { month: 4, topic: '行', count: 2 },
  { month: 5, topic: '用', count: 2, title: '智能手机防诈骗' },
  { month: 6, topic: '病', count: 2 },
  { month: 9, topic: '住', count: 2 },
  { month: 10, topic: '老', count: 2 },
  { month: 11, topic: '死', count: 2, title: '家庭急救' },
];

export async function seedSchoolDemo(host: FunctionHost, org: { points: Record<string, string> }): Promise<void> {
  const year = shanghaiYear(new Date());
  const head = DEMO_ACCOUNTS.headAdmin;
  const branch = DEMO_ACCOUNTS.branchAdminYuzhong;
  const pointAdmin = DEMO_ACCOUNTS.pointAdminJiefangbei;
  const jiefangbei = org.points.jiefangbei;
  const existing = await must<GetPlanResult>(host, { action: 'getPlan', pointId: jiefangbei, year }, pointAdmin);
  if (existing.plan) return;

  await must(
    host,
    { action: 'publishTemplate', year, dueAt: `${year}-01-31T23:59:59+08:00`, items: PLAN, keyDays: [{ keyDay: '全国科普日', title: '科普日主题活动' }], note: '每个教学点全年不少于12次课程，示范教学点不少于24次' },
    head,
  );
  const groups = { ageBands: ['60_69', '70_79'], genders: ['male', 'female'], occupations: ['retired'] };
  const keyDays = [{ keyDay: '全国科普日', title: '家庭急救知识讲座' }];
  const submitted = await must<SavePlanResult>(host, { action: 'savePlan', pointId: jiefangbei, year, items: PLAN, groups, keyDays, note: '示范教学点，下半年加开智能手机课程' }, pointAdmin);
  await must(host, { action: 'submitPlan', planId: submitted.planId }, pointAdmin);
  const approved = await must<SavePlanResult>(host, { action: 'savePlan', pointId: org.points.tongyuanmen, year, items: PLAN.slice(0, 6), groups }, branch);
  await must(host, { action: 'submitPlan', planId: approved.planId }, branch);
  await must(host, { action: 'reviewPlan', planId: approved.planId, approve: true, comment: '安排合理' }, DEMO_ACCOUNTS.headAdmin);

  const photo = await toBuffer('解放碑社区科普活动室', { type: 'png', width: 240, margin: 2 });
  const venue = (await cloud.uploadFile({ cloudPath: evidencePath(pointAdmin, 'demo-venue.png'), fileContent: photo })).fileID;
  const signage = (await cloud.uploadFile({ cloudPath: evidencePath(pointAdmin, 'demo-signage.png'), fileContent: photo })).fileID;
  await must(host, { action: 'submitChecklistItem', pointId: jiefangbei, year, key: 'venue', note: '社区服务中心二楼活动室，可容纳四十人', evidence: [venue] }, pointAdmin);
  await must(host, { action: 'reviewChecklistItem', pointId: jiefangbei, year, key: 'venue', decision: 'approved' }, branch);
  await must(host, { action: 'submitChecklistItem', pointId: jiefangbei, year, key: 'signage', note: '门口挂牌，楼道有指示牌', evidence: [signage] }, pointAdmin);

  const listed = await must<ListFundingResult>(host, { action: 'listFunding', pointId: jiefangbei, year }, branch);
  if (!listed.items.length) {
    await must(host, { action: 'addFunding', pointId: jiefangbei, year, amount: 3000, purpose: '科普书屋图书购置', date: `${year}-03-15`, round: '第一批' }, branch);
  }

  // Applications are for this year until 31 October, then for the next.
  const now = new Date();
  const roundYear = now.getTime() >= new Date(`${year}-11-01T00:00:00+08:00`).getTime() ? year + 1 : year;
  const daping = await must<ApplyDemoResult>(host, { action: 'applyDemo', pointId: org.points.daping, year: roundYear, statement: '大坪正街社区活动场地固定，志愿者队伍稳定，全年开课不少于二十四次。' }, branch);
  await must(host, { action: 'reviewDemo', applicationId: daping.applicationId, approve: true }, head);
  await must(host, { action: 'applyDemo', pointId: org.points.wulidian, year: roundYear, statement: '五江路社区老年学员多，场地和设备齐全，申报示范教学点。' }, DEMO_ACCOUNTS.branchAdminJiangbei);
}

import { isRegistered } from '../../routes';
import type { MeRole, Role, RoleGrant } from '../../services/user';

export interface StaffTool {
  key: string;
  title: string;
  desc: string;
  url: string;
  roles: Role[];
}

export const ROLE_LABELS: Record<Role, string> = {
  head_admin: '总校管理员',
  branch_admin: '分校管理员',
  point_admin: '教学点负责人',
  team_leader: '志愿服务队队长',
};

const ALL_STAFF: Role[] = ['head_admin', 'branch_admin', 'point_admin', 'team_leader'];
const POINT_STAFF: Role[] = ['head_admin', 'branch_admin', 'point_admin'];
const BRANCH_STAFF: Role[] = ['head_admin', 'branch_admin'];
const HEAD: Role[] = ['head_admin'];
const BRANCH_ADMIN: Role[] = ['branch_admin'];

/**
 * The staff tools the console can open. A tool appears only when its page is registered in
 * app.json (routes.ts) and the caller holds one of its roles: nothing here is a placeholder.
 */
const TOOLS: StaffTool[] = [
  { key: 'points', title: '教学点管理', desc: '新建、编辑、停用教学点，任命教学点负责人', url: '/packages/staff/pages/points/index', roles: BRANCH_STAFF },
  { key: 'branches', title: '分校一览', desc: '全市各分校的教学点和学员人数', url: '/packages/staff/pages/branches/index', roles: HEAD },
  { key: 'grants', title: '任命管理员', desc: '总校任命分校管理员，分校任命教学点负责人', url: '/packages/staff/pages/grants/index', roles: BRANCH_STAFF },
  { key: 'courses', title: '课程与签到', desc: '发布课程、出示签到码、查看名单和年度开课数', url: '/packages/staff/pages/point-stats/index', roles: POINT_STAFF },
  { key: 'learners', title: '学员名册', desc: '查看教学点的学员名单，一键给学员打电话', url: '/packages/staff/pages/learners/index', roles: POINT_STAFF },
  { key: 'questions', title: '题库导入', desc: '从表格导入题目，逐行查看导入结果', url: '/packages/staff/pages/question-import/index', roles: HEAD },
  { key: 'question-bank', title: '题库管理', desc: '查找、修改、停用题目', url: '/packages/staff/pages/question-bank/index', roles: HEAD },
  { key: 'quiz', title: '发布竞答', desc: '创建并安排全市或本分校的科普竞答', url: '/packages/staff/pages/quiz-edit/index', roles: BRANCH_STAFF },
  { key: 'quiz-stats', title: '竞答参与情况', desc: '按分校、教学点查看参与人数', url: '/packages/staff/pages/quiz-stats/index', roles: BRANCH_STAFF },
  { key: 'quiz-titles', title: '科学达人名单', desc: '本单位本年度获得“科学达人”称号的学员', url: '/packages/staff/pages/quiz-titles/index', roles: POINT_STAFF },
  { key: 'officer-stats', title: '科普信息员统计', desc: '各信息员分享后被打开的次数', url: '/packages/staff/pages/officer-stats/index', roles: POINT_STAFF },
  { key: 'volunteer', title: '志愿服务', desc: '管理志愿服务队：审核队员与服务时长、出示签到码、导出报表', url: '/pages/teams/index', roles: ALL_STAFF },
  { key: 'volunteer-report', title: '志愿服务统计', desc: '按服务队、单位查看年度服务时长', url: '/packages/staff/pages/volunteer-report/index', roles: ALL_STAFF },
  { key: 'resource-review', title: '课程资源审核', desc: '审核教学点上传的课程资源，发布或退回；总校评定精品资源', url: '/packages/staff/pages/resource-review/index', roles: POINT_STAFF },
  { key: 'resource-upload', title: '上传课程资源', desc: '上传视频、音频、电子书、动画或课件，自动进行内容安全检测', url: '/packages/staff/pages/resource-upload/index', roles: POINT_STAFF },
  { key: 'case-submit', title: '提交优秀活动案例', desc: '从本分校已结束的主题日活动中选出优秀案例，附上照片提交总校', url: '/packages/staff/pages/case-submit/index', roles: BRANCH_ADMIN },
  { key: 'case-select', title: '优秀案例评选与资助', desc: '评选各分校提交的优秀活动案例，登记资助金额', url: '/packages/staff/pages/case-select/index', roles: HEAD },
  { key: 'plan-review', title: '教学计划审核', desc: '审核教学点提交的年度教学计划，通过或退回修改', url: '/packages/staff/pages/plan-review/index', roles: BRANCH_STAFF },
  { key: 'demo-meter', title: '示范教学点开课进度', desc: '各示范教学点本年开课数与24次要求，进度落后一目了然', url: '/packages/staff/pages/demo-meter/index', roles: BRANCH_STAFF },
  { key: 'plan-edit', title: '编制教学计划', desc: '按月安排各主题课程、面向人群和主题日活动，提交分校审核，查看执行进度', url: '/packages/staff/pages/plan-edit/index', roles: POINT_STAFF },
  { key: 'checklist', title: '四化八有', desc: '教学点逐项上传佐证照片，分校逐项审核', url: '/packages/staff/pages/checklist/index', roles: POINT_STAFF },
  { key: 'demo-apply', title: '申报示范教学点', desc: '为本分校的教学点申报示范教学点，每年10月31日截止', url: '/packages/staff/pages/demo-apply/index', roles: BRANCH_ADMIN },
  { key: 'demo-queue', title: '示范教学点申报审核', desc: '查看各分校的申报和数据，通过命名或说明理由不予通过', url: '/packages/staff/pages/demo-queue/index', roles: HEAD },
  { key: 'verification', title: '示范教学点复核', desc: '按权重排名，确认整改名单和期限，复查整改结果', url: '/packages/staff/pages/verification/index', roles: BRANCH_STAFF },
  { key: 'archive', title: '教学点年度档案', desc: '查看教学点全年档案，下载Word文档', url: '/packages/staff/pages/archive/index', roles: POINT_STAFF },
  { key: 'teacher-pool', title: '师资库', desc: '审核讲师申请、发放和撤销聘书、出示聘书二维码', url: '/packages/staff/pages/teacher-pool/index', roles: BRANCH_STAFF },
  { key: 'stats-overview', title: '统计总览', desc: '学员、开课、志愿服务和竞答的年度数字，各单位对比和五年走势，可导出表格', url: '/packages/staff/pages/stats-overview/index', roles: POINT_STAFF },
  { key: 'import', title: '表格导入', desc: '下载模板，从表格批量导入教学点、讲师或分校管理员，逐行查看结果', url: '/packages/staff/pages/import/index', roles: BRANCH_STAFF },
];

export function toolsFor(grants: RoleGrant[]): StaffTool[] {
  const held = grants.map((g) => g.role);
  return TOOLS.filter((t) => isRegistered(t.url) && t.roles.some((r) => held.indexOf(r) >= 0));
}

export function roleLines(grants: MeRole[]): { key: string; text: string }[] {
  return grants.map((g, i) => ({
    key: `${g.role}-${g.scopeId ?? ''}-${i}`,
    // The unit's name ("渝中区分校"), never its id (br_500103).
    text: (ROLE_LABELS[g.role] || g.role) + (g.scopeName ? `（${g.scopeName}）` : ''),
  }));
}

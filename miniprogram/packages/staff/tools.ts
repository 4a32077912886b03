import { isRegistered } from '../../routes';
import type { Role, RoleGrant } from '../../services/user';

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

/**
 * The staff tools the console can open. A tool appears only when its page is registered in
 * app.json (routes.ts) and the caller holds one of its roles: nothing here is a placeholder.
 */
const TOOLS: StaffTool[] = [
  { key: 'points', title: '教学点管理', desc: '新建教学点、任命负责人', url: '/packages/staff/pages/points/index', roles: ['head_admin', 'branch_admin'] },
  { key: 'courses', title: '课程与签到', desc: '发布课程、出示签到码、查看名单和年度开课数', url: '/packages/staff/pages/point-stats/index', roles: ['head_admin', 'branch_admin', 'point_admin'] },
  { key: 'questions', title: '题库导入', desc: '从表格导入题目，逐行查看导入结果', url: '/packages/staff/pages/question-import/index', roles: ['head_admin'] },
  { key: 'quiz', title: '发布竞答', desc: '创建并安排全市或本分校的科普竞答', url: '/packages/staff/pages/quiz-edit/index', roles: ['head_admin', 'branch_admin'] },
  { key: 'quiz-stats', title: '竞答参与情况', desc: '按分校、教学点查看参与人数', url: '/packages/staff/pages/quiz-stats/index', roles: ['head_admin', 'branch_admin'] },
  { key: 'volunteer', title: '志愿服务审核', desc: '管理志愿服务队：审核队员与服务时长、出示签到码、导出报表', url: '/pages/teams/index', roles: ['head_admin', 'branch_admin', 'point_admin', 'team_leader'] },
];

export function toolsFor(grants: RoleGrant[]): StaffTool[] {
  const held = grants.map((g) => g.role);
  return TOOLS.filter((t) => isRegistered(t.url) && t.roles.some((r) => held.indexOf(r) >= 0));
}

export function roleLines(grants: RoleGrant[]): { key: string; text: string }[] {
  return grants.map((g, i) => ({
    key: `${g.role}-${g.scopeId ?? ''}-${i}`,
    text: (ROLE_LABELS[g.role] || g.role) + (g.scopeId ? `（${g.scopeId}）` : ''),
  }));
}

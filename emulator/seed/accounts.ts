/**
 * Demo accounts of the local cloud: send one as the `x-wx-openid` header (or pick it in the
 * mini-program's developer panel) to act as that person. Listed in the README.
 */
export const DEMO_ACCOUNTS = {
  headAdmin: 'demo-head-admin',
  branchAdminYuzhong: 'demo-branch-admin-yuzhong',
  branchAdminJiangbei: 'demo-branch-admin-jiangbei',
  pointAdminJiefangbei: 'demo-point-admin-jiefangbei',
  teamLeader: 'demo-team-leader',
  learners: ['demo-learner-1', 'demo-learner-2', 'demo-learner-3', 'demo-learner-4', 'demo-learner-5', 'demo-learner-6'],
  volunteer: 'demo-volunteer-1',
  /** A WeChat user who has not enrolled anywhere. */
  newcomer: 'demo-newcomer',
} as const;

import { isRegistered } from '../../routes';

export interface HomeEntry {
  key: string;
  title: string;
  desc: string;
  url: string;
}

/**
 * The big entries of the home page. Pages owned by other developers: an entry renders only once
 * its page is registered in app.json (see routes.ts).
 */
const CANDIDATES: HomeEntry[] = [
  { key: 'points', title: '找教学点', desc: '查找离家近的社区科普大学教学点', url: '/pages/points/index' },
  { key: 'me', title: '我的', desc: '报名信息、转到其他教学点、我的职务', url: '/pages/me/index' },
  { key: 'courses', title: '科普课程', desc: '查看近期课程并报名', url: '/pages/courses/index' },
  { key: 'quiz', title: '科普答题', desc: '参加科普知识竞答', url: '/pages/quizzes/index' },
  { key: 'volunteer', title: '科技志愿服务', desc: '加入志愿服务队，记录服务时长', url: '/pages/hours/index' },
];

export const STAFF_CONSOLE_URL = '/packages/staff/pages/index/index';

export function availableEntries(): HomeEntry[] {
  return CANDIDATES.filter((entry) => isRegistered(entry.url));
}

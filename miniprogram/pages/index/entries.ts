import { isRegistered } from '../../routes';

export interface HomeEntry {
  key: string;
  title: string;
  desc: string;
  url: string;
}

/**
 * The main entries of the home page, on its first screen. Pages owned by other developers: an
 * entry renders only once its page is registered in app.json (see routes.ts). 找教学点 is offered
 * to learners only: a resident who has not enrolled has one way in, 报名入学 (the next step card).
 */
const CANDIDATES: HomeEntry[] = [
  { key: 'courses', title: '课程', desc: '近期课程，报名上课', url: '/pages/courses/index' },
  { key: 'quiz', title: '答题', desc: '科普知识竞答', url: '/pages/quizzes/index' },
  { key: 'volunteer', title: '志愿服务', desc: '服务队和服务时长', url: '/pages/hours/index' },
  { key: 'points', title: '找教学点', desc: '地址、导航、联系人', url: '/pages/points/index' },
];

export const STAFF_CONSOLE_URL = '/packages/staff/pages/index/index';

export function availableEntries(enrolled: boolean): HomeEntry[] {
  return CANDIDATES.filter((entry) => isRegistered(entry.url) && (enrolled || entry.key !== 'points'));
}

/**
 * Which topics fit a learner: the seed asks teaching to follow residents' gender, age and
 * occupation, around "衣食住行用、生长老病死". Pure functions: a score per course and the reason a
 * resident reads ("为您推荐：…").
 */
import type { Topic } from '../../typings/course';
import type { Gender, Occupation } from '../_shared/org';
import { shanghaiYear } from '../_shared/time';

export interface Profile {
  gender: Gender;
  birthYear: number;
  occupation: Occupation;
  pointId: string;
}

interface Fit {
  topics: Partial<Record<Topic, number>>;
  reason: string;
}

function ageFit(age: number): Fit {
  if (age >= 60) return { topics: { 老: 3, 病: 3, 食: 2, 用: 2, 死: 1 }, reason: '适合长辈：健康养老、防诈骗和智能手机' };
  if (age >= 45) return { topics: { 病: 3, 食: 2, 老: 2, 住: 1 }, reason: '适合中年朋友：慢病预防、饮食和照护老人' };
  if (age >= 18) return { topics: { 生: 3, 长: 2, 食: 1, 行: 1, 用: 1 }, reason: '适合年轻家庭：优生优育和孩子成长' };
  return { topics: { 长: 3, 用: 2, 行: 2 }, reason: '适合青少年：成长、科技和出行安全' };
}

function genderFit(gender: Gender, age: number): Fit {
  if (gender === 'female') {
    return age >= 35 ? { topics: { 病: 1, 衣: 1 }, reason: '适合女性：两癌筛查等健康知识' } : { topics: { 生: 1, 衣: 1 }, reason: '适合女性：孕产和健康知识' };
  }
  return age >= 45 ? { topics: { 病: 1, 行: 1 }, reason: '适合男性：心脑血管健康和安全出行' } : { topics: { 行: 1, 住: 1 }, reason: '适合男性：出行与居家安全' };
}

const OCCUPATION_FIT: Record<Occupation, Fit> = {
  retired: { topics: { 老: 2, 用: 1, 病: 1 }, reason: '适合退休朋友：养老与健康' },
  worker: { topics: { 行: 1, 病: 1, 住: 1 }, reason: '适合职工朋友：职业健康与安全' },
  farmer: { topics: { 食: 2, 住: 1, 生: 1 }, reason: '适合农民朋友：科学种养与食品安全' },
  civil_servant: { topics: { 住: 1, 用: 1 }, reason: '适合机关干部：生活科普与应急知识' },
  teacher: { topics: { 长: 2, 生: 1 }, reason: '适合教师：青少年成长与科学教育' },
  medical: { topics: { 病: 1, 死: 1 }, reason: '适合医务工作者：健康科普与急救' },
  self_employed: { topics: { 用: 2, 食: 1 }, reason: '适合个体经营者：网络安全与食品卫生' },
  student: { topics: { 长: 2, 用: 1, 行: 1 }, reason: '适合学生：成长与科技' },
  other: { topics: {}, reason: '' },
};

export const TOPIC_NAMES: Record<Topic, string> = {
  衣: '衣着健康',
  食: '饮食营养与食品安全',
  住: '居家安全',
  行: '出行安全',
  用: '智能生活与防诈骗',
  生: '生殖健康与优生优育',
  长: '成长发育',
  老: '健康养老',
  病: '疾病预防',
  死: '生命教育与急救',
};

export interface Candidate {
  topic: Topic;
  pointId: string;
  startsAt: Date;
  full: boolean;
}

export interface Scored {
  score: number;
  reason: string;
}

/** The learner's fit with one course; `attended` counts the courses of each topic they attended. */
export function scoreCourse(course: Candidate, profile: Profile | null, attended: Partial<Record<Topic, number>>, now: Date): Scored {
  // Sooner courses first among equals: up to 1 point, fading over 30 days.
  const days = Math.max(0, (course.startsAt.getTime() - now.getTime()) / 86_400_000);
  const soon = Math.max(0, 1 - days / 30);
  const fullPenalty = course.full ? -2 : 0;
  if (!profile) return { score: soon + fullPenalty, reason: '近期开课，欢迎报名' };

  const age = shanghaiYear(now) - profile.birthYear;
  const reasons: Array<{ weight: number; text: string }> = [];
  for (const fit of [ageFit(age), genderFit(profile.gender, age), OCCUPATION_FIT[profile.occupation]]) {
    const w = fit.topics[course.topic] ?? 0;
    if (w > 0 && fit.reason) reasons.push({ weight: w, text: fit.reason });
  }
  const times = attended[course.topic] ?? 0;
  if (times > 0) reasons.push({ weight: Math.min(4, 2 * times), text: `您参加过${times}次「${course.topic}」主题（${TOPIC_NAMES[course.topic]}）的课程` });
  const here = course.pointId === profile.pointId;
  if (here) reasons.push({ weight: 2, text: '就在您所在的教学点' });

  const score = reasons.reduce((sum, r) => sum + r.weight, 0) + soon + fullPenalty;
  const best = reasons.sort((a, b) => b.weight - a.weight)[0];
  return { score, reason: best ? best.text : '近期开课，欢迎报名' };
}

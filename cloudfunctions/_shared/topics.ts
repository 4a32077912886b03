import type { Topic } from '../../typings/course';

/**
 * The functions' one list of course topics (the seed's 衣食住行用、生长老病死) and the names a
 * resident reads. The mini-program keeps the same list in miniprogram/utils/topics.ts (pages may
 * load only code inside miniprogram/); test/kernel/topics.test.ts holds the two equal.
 */
export const TOPIC_LABELS: Readonly<Record<Topic, string>> = {
  衣: '衣着健康',
  食: '饮食营养',
  住: '居家安全',
  行: '出行安全',
  用: '智能生活',
  生: '优生优育',
  长: '成长发育',
  老: '健康养老',
  病: '疾病预防',
  死: '生命与急救',
};

export const TOPICS = Object.keys(TOPIC_LABELS) as readonly Topic[] as [Topic, ...Topic[]];

export function isTopic(value: string): value is Topic {
  return Object.prototype.hasOwnProperty.call(TOPIC_LABELS, value);
}

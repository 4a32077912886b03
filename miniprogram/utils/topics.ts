import type { Topic } from '../../typings/course';

/**
 * The one list of course topics (the seed's 衣食住行用、生长老病死) with the names a resident reads.
 * A single character alone ("死" on a first-aid course) says nothing to a resident: pages show
 * the label, never the bare character.
 */
export const TOPIC_LABELS: Record<Topic, string> = {
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

export const TOPICS = Object.keys(TOPIC_LABELS) as Topic[];

export function topicLabel(topic: string): string {
  return (TOPIC_LABELS as Record<string, string>)[topic] ?? '';
}

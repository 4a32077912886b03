import { z } from '../_shared/validate';
import { TOPICS } from './model';
import type { Topic } from '../../typings/course';

export const topic = z.enum(TOPICS as [Topic, ...Topic[]], { error: '课程主题应为 衣、食、住、行、用、生、长、老、病、死 之一' });

export const mode = z.enum(['offline', 'online'], { error: '上课方式应为线下或线上' });

export const onlineUrl = z
  .string({ error: '线上课程链接应为网址' })
  .trim()
  .max(500, '线上课程链接不能超过500个字符')
  .regex(/^https:\/\/[^\s]+$/, '线上课程链接应为以 https:// 开头的网址');

export const checkinCodeDigits = z.string({ error: '请输入签到码' }).trim().regex(/^\d{6}$/, '签到码应为6位数字，请核对后重新输入');

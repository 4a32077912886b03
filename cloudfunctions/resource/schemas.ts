import type { Topic } from '../../typings/course';
import { z } from '../_shared/validate';
import { TOPICS } from './model';

export const topicField = z.enum(TOPICS as unknown as [Topic, ...Topic[]], { error: '主题应为 衣、食、住、行、用、生、长、老、病、死 之一' });

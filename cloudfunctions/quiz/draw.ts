import type { Database } from '../_shared/cloud';
import { failedPrecondition } from '../_shared/errors';
import { QUESTIONS, type AskedQuestion, type QuestionDoc } from './model';
import { sample, shuffled } from './random';

/**
 * Draws `count` active questions of the quiz's pool uniformly at random (usually one read by
 * `_id in [...]`; retired questions are replaced by further draws from the rest of the pool).
 */
export async function drawQuestions(db: Database, pool: string[], count: number): Promise<QuestionDoc[]> {
  const _ = db.command;
  const remaining = shuffled(pool);
  const picked: QuestionDoc[] = [];
  while (picked.length < count && remaining.length > 0) {
    const ids = remaining.splice(0, count - picked.length);
    const res = await db
      .collection<QuestionDoc>(QUESTIONS)
      .where({ _id: _.in(ids) })
      .limit(ids.length)
      .get();
    picked.push(...res.data.filter((q) => q.status === 'active'));
  }
  if (picked.length < count) throw failedPrecondition('这场竞答的可用题目不足（部分题目已停用），请联系管理员调整后再试');
  return sample(picked, count);
}

/**
 * The question as this attempt asks it: options in a fresh random order (judge questions keep
 * 正确/错误 in place: their text already says which is which), the answer mapped to that order.
 */
export function askQuestion(q: QuestionDoc): AskedQuestion {
  const natural = q.options.map((_, i) => i);
  const perm = q.type === 'judge' ? natural : shuffled(natural);
  const answer = perm.map((orig, shown) => (q.answer.includes(orig) ? shown : -1)).filter((i) => i >= 0);
  return {
    id: q._id,
    version: q.version,
    type: q.type,
    stem: q.stem,
    options: perm.map((i) => q.options[i]),
    answer,
    perm,
    explanation: q.explanation,
  };
}

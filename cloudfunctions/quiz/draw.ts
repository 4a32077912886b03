import type { Database } from '../_shared/cloud';
import { failedPrecondition } from '../_shared/errors';
import { QUESTIONS, type AskedQuestion, type QuestionDoc } from './model';
import { TtlCache } from './instance-cache';
import { sample, shuffled } from './random';

/** A quiz's pool, its active question documents, kept per instance for POOL_TTL_MS. */
const POOL_TTL_MS = 20_000;
const POOL_BATCH = 1000;
const pools = new TtlCache<QuestionDoc[]>(POOL_TTL_MS, 50);

/** After a bank edit in this instance: the next draw reads the pools again. */
export function forgetPools(): void {
  pools.clear();
}

async function activePool(db: Database, quizId: string, pool: string[], now: Date): Promise<QuestionDoc[]> {
  const key = `${quizId}:${pool.length}`;
  const cached = pools.get(key, now);
  if (cached) return cached;
  const _ = db.command;
  const docs: QuestionDoc[] = [];
  for (let i = 0; i < pool.length; i += POOL_BATCH) {
    const ids = pool.slice(i, i + POOL_BATCH);
    const res = await db.collection<QuestionDoc>(QUESTIONS).where({ _id: _.in(ids) }).limit(ids.length).get();
    docs.push(...res.data.filter((q) => q.status === 'active'));
  }
  pools.set(key, docs, now);
  return docs;
}

/**
 * Draws `count` active questions of the quiz's pool uniformly at random. The pool's documents
 * (fixed once the quiz is open) are read once per instance and kept POOL_TTL_MS, so a warm
 * instance starts attempts without reading the bank: a question edited or retired in another
 * instance reaches new attempts within that time (every attempt keeps the version it asked).
 * Reads: 0 warm, 1 per 1000 pool questions cold.
 */
export async function drawQuestions(db: Database, quizId: string, pool: string[], count: number, now: Date): Promise<QuestionDoc[]> {
  const active = await activePool(db, quizId, pool, now);
  if (active.length < count) throw failedPrecondition('这场竞答的可用题目不足（部分题目已停用），请联系管理员调整后再试');
  return sample(active, count);
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

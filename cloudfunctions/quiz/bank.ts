import { writeAudit } from '../_shared/audit';
import { isDuplicateKeyError, type Database } from '../_shared/cloud';
import type { ImportRejection, ImportQuestionsResult } from '../../typings/quiz';
import { QUESTIONS, type QuestionContent } from './model';
import { checkQuestion, stemKeyOf } from './question-rules';
import { randomId, randomUnit } from './random';

export const MAX_IMPORT = 500;
const WRITE_CONCURRENCY = 8;

/** One item of an import: its position, its spreadsheet row (file imports), and the raw value or a parse failure. */
export type ImportItem = { index: number; row?: number } & ({ raw: unknown } | { reason: string });

/** Runs `fn` over items with at most `limit` in flight. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  });
  await Promise.all(workers);
}

/**
 * Validates every item and stores the valid ones (one insert each; the unique stemKey index turns
 * a question already in the bank into a reported rejection). Nothing is dropped silently: every
 * item is either counted in `imported` or listed in `rejected`.
 */
export async function importItems(db: Database, actor: string, items: ImportItem[]): Promise<ImportQuestionsResult> {
  const rejected: ImportRejection[] = [];
  const reject = (item: ImportItem, reason: string) =>
    rejected.push(item.row !== undefined ? { index: item.index, row: item.row, reason } : { index: item.index, reason });
  const accepted: Array<{ item: ImportItem; value: QuestionContent; stemKey: string }> = [];
  const firstByStem = new Map<string, ImportItem>();

  for (const item of items) {
    if ('reason' in item) {
      reject(item, item.reason);
      continue;
    }
    const checked = checkQuestion(item.raw);
    if (!checked.ok) {
      reject(item, checked.reason);
      continue;
    }
    const stemKey = stemKeyOf(checked.value.stem);
    const first = firstByStem.get(stemKey);
    if (first) {
      reject(item, first.row !== undefined ? `与第${first.row}行的题目重复` : `与第${first.index + 1}题重复`);
      continue;
    }
    firstByStem.set(stemKey, item);
    accepted.push({ item, value: checked.value, stemKey });
  }

  const ids = new Map<ImportItem, string>();
  await eachLimited(accepted, WRITE_CONCURRENCY, async ({ item, value, stemKey }) => {
    const _id = randomId('q_');
    try {
      await db.collection(QUESTIONS).add({
        data: {
          _id,
          ...value,
          stemKey,
          status: 'active',
          version: 1,
          rand: randomUnit(),
          createdBy: actor,
          createdAt: db.serverDate(),
          updatedBy: actor,
          updatedAt: db.serverDate(),
        },
      });
      ids.set(item, _id);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      reject(item, '题库中已有相同题干的题目（含已停用的题目），未重复导入');
    }
  });

  rejected.sort((a, b) => a.index - b.index);
  const questionIds = accepted.map((a) => ids.get(a.item)).filter((id): id is string => !!id);
  if (questionIds.length > 0) {
    await writeAudit(db, {
      actor,
      action: 'quiz.importQuestions',
      targetType: 'questions',
      targetId: questionIds[0],
      scope: {},
      after: { imported: questionIds.length, rejected: rejected.length },
    });
  }
  return { imported: questionIds.length, rejected, questionIds };
}

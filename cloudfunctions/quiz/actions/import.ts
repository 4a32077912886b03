import type { ImportQuestionsFileParams, ImportQuestionsFileResult, ImportQuestionsParams, ImportQuestionsResult, QuestionInput } from '../../../typings/quiz';
import { params } from '../../_shared/contract';
import { invalidArgument } from '../../_shared/errors';
import { customUserAction } from '../../_shared/handler';
import { z } from '../../_shared/validate';
import { importItems, MAX_IMPORT } from '../bank';
import { readSheet, SheetError } from '../sheet';
import { requireBankKeeper } from '../staff';

// Items are checked one by one by checkQuestion (bank.ts), so that one bad item is reported
// instead of failing the whole call: the schema only bounds the list.
const importInput = params<ImportQuestionsParams>()(
  z.object({
    questions: z
      .array(z.custom<QuestionInput>(), { error: '请提供题目列表' })
      .min(1, '题目列表是空的')
      .max(MAX_IMPORT, `一次最多导入${MAX_IMPORT}道题，请分批导入`),
  }),
);

export const importQuestions = customUserAction('head_admin', importInput, async (input, ctx): Promise<ImportQuestionsResult> => {
  const { openid } = ctx;
  await requireBankKeeper(ctx.db, openid);
  return importItems(
    ctx.db,
    openid,
    input.questions.map((raw, index) => ({ index, raw })),
  );
});

/** ~1 MB of base64 (~750 KB of file): the size of thousands of rows. */
const MAX_BASE64 = 1_400_000;

const fileInput = params<ImportQuestionsFileParams>()(
  z.object({
    fileName: z
      .string({ error: '缺少文件名' })
      .trim()
      .min(1, '缺少文件名')
      .max(200, '文件名太长')
      .regex(/\.(csv|xlsx)$/i, '只支持 .csv 或 .xlsx 文件'),
    contentBase64: z
      .string({ error: '缺少文件内容' })
      .min(1, '文件是空的')
      .max(MAX_BASE64, '文件太大：请分成几个文件导入（每个不超过 500 道题）')
      .regex(/^[A-Za-z0-9+/=\r\n]+$/, '文件内容格式不正确，请重新选择文件'),
  }),
);

export const importQuestionsFile = customUserAction('head_admin', fileInput, async (input, ctx): Promise<ImportQuestionsFileResult> => {
  const { openid } = ctx;
  await requireBankKeeper(ctx.db, openid);
  let rows;
  try {
    rows = await readSheet(input.fileName, Buffer.from(input.contentBase64, 'base64'));
  } catch (error) {
    if (error instanceof SheetError) throw invalidArgument(error.message);
    throw error;
  }
  const result = await importItems(
    ctx.db,
    openid,
    rows.map((r, index) => ('reason' in r ? { index, row: r.row, reason: r.reason } : { index, row: r.row, raw: r.question })),
  );
  return { ...result, rows: rows.length };
});

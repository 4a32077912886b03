import { createHash } from 'node:crypto';
import type { QuestionType } from '../../typings/quiz';
import type { QuestionContent } from './model';

/**
 * The rules every question of the bank obeys, checked item by item so that an import can store
 * the good ones and report each bad one with a reason a staff member can act on.
 */
export const LIMITS = {
  stemMax: 500,
  optionMax: 200,
  minOptions: 2,
  maxOptions: 6,
  explanationMax: 1000,
  topicMax: 20,
} as const;

export const DEFAULT_TOPIC = '综合';
export const JUDGE_OPTIONS = ['正确', '错误'];
export const OPTION_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];

const TYPE_LABEL: Record<QuestionType, string> = { single: '单选题', multiple: '多选题', judge: '判断题' };

export type Checked = { ok: true; value: QuestionContent } | { ok: false; reason: string };

function fail(reason: string): Checked {
  return { ok: false, reason };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Validates and normalises one question (trimmed text, sorted answer, default topic). */
export function checkQuestion(raw: unknown): Checked {
  if (!isPlainObject(raw)) return fail('题目格式不正确：应包含题型、题干、选项和答案');
  const type = raw.type;
  if (type !== 'single' && type !== 'multiple' && type !== 'judge') {
    return fail('题型不正确：应为单选、多选或判断');
  }
  const label = TYPE_LABEL[type];

  if (typeof raw.stem !== 'string' || !raw.stem.trim()) return fail('题干不能为空');
  const stem = raw.stem.trim();
  if (Array.from(stem).length > LIMITS.stemMax) return fail(`题干不能超过${LIMITS.stemMax}个字`);

  let optionsRaw = raw.options;
  if (type === 'judge' && (optionsRaw === undefined || (Array.isArray(optionsRaw) && optionsRaw.length === 0))) optionsRaw = JUDGE_OPTIONS;
  if (!Array.isArray(optionsRaw)) return fail('选项应为一组文字');
  if (!optionsRaw.every((o) => typeof o === 'string')) return fail('每个选项都应为文字');
  const options = (optionsRaw as string[]).map((o) => o.trim());
  if (options.some((o) => !o)) return fail('选项不能为空，请删去空白选项');
  if (options.some((o) => Array.from(o).length > LIMITS.optionMax)) return fail(`每个选项不能超过${LIMITS.optionMax}个字`);
  if (type === 'judge') {
    if (options.length !== 2) return fail('判断题应恰好有两个选项（如“正确”和“错误”）');
  } else {
    if (options.length < LIMITS.minOptions) return fail(`${label}至少需要${LIMITS.minOptions}个选项`);
    if (options.length > LIMITS.maxOptions) return fail(`${label}最多${LIMITS.maxOptions}个选项（A 到 F）`);
  }
  if (new Set(options).size !== options.length) return fail('选项有重复，请修改为不同的内容');

  const answerRaw = raw.answer;
  if (!Array.isArray(answerRaw) || answerRaw.length === 0) return fail('请填写正确答案');
  if (!answerRaw.every((a) => typeof a === 'number' && Number.isInteger(a))) return fail('答案应为选项序号（0 表示 A，1 表示 B……）');
  const answer = [...(answerRaw as number[])].sort((a, b) => a - b);
  if (answer.some((a) => a < 0 || a >= options.length)) {
    return fail(`答案超出选项范围：本题只有 ${OPTION_LETTERS.slice(0, options.length).join('、')} ${options.length} 个选项`);
  }
  if (new Set(answer).size !== answer.length) return fail('答案中有重复的选项');
  if ((type === 'single' || type === 'judge') && answer.length !== 1) return fail(`${label}只能有一个正确答案`);
  if (type === 'multiple' && answer.length < 2) return fail('多选题至少应有两个正确答案；只有一个答案请改为单选题');

  let explanation = '';
  if (raw.explanation !== undefined && raw.explanation !== null) {
    if (typeof raw.explanation !== 'string') return fail('解析应为文字');
    explanation = raw.explanation.trim();
    if (Array.from(explanation).length > LIMITS.explanationMax) return fail(`解析不能超过${LIMITS.explanationMax}个字`);
  }
  let topic = DEFAULT_TOPIC;
  if (raw.topic !== undefined && raw.topic !== null) {
    if (typeof raw.topic !== 'string') return fail('主题应为文字');
    topic = raw.topic.trim() || DEFAULT_TOPIC;
    if (Array.from(topic).length > LIMITS.topicMax) return fail(`主题不能超过${LIMITS.topicMax}个字`);
  }
  return { ok: true, value: { type, stem, options, answer, explanation, topic } };
}

/** The bank's duplicate key: the stem without spacing or case differences. */
export function stemKeyOf(stem: string): string {
  const normal = stem.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return createHash('sha256').update(normal).digest('hex').slice(0, 32);
}

/**
 * The question editor's pure parts: list rows for display, the edit form, and the checks the page
 * runs before saving (the quiz function checks again; these only spare a round trip).
 */
import { LETTERS, type QuestionInput, type QuestionItem } from '../../../../services/quiz';

export type QuestionType = QuestionItem['type'];

export const TYPE_NAMES: Record<QuestionType, string> = { single: '单选题', multiple: '多选题', judge: '判断题' };
export const TYPE_CHOICES: { value: QuestionType; label: string }[] = [
  { value: 'single', label: '单选' },
  { value: 'multiple', label: '多选' },
  { value: 'judge', label: '判断' },
];
export const JUDGE_OPTIONS = ['正确', '错误'];
export const MAX_OPTIONS = 6;

export interface QuestionRow {
  id: string;
  stem: string;
  meta: string;
  options: { key: string; text: string; correct: boolean }[];
  answerText: string;
  explanation: string;
  active: boolean;
}

/** "2026-03-10T10:00:00+08:00" -> "2026年3月10日". */
function dateText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

export function toRow(q: QuestionItem): QuestionRow {
  return {
    id: q.id,
    stem: q.stem,
    meta: `${TYPE_NAMES[q.type]} · ${q.topic} · 第 ${q.version} 版 · ${dateText(q.updatedAt)}更新`,
    options: q.options.map((text, i) => ({ key: `${q.id}-${i}`, text: `${LETTERS[i]}. ${text}`, correct: q.answer.indexOf(i) >= 0 })),
    answerText: `正确答案：${q.answer.map((i) => LETTERS[i]).join('、')}`,
    explanation: q.explanation,
    active: q.status === 'active',
  };
}

export interface EditForm {
  id: string;
  version: number;
  type: QuestionType;
  stem: string;
  options: string[];
  answer: number[];
  explanation: string;
  topic: string;
}

export function toForm(q: QuestionItem): EditForm {
  return {
    id: q.id,
    version: q.version,
    type: q.type,
    stem: q.stem,
    options: q.options.slice(),
    answer: q.answer.slice(),
    explanation: q.explanation,
    topic: q.topic,
  };
}

/** The form after choosing another type: judge has exactly 正确/错误; single keeps one answer. */
export function changeType(form: EditForm, type: QuestionType): EditForm {
  if (type === form.type) return form;
  if (type === 'judge') {
    return { ...form, type, options: JUDGE_OPTIONS.slice(), answer: [form.answer[0] === 1 ? 1 : 0] };
  }
  const options = form.type === 'judge' ? ['', ''] : form.options;
  const answer = form.type === 'judge' ? [] : type === 'single' ? form.answer.slice(0, 1) : form.answer;
  return { ...form, type, options, answer };
}

/** Marks or unmarks option `index` as correct (single/judge: the only correct one). */
export function toggleAnswer(form: EditForm, index: number): EditForm {
  if (form.type !== 'multiple') return { ...form, answer: [index] };
  const has = form.answer.indexOf(index) >= 0;
  const answer = has ? form.answer.filter((i) => i !== index) : form.answer.concat(index).sort((a, b) => a - b);
  return { ...form, answer };
}

export function removeOption(form: EditForm, index: number): EditForm {
  return {
    ...form,
    options: form.options.filter((_, i) => i !== index),
    answer: form.answer.filter((i) => i !== index).map((i) => (i > index ? i - 1 : i)),
  };
}

/** A Chinese sentence saying what to fix, or '' when the form can be saved. */
export function formProblem(form: EditForm): string {
  if (!form.stem.trim()) return '请填写题干';
  if (form.options.length < 2) return '至少需要两个选项';
  const blank = form.options.findIndex((o) => !o.trim());
  if (blank >= 0) return `选项${LETTERS[blank]}还没有填写内容，请填写或删除这个选项`;
  const seen: string[] = [];
  for (let i = 0; i < form.options.length; i++) {
    const o = form.options[i].trim();
    if (seen.indexOf(o) >= 0) return `选项${LETTERS[i]}与前面的选项重复，请修改`;
    seen.push(o);
  }
  if (form.type === 'multiple' && form.answer.length < 2) return '多选题请至少选择两个正确答案';
  if (form.type !== 'multiple' && form.answer.length !== 1) return '请选择一个正确答案';
  return '';
}

export function toInput(form: EditForm): QuestionInput {
  return {
    type: form.type,
    stem: form.stem.trim(),
    options: form.options.map((o) => o.trim()),
    answer: form.answer,
    explanation: form.explanation.trim(),
    topic: form.topic.trim() || undefined,
  };
}

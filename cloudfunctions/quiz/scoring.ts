import { invalidArgument } from '../_shared/errors';
import { toIso } from '../_shared/time';
import type { ReviewItem, SubmitResult } from '../../typings/quiz';
import type { AskedQuestion, AttemptDoc, StoredResult } from './model';

export interface Answer {
  questionId: string;
  choice: number[];
}

/** The chosen shown-indexes per asked question (unanswered = []), or INVALID_ARGUMENT. */
export function choicesFor(questions: AskedQuestion[], answers: Answer[]): number[][] {
  const byId = new Map(questions.map((q, i) => [q.id, i]));
  const choices: number[][] = questions.map(() => []);
  const seen = new Set<string>();
  for (const a of answers) {
    const i = byId.get(a.questionId);
    if (i === undefined) throw invalidArgument('提交的答案与本次题目对不上，请返回重新进入答题');
    if (seen.has(a.questionId)) throw invalidArgument('同一道题提交了两次答案，请重新提交');
    seen.add(a.questionId);
    const options = questions[i].options.length;
    if (a.choice.some((c) => c >= options)) throw invalidArgument('选择的选项不存在，请重新选择后提交');
    choices[i] = [...new Set(a.choice)].sort((x, y) => x - y);
  }
  return choices;
}

/** All-or-nothing: a question counts only when exactly the correct options were chosen. */
export function isCorrect(q: AskedQuestion, choice: number[]): boolean {
  return choice.length === q.answer.length && choice.every((c, i) => c === q.answer[i]);
}

export function scoreOf(correctCount: number, total: number): number {
  return total === 0 ? 0 : Math.round((100 * correctCount) / total);
}

export function grade(questions: AskedQuestion[], choices: number[][], durationMs: number): StoredResult {
  const correctCount = questions.filter((q, i) => isCorrect(q, choices[i])).length;
  return { score: scoreOf(correctCount, questions.length), correctCount, total: questions.length, durationMs, choices, titleEarned: false };
}

/**
 * The submit answer, rebuilt from the stored attempt (so a repeated submit answers the same).
 * `shown`: whether the quiz's `reviewAnswers` lets the review carry answers and explanations now.
 */
export function resultPayload(a: AttemptDoc & { result: StoredResult; submittedAt: Date }, shown: boolean): SubmitResult {
  const review: ReviewItem[] = a.questions.map((q, i) => {
    const choice = a.result.choices[i] ?? [];
    return {
      questionId: q.id,
      correct: isCorrect(q, choice),
      answer: shown ? q.answer : null,
      explanation: shown ? q.explanation : null,
      type: q.type,
      stem: q.stem,
      options: q.options,
      choice,
    };
  });
  const out: SubmitResult = {
    attemptId: a._id,
    score: a.result.score,
    correctCount: a.result.correctCount,
    total: a.result.total,
    durationMs: a.result.durationMs,
    submittedAt: toIso(a.submittedAt),
    review,
    answersShown: shown,
  };
  if (a.result.titleEarned) out.titleEarned = true;
  return out;
}

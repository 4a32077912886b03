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

/**
 * The least time in which a person can read the questions: 2 s per question (looking at it,
 * tapping) plus 50 ms per character of stem and options, i.e. reading at 20 Chinese characters a
 * second, well above a fluent adult's pace. Scoring at least FLAG_MIN_SCORE faster than that is
 * implausible without the answers at hand: the attempt is flagged for staff.
 */
export const READ_MS_PER_QUESTION = 2000;
export const READ_MS_PER_CHAR = 50;
export const FLAG_MIN_SCORE = 80;

export function readingFloorMs(questions: Pick<AskedQuestion, 'stem' | 'options'>[]): number {
  return questions.reduce((ms, q) => ms + READ_MS_PER_QUESTION + READ_MS_PER_CHAR * (q.stem.length + q.options.reduce((n, o) => n + o.length, 0)), 0);
}

export function grade(questions: AskedQuestion[], choices: number[][], durationMs: number): StoredResult {
  const correctCount = questions.filter((q, i) => isCorrect(q, choices[i])).length;
  const score = scoreOf(correctCount, questions.length);
  const floor = readingFloorMs(questions);
  const flagged = score >= FLAG_MIN_SCORE && durationMs < floor;
  return { score, correctCount, total: questions.length, durationMs, choices, titleEarned: false, flagged, readingFloorMs: floor };
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

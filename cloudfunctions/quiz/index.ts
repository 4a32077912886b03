import type { QuizApi } from '../../typings/quiz';
import { createFunction } from '../_shared/handler';
import { create } from './actions/create';
import { importQuestions, importQuestionsFile } from './actions/import';
import { leaderboard } from './actions/leaderboard';
import { get, list } from './actions/list';
import { getAttempt, myAttempts, myBest } from './actions/mine';
import { practiceAnswer, practiceNext } from './actions/practice';
import { bankSummary, listQuestions, restoreQuestion, retireQuestion, updateQuestion } from './actions/questions';
import { cancel, update } from './actions/manage';
import { start } from './actions/start';
import { flaggedAttempts, quizStats } from './actions/stats';
import { submit } from './actions/submit';
import { myTitle, pointTitles, titles } from './actions/titles';

/** Popular-science quizzes: question bank, quizzes, server-timed attempts, rankings, 科学达人, practice. */
export const main = createFunction<QuizApi>('quiz', {
  // CONTRACT.md
  importQuestions,
  create,
  list,
  start,
  submit,
  leaderboard,
  // Question bank (head admin)
  importQuestionsFile,
  listQuestions,
  updateQuestion,
  retireQuestion,
  restoreQuestion,
  bankSummary,
  // Quizzes and attempts
  get,
  update,
  cancel,
  getAttempt,
  myAttempts,
  myBest,
  // 科学达人
  myTitle,
  titles,
  pointTitles,
  // Practice
  practiceNext,
  practiceAnswer,
  // Staff statistics
  quizStats,
  flaggedAttempts,
});

/**
 * Answers in progress are kept on the phone per attempt, so closing the app mid-attempt loses
 * nothing: `start` resumes the same attempt (same questions, same order) and the draft refills it.
 */
const PREFIX = 'quizDraft:';

export function loadDraft(attemptId: string, count: number): number[][] {
  const stored: unknown = wx.getStorageSync(PREFIX + attemptId);
  const answers: number[][] = Array.from({ length: count }, () => []);
  if (Array.isArray(stored)) {
    stored.slice(0, count).forEach((a, i) => {
      if (Array.isArray(a)) answers[i] = a.filter((x) => typeof x === 'number');
    });
  }
  return answers;
}

export function saveDraft(attemptId: string, answers: number[][]): void {
  wx.setStorageSync(PREFIX + attemptId, answers);
}

export function clearDraft(attemptId: string): void {
  wx.removeStorageSync(PREFIX + attemptId);
}

/** The answer after tapping option `index`: single/judge replace, multiple toggles. */
export function choose(type: string, current: number[], index: number): number[] {
  if (type !== 'multiple') return [index];
  return current.indexOf(index) >= 0 ? current.filter((i) => i !== index) : current.concat(index).sort((a, b) => a - b);
}

/** "8分05秒" style, calm; never negative. */
export function remainingText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const min = Math.floor(total / 60);
  const sec = total % 60;
  return `${min}分${sec < 10 ? '0' : ''}${sec}秒`;
}

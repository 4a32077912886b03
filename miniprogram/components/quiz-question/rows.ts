/** One option as <quiz-question> draws it. */
export interface OptionRow {
  index: number;
  letter: string;
  text: string;
  selected: boolean;
  /** Review: this option is part of the correct answer. */
  correct: boolean;
  /** Review: chosen but not correct. */
  wrong: boolean;
  /** Words for screen readers: the state is never told by colour alone. */
  label: string;
}

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];

export function optionRows(options: string[], selected: number[], answer: number[], reveal: boolean): OptionRow[] {
  return options.map((text, index) => {
    const isSelected = selected.indexOf(index) >= 0;
    const correct = reveal && answer.indexOf(index) >= 0;
    const wrong = reveal && isSelected && !correct;
    const states = [isSelected ? '已选' : '', correct ? '正确答案' : '', wrong ? '选错了' : ''].filter(Boolean).join('，');
    return { index, letter: LETTERS[index] ?? '?', text, selected: isSelected, correct, wrong, label: `${LETTERS[index]}，${text}${states ? `，${states}` : ''}` };
  });
}

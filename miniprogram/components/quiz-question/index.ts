import { optionRows } from './rows';

const TYPE_LABELS: Record<string, string> = { single: '单选题', multiple: '多选题（可选多项）', judge: '判断题' };

/**
 * One question with large, tappable options. While answering it emits `choose` with the option's
 * index; with `reveal` it shows the correct answer and the explanation (review, practice).
 */
Component({
  properties: {
    type: { type: String, value: 'single' },
    stem: { type: String, value: '' },
    options: { type: Array, value: [] as string[] },
    selected: { type: Array, value: [] as number[] },
    answer: { type: Array, value: [] as number[] },
    reveal: { type: Boolean, value: false },
    explanation: { type: String, value: '' },
    /** e.g. "第 3 / 10 题"; empty hides it. */
    progress: { type: String, value: '' },
    disabled: { type: Boolean, value: false },
  },
  data: {
    typeLabel: '单选题',
    rows: [] as ReturnType<typeof optionRows>,
  },
  observers: {
    'type, options, selected, answer, reveal': function (this: { setData(data: Record<string, unknown>): void }, type: string, options: string[], selected: number[], answer: number[], reveal: boolean) {
      this.setData({ typeLabel: TYPE_LABELS[type] || '', rows: optionRows(options || [], selected || [], answer || [], !!reveal) });
    },
  },
  methods: {
    onChoose(e: WechatMiniprogram.TouchEvent) {
      if (this.data.disabled || this.data.reveal) return;
      this.triggerEvent('choose', { index: Number(e.currentTarget.dataset.index) });
    },
  },
});

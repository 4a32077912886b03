import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { isRegistered } from '../../../../routes';
import { bankSummary, LETTERS, listQuestions, restoreQuestion, retireQuestion, updateQuestion, type QuestionItem } from '../../../../services/quiz';
import { messageOf, ServiceError } from '../../../../services/transport';
import { changeType, formProblem, MAX_OPTIONS, removeOption, toForm, toggleAnswer, toInput, toRow, TYPE_CHOICES, type EditForm, type QuestionRow, type QuestionType } from './form';
import { showError } from '../../../../utils/alert';
import { loadMoreWith } from '../../../../utils/load-state';
import { shanghaiIso } from '../../../../utils/time';

const IMPORT_URL = '/packages/staff/pages/question-import/index';
const TITLES_URL = '/packages/staff/pages/quiz-titles/index';

interface TopicChip {
  key: string;
  topic: string;
  label: string;
}

/** Kept outside `data`: the questions as the server sent them (the editor starts from these). */
let loaded: QuestionItem[] = [];

function confirmModal(title: string, content: string, confirmText: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({ title, content, confirmText, cancelText: '再想想', success: (r) => resolve(r.confirm), fail: () => resolve(false) });
  });
}

// Head admin: browse the question bank by status and topic, edit a question (a new version;
// attempts already taken keep the version they were asked), retire or restore it.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    tab: 'active' as QuestionItem['status'],
    topics: [] as TopicChip[],
    topic: '',
    activeCount: 0,
    rows: [] as QuestionRow[],
    nextCursor: null as string | null,
    loadingMore: false,
    moreError: '',
    busyId: '',
    canImport: false,
    canTitles: false,
    editing: false,
    form: null as EditForm | null,
    formOptions: [] as { key: string; letter: string; text: string; correct: boolean }[],
    typeChoices: TYPE_CHOICES,
    canAddOption: false,
    canRemoveOption: false,
    editError: '',
    conflict: false,
    saving: false,
  },
  methods: {
    onLoad() {
      loaded = [];
      this.setData({ canImport: isRegistered(IMPORT_URL), canTitles: isRegistered(TITLES_URL) });
      this.loadAll();
    },

    /** Topics (for the filter) and the first page of questions. */
    async loadAll() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const summary = await bankSummary();
        this.setData({
          activeCount: summary.active,
          topics: [{ key: 'all', topic: '', label: '全部主题' }].concat(summary.topics.map((t) => ({ key: `t-${t.topic}`, topic: t.topic, label: `${t.topic}（${t.count}）` }))),
        });
        await this.loadFirst();
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    async loadFirst() {
      this.setData({ status: 'loading', errorText: '', moreError: '' });
      try {
        const page = await listQuestions({ status: this.data.tab, ...(this.data.topic ? { topic: this.data.topic } : {}) });
        loaded = page.items;
        this.setData({ rows: loaded.map(toRow), nextCursor: page.nextCursor, status: loaded.length ? 'ready' : 'empty' });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onMore() {
      return loadMoreWith(
        this,
        (cursor) => listQuestions({ status: this.data.tab, ...(this.data.topic ? { topic: this.data.topic } : {}), cursor }),
        (items) => {
          loaded = loaded.concat(items);
          return { rows: loaded.map(toRow) };
        },
        { inlineError: true },
      );
    },

    onRetry() {
      this.loadAll();
    },

    onTab(e: WechatMiniprogram.TouchEvent) {
      const tab = e.currentTarget.dataset.tab as QuestionItem['status'];
      if (tab === this.data.tab) return;
      this.setData({ tab });
      this.loadFirst();
    },

    onTopic(e: WechatMiniprogram.TouchEvent) {
      const topic = e.currentTarget.dataset.topic as string;
      if (topic === this.data.topic) return;
      this.setData({ topic });
      this.loadFirst();
    },

    onGo(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: e.currentTarget.dataset.url as string });
    },

    // ----- retire / restore -----

    async onRetire(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string;
      const ok = await confirmModal('停用这道题？', '停用后，新开始的竞答和练习不再抽到这道题；已经交卷的答题记录不受影响。之后可以在“已停用”中恢复启用。', '停用');
      if (ok) this.changeStatus(id, 'retired');
    },

    async onRestore(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string;
      const ok = await confirmModal('恢复启用这道题？', '恢复后，之后新发布的竞答和练习可以再抽到这道题。', '恢复启用');
      if (ok) this.changeStatus(id, 'active');
    },

    async changeStatus(id: string, to: QuestionItem['status']) {
      if (this.data.busyId) return;
      this.setData({ busyId: id });
      try {
        const res = to === 'retired' ? await retireQuestion(id) : await restoreQuestion(id);
        // The list shows one status: the question leaves it.
        loaded = loaded.filter((q) => q.id !== id);
        this.setData({ rows: loaded.map(toRow), status: loaded.length ? 'ready' : 'empty', activeCount: this.data.activeCount + (to === 'active' ? 1 : -1) });
        wx.showToast({ title: res.status === 'retired' ? '已停用' : '已恢复启用', icon: 'success' });
      } catch (err) {
        showError(messageOf(err));
      }
      this.setData({ busyId: '' });
    },

    // ----- editor -----

    onEdit(e: WechatMiniprogram.TouchEvent) {
      const q = loaded.find((x) => x.id === (e.currentTarget.dataset.id as string));
      if (!q) return;
      this.showForm(toForm(q));
      this.setData({ editing: true, editError: '', conflict: false });
    },

    showForm(form: EditForm) {
      this.setData({
        form,
        formOptions: form.options.map((text, i) => ({ key: `o${i}`, letter: LETTERS[i], text, correct: form.answer.indexOf(i) >= 0 })),
        canAddOption: form.type !== 'judge' && form.options.length < MAX_OPTIONS,
        canRemoveOption: form.type !== 'judge' && form.options.length > 2,
      });
    },

    onType(e: WechatMiniprogram.TouchEvent) {
      this.showForm(changeType(this.data.form!, e.currentTarget.dataset.type as QuestionType));
    },

    onField(e: WechatMiniprogram.Input) {
      const field = e.currentTarget.dataset.field as 'stem' | 'explanation' | 'topic';
      this.setData({ form: { ...this.data.form!, [field]: e.detail.value } });
    },

    onOptionInput(e: WechatMiniprogram.Input) {
      const index = Number(e.currentTarget.dataset.index);
      const options = this.data.form!.options.slice();
      options[index] = e.detail.value;
      // Only the form: re-rendering the option list while typing would move the cursor.
      this.setData({ form: { ...this.data.form!, options } });
    },

    onToggleAnswer(e: WechatMiniprogram.TouchEvent) {
      this.showForm(toggleAnswer(this.data.form!, Number(e.currentTarget.dataset.index)));
    },

    onAddOption() {
      const form = this.data.form!;
      if (form.options.length >= MAX_OPTIONS) return;
      this.showForm({ ...form, options: form.options.concat('') });
    },

    onRemoveOption(e: WechatMiniprogram.TouchEvent) {
      this.showForm(removeOption(this.data.form!, Number(e.currentTarget.dataset.index)));
    },

    onCancelEdit() {
      const reload = this.data.conflict;
      this.setData({ editing: false, form: null, editError: '', conflict: false });
      if (reload) this.loadFirst();
    },

    async onSave() {
      const form = this.data.form!;
      if (this.data.saving) return;
      const problem = formProblem(form);
      if (problem) {
        this.setData({ editError: problem });
        return;
      }
      this.setData({ saving: true, editError: '' });
      try {
        const input = toInput(form);
        const { version } = await updateQuestion(form.id, form.version, input);
        loaded = loaded.map((q) =>
          q.id === form.id ? { ...q, ...input, explanation: input.explanation ?? '', topic: input.topic ?? '综合', version, updatedAt: shanghaiIso() } : q,
        );
        this.setData({ editing: false, form: null, rows: loaded.map(toRow) });
        wx.showToast({ title: `已保存为第 ${version} 版`, icon: 'success' });
      } catch (err) {
        const conflict = err instanceof ServiceError && err.code === 'FAILED_PRECONDITION';
        this.setData({ editError: messageOf(err), conflict });
      }
      this.setData({ saving: false });
    },
  },
});

import { elderMode } from '../../../../behaviors/elder-mode';
import { loadInto } from '../../../../utils/load-state';
import type { ViewStatus } from '../../../../components/state-view/type';
import { messageOf } from '../../../../services/transport';
import {
  cancelActivity,
  createActivity,
  getActivity,
  KEY_DAYS,
  listActivities,
  shortTime,
  updateActivity,
  type ActivityItem,
  type GetActivityResult,
} from '../../../../services/volunteer';
import { changedFields, formOf, readForm, type ActivityForm } from './form';
import { showError } from '../../../../utils/alert';
import { shanghaiDate } from '../../../../utils/time';

function blankForm(): ActivityForm {
  return { title: '', date: shanghaiDate(), start: '09:00', end: '11:00', nextDay: false, location: '', slots: '20', hours: '2', keyDayIndex: 0, description: '' };
}

interface Card {
  id: string;
  title: string;
  when: string;
  place: string;
  seats: string;
  cancelled: boolean;
  cancelText: string;
  /** Not started and not cancelled: it may still be changed or cancelled. */
  editable: boolean;
}

function card(a: ActivityItem, now: number): Card {
  const cancelled = a.status === 'cancelled';
  return {
    id: a.id,
    title: a.title,
    when: `${shortTime(a.startsAt)} 至 ${shortTime(a.endsAt)}`,
    place: a.location,
    seats: `已报名 ${a.signedCount}/${a.slots}`,
    cancelled,
    cancelText: cancelled ? `已取消：${a.cancelReason ?? ''}` : '',
    editable: !cancelled && Date.parse(a.startsAt) > now,
  };
}

// Team leader / staff: the team's activities (from 30 days ago), publishing one, and changing or
// cancelling one before it starts (signed-up volunteers are told).
Component({
  behaviors: [elderMode],
  data: {
    teamId: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    items: [] as Card[],
    keyDays: ['不关联主题日'].concat(KEY_DAYS),
    form: blankForm(),
    formError: '',
    showForm: false,
    /** The activity being changed (null: the form publishes a new one). */
    editing: null as GetActivityResult | null,
    busy: false,
    /** The activity whose cancel box is open. */
    cancelId: '',
    reason: '',
    cancelError: '',
    cancelling: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ teamId: query.teamId || '' });
      this.load();
    },

    load() {
      const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
      return loadInto(this, () => listActivities({ teamId: this.data.teamId, from, limit: 100 }), (page) => ({
        items: page.items.map((a) => card(a, Date.now())),
        status: page.items.length ? 'ready' : 'empty',
      }));
    },

    onRetry() {
      this.load();
    },

    onToggleForm() {
      const open = !this.data.showForm || !!this.data.editing;
      this.setData({ showForm: open, editing: null, form: blankForm(), formError: '' });
    },

    onDiscard() {
      this.setData({ showForm: false, editing: null, form: blankForm(), formError: '' });
    },

    onField(e: WechatMiniprogram.Input) {
      this.setData({ [`form.${e.currentTarget.dataset.field}`]: e.detail.value, formError: '' });
    },

    onPick(e: WechatMiniprogram.PickerChange) {
      const field = e.currentTarget.dataset.field as string;
      this.setData({ [`form.${field}`]: field === 'keyDayIndex' ? Number(e.detail.value) : e.detail.value, formError: '' });
    },

    async onEdit(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string;
      if (this.data.busy) return;
      this.setData({ busy: true, cancelId: '' });
      try {
        const a = await getActivity(id);
        this.setData({ editing: a, form: formOf(a, KEY_DAYS), showForm: true, formError: '' });
      } catch (err) {
        showError(messageOf(err));
      }
      this.setData({ busy: false });
    },

    async onSubmit() {
      const { fields, error } = readForm(this.data.form, KEY_DAYS);
      if (!fields) return this.setData({ formError: error ?? '' });
      if (this.data.busy) return;
      const editing = this.data.editing;
      this.setData({ busy: true });
      try {
        if (editing) {
          const changes = changedFields(fields, editing);
          if (Object.keys(changes).length === 0) {
            this.setData({ formError: '没有修改任何内容', busy: false });
            return;
          }
          const res = await updateActivity({ activityId: editing.id, ...changes });
          wx.showToast({ title: res.notified ? `已保存，已通知${res.notified}位志愿者` : '修改已保存', icon: res.notified ? 'none' : 'success' });
        } else {
          await createActivity({
            teamId: this.data.teamId,
            ...fields,
            keyDay: fields.keyDay ?? undefined,
            description: fields.description || undefined,
          });
          wx.showToast({ title: '活动已发布', icon: 'success' });
        }
        this.setData({ showForm: false, editing: null, form: blankForm() });
        await this.load();
      } catch (err) {
        this.setData({ formError: messageOf(err) });
      }
      this.setData({ busy: false });
    },

    onOpenCancel(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string;
      this.setData({ cancelId: this.data.cancelId === id ? '' : id, reason: '', cancelError: '' });
    },

    onReason(e: WechatMiniprogram.Input) {
      this.setData({ reason: e.detail.value, cancelError: '' });
    },

    onConfirmCancel() {
      const item = this.data.items.find((i) => i.id === this.data.cancelId);
      if (!item || this.data.cancelling) return;
      const reason = this.data.reason.trim();
      if (reason.length < 2) return this.setData({ cancelError: '请填写取消原因（至少2个字），会通知已报名的志愿者' });
      wx.showModal({
        title: '取消活动',
        content: `取消后“${item.title}”不能再报名和登记时长，已报名的志愿者会收到通知，且不能恢复。确定取消吗？`,
        confirmText: '确定取消',
        cancelText: '不取消',
        success: (res) => {
          if (res.confirm) this.doCancel(item.id, reason);
        },
      });
    },

    async doCancel(activityId: string, reason: string) {
      this.setData({ cancelling: true, cancelError: '' });
      try {
        const res = await cancelActivity(activityId, reason);
        wx.showToast({ title: `活动已取消，已通知${res.notified}位志愿者`, icon: 'none' });
        this.setData({ cancelId: '', reason: '' });
        await this.load();
      } catch (err) {
        this.setData({ cancelError: messageOf(err) });
      }
      this.setData({ cancelling: false });
    },

    onCode(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/staff/pages/signin-code/index?activityId=${e.currentTarget.dataset.id}` });
    },
  },
});

import { STORAGE_KEYS } from '../../../../config';
import type { ViewStatus } from '../../../../components/state-view/type';
import { messageOf } from '../../../../services/transport';
import { me } from '../../../../services/user';
import { roleLines, toolsFor, type StaffTool } from '../../tools';

// Staff console landing: the caller's roles (user.me) and the staff tools that exist for them.
Component({
  data: {
    elder: false,
    status: 'loading' as ViewStatus,
    errorText: '',
    roles: [] as { key: string; text: string }[],
    tools: [] as StaffTool[],
  },
  methods: {
    onLoad() {
      this.setData({ elder: wx.getStorageSync(STORAGE_KEYS.elderMode) === true });
      this.load();
    },

    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const { roles } = await me();
        this.setData({ status: 'ready', roles: roleLines(roles), tools: toolsFor(roles) });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    onOpen(e: WechatMiniprogram.TouchEvent) {
      const url = e.currentTarget.dataset.url as string | undefined;
      if (url) wx.navigateTo({ url });
    },
  },
});

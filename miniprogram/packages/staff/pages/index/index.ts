import { elderMode } from '../../../../behaviors/elder-mode';
import { loadInto } from '../../../../utils/load-state';
import type { ViewStatus } from '../../../../components/state-view/type';
import { me } from '../../../../services/user';
import { roleLines, toolsFor, type StaffTool } from '../../tools';

// Staff console landing: the caller's roles (user.me) and the staff tools that exist for them.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    roles: [] as { key: string; text: string }[],
    tools: [] as StaffTool[],
  },
  methods: {
    onLoad() {
      this.load();
    },

    load() {
      return loadInto(this, me, ({ roles }) => ({ status: 'ready', roles: roleLines(roles), tools: toolsFor(roles) }));
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

import { elderMode } from '../../../../behaviors/elder-mode';
import { loadInto } from '../../../../utils/load-state';
import type { ViewStatus } from '../../../../components/state-view/type';
import { isRegistered } from '../../../../routes';
import { todo } from '../../../../services/school';
import { messageOf } from '../../../../services/transport';
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
    todos: [] as { key: string; text: string; url: string }[],
    todoText: '',
  },
  methods: {
    onLoad() {
      this.load();
    },

    async load() {
      const ok = await loadInto(this, me, ({ roles }) => ({ status: 'ready', roles: roleLines(roles), tools: toolsFor(roles) }));
      if (ok && this.data.roles.length) await this.loadTodo();
    },

    /** One school.todo call: the queues waiting for the caller, each linked to the page that works it. */
    async loadTodo() {
      try {
        const { items } = await todo();
        const todos = items
          .filter((i) => i.count > 0 && isRegistered(i.page))
          .map((i) => ({
            key: `${i.kind}-${i.scopeId}`,
            text: `${i.label}：${i.count} 项`,
            url: i.scopeId.indexOf('pt_') === 0 ? `${i.page}?pointId=${i.scopeId}` : i.page,
          }));
        this.setData({ todos, todoText: todos.length ? '' : '目前没有待办事项' });
      } catch (error) {
        this.setData({ todos: [], todoText: messageOf(error) });
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

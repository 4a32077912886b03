import { elderMode } from '../../behaviors/elder-mode';
import { loadInto } from '../../utils/load-state';
import type { ViewStatus } from '../../components/state-view/type';
import { messageOf, ServiceError } from '../../services/transport';
import { myOfficer, registerOfficer, rememberOfficer, type OfficerInfo } from '../../services/volunteer';

// 科普中国信息员: register (learners), see how many people opened what you shared.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    officer: null as OfficerInfo | null,
    alert: '',
    busy: false,
  },
  methods: {
    onLoad() {
    },

    onShow() {
      this.load();
    },

    load() {
      return loadInto(this, myOfficer, ({ officer }) => {
        rememberOfficer(officer ? officer.officerId : null);
        return { officer, status: 'ready' };
      });
    },

    onRetry() {
      this.load();
    },

    async onRegister() {
      if (this.data.busy) return;
      this.setData({ busy: true, alert: '' });
      try {
        const officer = await registerOfficer();
        rememberOfficer(officer.officerId);
        this.setData({ officer });
        wx.showToast({ title: '登记成功', icon: 'success' });
      } catch (err) {
        this.setData({ alert: messageOf(err) });
        if (err instanceof ServiceError && err.code === 'PERMISSION_DENIED') {
          this.setData({ alert: `${err.message}。报名入学后再回来登记。` });
        }
      }
      this.setData({ busy: false });
    },
  },
});

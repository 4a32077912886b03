import { STORAGE_KEYS } from '../../config';
import type { ViewStatus } from '../../components/state-view/type';
import { messageOf, ServiceError } from '../../services/transport';
import { myOfficer, registerOfficer, rememberOfficer, type OfficerInfo } from '../../services/volunteer';

// 科普中国信息员: register (learners), see how many people opened what you shared.
Component({
  data: {
    elder: false,
    status: 'loading' as ViewStatus,
    errorText: '',
    officer: null as OfficerInfo | null,
    alert: '',
    busy: false,
  },
  methods: {
    onLoad() {
      this.setData({ elder: wx.getStorageSync(STORAGE_KEYS.elderMode) === true });
    },

    onShow() {
      this.load();
    },

    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const { officer } = await myOfficer();
        rememberOfficer(officer ? officer.officerId : null);
        this.setData({ officer, status: 'ready' });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
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

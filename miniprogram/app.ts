import { transportTarget } from './config';
import { ensureCloud } from './services/transport';
import { installPrivacyListener } from './utils/privacy';

App({
  onLaunch() {
    // The local cloud (development) needs no wx.cloud; production calls go through it.
    if (transportTarget().kind === 'cloud') ensureCloud();
    // WeChat asks before position or phone number APIs; components/privacy-popup answers.
    installPrivacyListener();
  },
});

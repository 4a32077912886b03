import { transportTarget } from './config';
import { ensureCloud } from './services/transport';

App({
  onLaunch() {
    // The local cloud (development) needs no wx.cloud; production calls go through it.
    if (transportTarget().kind === 'cloud') ensureCloud();
  },
});

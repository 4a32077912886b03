import { answerPrivacy, attachPopup, installPrivacyListener } from '../../utils/privacy';

const AGREE_BUTTON_ID = 'privacy-agree';

/**
 * The privacy popup WeChat's privacy check needs: what we use and why, in plain words, with
 * 同意 (the `agreePrivacyAuthorization` button) and 不同意. Put it on every page that asks for the
 * position or the WeChat phone number.
 */
Component({
  data: { show: false },
  lifetimes: {
    attached() {
      // app.ts registers the listener at launch; registering here too covers a page opened
      // before that ran (the call is idempotent).
      installPrivacyListener();
      const detach = attachPopup(() => this.setData({ show: true }));
      (this as unknown as { detachPopup: () => void }).detachPopup = detach;
    },
    detached() {
      const detach = (this as unknown as { detachPopup?: () => void }).detachPopup;
      if (detach) detach();
    },
  },
  methods: {
    onAgree() {
      answerPrivacy({ buttonId: AGREE_BUTTON_ID, event: 'agree' });
      this.setData({ show: false });
    },
    onDisagree() {
      answerPrivacy({ event: 'disagree' });
      this.setData({ show: false });
    },
    onReadGuide() {
      const open = (wx as unknown as { openPrivacyContract?: (o: Record<string, unknown>) => void }).openPrivacyContract;
      if (typeof open === 'function') open({});
    },
  },
});

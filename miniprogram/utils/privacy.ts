/**
 * WeChat's privacy check (`"__usePrivacyCheck__": true` in app.json): when a page calls an API
 * that reads personal information (position, the WeChat phone number…) before the resident has
 * agreed, WeChat pauses the call and asks `wx.onNeedPrivacyAuthorization`'s listener. The
 * listener keeps the pending answer here and opens the privacy popup (components/privacy-popup)
 * of the page on screen; the popup's buttons answer it, and WeChat then goes on with (or refuses)
 * the call.
 */

export interface PrivacyAnswer {
  event: 'agree' | 'disagree';
  /** The id of the `open-type="agreePrivacyAuthorization"` button the resident tapped. */
  buttonId?: string;
}

type Resolve = (answer: PrivacyAnswer) => void;
type Popup = () => void;

let pending: Resolve | null = null;
const popups: Popup[] = [];
let installed = false;

/** Registers the listener once (app.ts onLaunch). Older WeChat versions have no such API: nothing to do. */
export function installPrivacyListener(): boolean {
  if (installed) return true;
  const api = (wx as unknown as { onNeedPrivacyAuthorization?: (listener: (resolve: Resolve) => void) => void }).onNeedPrivacyAuthorization;
  if (typeof api !== 'function') return false;
  api((resolve) => {
    pending = resolve;
    const popup = popups[popups.length - 1];
    if (popup) popup();
  });
  installed = true;
  return true;
}

/** A popup on screen asks to be opened when WeChat needs an answer; the newest page's popup wins. */
export function attachPopup(open: Popup): () => void {
  popups.push(open);
  if (pending) open();
  return () => {
    const i = popups.indexOf(open);
    if (i >= 0) popups.splice(i, 1);
  };
}

/** The resident's answer; false when nothing was waiting for one. */
export function answerPrivacy(answer: PrivacyAnswer): boolean {
  const resolve = pending;
  pending = null;
  if (!resolve) return false;
  resolve(answer);
  return true;
}

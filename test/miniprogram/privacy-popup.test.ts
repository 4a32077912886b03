/** @jest-environment jsdom */
import fs from 'node:fs';
import path from 'node:path';
import { setupOrg } from '../org/fixtures';
import { startTestCloud, type LocalCloud } from '../support/cloud';
import { MINIPROGRAM_ROOT, renderPage, settle, setupWx, tap, textOf, type Backend } from '../support/simulate';

/**
 * The privacy check: WeChat pauses a position call until the listener's resolve is answered; the
 * popup explains the use and answers agree (the call goes on) or disagree (the call fails).
 */
let cloud: LocalCloud;
const backend: Backend = (name, event, openid) => cloud.call(name, event, openid);
beforeAll(async () => {
  cloud = await startTestCloud();
  await setupOrg(cloud);
});
afterAll(() => cloud.close());

type Answer = { event: string; buttonId?: string };
const inPopup = (comp: { querySelector(s: string): any }, selector: string) => comp.querySelector('#privacy')?.querySelector(selector);
const wxGlobal = () => (globalThis as unknown as { wx: Record<string, unknown> }).wx;

/** WeChat's behaviour: a privacy API before agreement asks the listener and waits for its answer. */
function fakePrivacyCheck() {
  const state = { agreed: false, listener: null as null | ((resolve: (a: Answer) => void) => void), answers: [] as Answer[] };
  wxGlobal().onNeedPrivacyAuthorization = (listener: (resolve: (a: Answer) => void) => void) => {
    state.listener = listener;
  };
  wxGlobal().getLocation = (opts: { success: (r: { latitude: number; longitude: number }) => void; fail: (e: unknown) => void }) => {
    const go = () => setTimeout(() => opts.success({ latitude: 29.5565, longitude: 106.576 }), 0);
    if (state.agreed) return go();
    if (!state.listener) return setTimeout(() => opts.fail({ errMsg: 'getLocation:fail privacy permission is not authorized', errno: 104 }), 0);
    state.listener((answer) => {
      state.answers.push(answer);
      if (answer.event === 'agree') {
        state.agreed = true;
        go();
      } else {
        setTimeout(() => opts.fail({ errMsg: 'getLocation:fail privacy permission is not authorized', errno: 104 }), 0);
      }
    });
  };
  return state;
}

test('the nearest search opens the popup first; 同意 lets the position through', async () => {
  setupWx({ backend });
  const privacy = fakePrivacyCheck();
  const { comp } = await renderPage('pages/points/index');
  expect(inPopup(comp, '#privacy-popup')).toBeUndefined();

  tap(comp.querySelector('#btn-nearest'));
  await settle();
  const popup = inPopup(comp, '#privacy-popup');
  expect(popup).toBeDefined();
  expect(textOf(popup)).toContain('您的位置');
  expect(textOf(popup)).toContain('微信手机号');
  expect(textOf(popup)).not.toMatch(/[A-Za-z]{3,}/);
  const agree = inPopup(comp, '#privacy-agree')!;
  // simulate renders no open-type: the markup says which button WeChat treats as the agreement.
  const markup = fs.readFileSync(path.join(MINIPROGRAM_ROOT, 'components/privacy-popup/index.wxml'), 'utf8');
  expect(markup).toMatch(/id="privacy-agree"[^>]*open-type="agreePrivacyAuthorization"[^>]*bindagreeprivacyauthorization="onAgree"/);

  agree.dispatchEvent('agreeprivacyauthorization');
  await settle();
  await settle();
  expect(privacy.answers).toEqual([{ buttonId: 'privacy-agree', event: 'agree' }]);
  expect(inPopup(comp, '#privacy-popup')).toBeUndefined();
  expect(comp.querySelectorAll('.point-name').length).toBeGreaterThan(0);
  expect(textOf(comp.querySelectorAll('.point-meta')[0])).toContain('距您');
});

test('不同意 answers disagree; the page says how else to search', async () => {
  setupWx({ backend });
  const privacy = fakePrivacyCheck();
  const { comp } = await renderPage('pages/points/index');
  tap(comp.querySelector('#btn-nearest'));
  await settle();
  tap(inPopup(comp, '#privacy-disagree'));
  await settle();
  await settle();
  expect(privacy.answers).toEqual([{ event: 'disagree' }]);
  expect(inPopup(comp, '#privacy-popup')).toBeUndefined();
  expect(textOf(comp.querySelector('#location-note'))).toContain('没有获取到您的位置');
});

test('app.ts registers the listener at launch, and launches on a WeChat without the API', () => {
  setupWx({ backend });
  const g = globalThis as unknown as { App?: (o: { onLaunch(): void }) => void };
  const launch = () => {
    let app: { onLaunch(): void } | undefined;
    g.App = (o) => (app = o);
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(MINIPROGRAM_ROOT, 'app'));
    });
    app!.onLaunch();
  };
  delete wxGlobal().onNeedPrivacyAuthorization;
  expect(launch).not.toThrow();
  const privacy = fakePrivacyCheck();
  launch();
  expect(privacy.listener).toBeInstanceOf(Function);
  delete g.App;
});

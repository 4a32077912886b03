/**
 * Where service calls go.
 *
 * - Production (trial/release builds, or development with the local cloud switched off):
 *   `wx.cloud.callFunction` against the CloudBase environment below.
 * - Development (`envVersion === 'develop'` and `localCloud.enabled`): the local cloud
 *   (`npm start`) over HTTP, with a developer-chosen OPENID sent as `x-wx-openid`.
 *   DevTools must not check request domains for this (project.config.json `urlCheck: false`).
 *
 * The developer choices (transport and OPENID) live in storage so the home page's developer
 * panel can switch them without a rebuild.
 */

export const config = {
  /**
   * CloudBase environment id. Empty: the appid's default environment
   * (set the real id before uploading a trial or release build).
   */
  cloudEnv: '',
  /**
   * 报名表的“使用微信手机号” button (`open-type="getPhoneNumber"`). Turn on only when the appid
   * is a verified organisation with the phone number service paid for (WeChat charges per
   * successful call); typing the number always stays available.
   */
  verifiedPhone: false,
  localCloud: {
    /** Master switch: false hides the developer panel and always uses the cloud. */
    enabled: true,
    /**
     * Where `npm start` listens by default (`PORT` 8787). Another port or a phone on the LAN: type
     * the address `npm start` prints into the home page's developer panel (kept in storage).
     */
    baseUrl: 'http://127.0.0.1:8787',
    /** OPENIDs offered by the developer panel; '' is an anonymous caller. */
    /** OPENIDs offered by the developer panel: the demo accounts of `npm start`; '' is anonymous. */
    openidPresets: [
      { openid: 'demo-learner-1', label: '学员（demo-learner-1）' },
      { openid: 'demo-newcomer', label: '未报名的居民' },
      { openid: 'demo-volunteer-1', label: '志愿者' },
      { openid: 'demo-team-leader', label: '志愿服务队队长' },
      { openid: 'demo-point-admin-jiefangbei', label: '教学点管理员' },
      { openid: 'demo-branch-admin-yuzhong', label: '渝中区分校管理员' },
      { openid: 'demo-head-admin', label: '总校管理员' },
      { openid: '', label: '匿名访客' },
    ],
    defaultOpenid: 'demo-learner-1',
  },
} as const;

/** Storage keys owned by the configuration. */
export const STORAGE_KEYS = {
  devTransport: 'devTransport',
  devOpenid: 'devOpenid',
  devBaseUrl: 'devBaseUrl',
  elderMode: 'elderMode',
} as const;

export type TransportTarget =
  | { kind: 'cloud'; env: string }
  | { kind: 'local'; baseUrl: string; openid: string };

export type EnvVersion = 'develop' | 'trial' | 'release';

export function envVersion(): EnvVersion {
  try {
    return wx.getAccountInfoSync().miniProgram.envVersion;
  } catch {
    return 'release';
  }
}

/** True only in a development build with the local cloud allowed by configuration. */
export function isDevelopment(): boolean {
  return config.localCloud.enabled && envVersion() === 'develop';
}

export function currentDevOpenid(): string {
  // Stored as an object: getStorageSync answers '' for a missing key, and '' is also the
  // anonymous caller's OPENID.
  const stored: unknown = wx.getStorageSync(STORAGE_KEYS.devOpenid);
  if (stored && typeof stored === 'object' && typeof (stored as { openid?: unknown }).openid === 'string') {
    return (stored as { openid: string }).openid;
  }
  return config.localCloud.defaultOpenid;
}

const LOCAL_CLOUD_URL = /^https?:\/\/[^\s/?#]+$/;

/** The local cloud's address: the one typed into the developer panel, else the default. */
export function currentDevBaseUrl(): string {
  const stored: unknown = wx.getStorageSync(STORAGE_KEYS.devBaseUrl);
  return typeof stored === 'string' && LOCAL_CLOUD_URL.test(stored) ? stored : config.localCloud.baseUrl;
}

/**
 * Developer panel: the address `npm start` printed (e.g. `http://192.168.1.20:8799`); '' goes back
 * to the default. False (nothing stored) when it is not an `http(s)://host[:port]` address.
 */
export function setDevBaseUrl(url: string): boolean {
  const value = url.trim().replace(/\/+$/, '');
  if (!value) {
    wx.removeStorageSync(STORAGE_KEYS.devBaseUrl);
    return true;
  }
  if (!LOCAL_CLOUD_URL.test(value)) return false;
  wx.setStorageSync(STORAGE_KEYS.devBaseUrl, value);
  return true;
}

export function transportTarget(): TransportTarget {
  if (isDevelopment() && wx.getStorageSync(STORAGE_KEYS.devTransport) !== 'cloud') {
    return { kind: 'local', baseUrl: currentDevBaseUrl(), openid: currentDevOpenid() };
  }
  return { kind: 'cloud', env: config.cloudEnv };
}

/** Developer panel: choose the transport (ignored outside development). */
export function setDevTransport(kind: 'local' | 'cloud'): void {
  wx.setStorageSync(STORAGE_KEYS.devTransport, kind);
}

/** Developer panel: choose the caller's OPENID for the local cloud ('' = anonymous). */
export function setDevOpenid(openid: string): void {
  wx.setStorageSync(STORAGE_KEYS.devOpenid, { openid });
}

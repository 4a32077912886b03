import { config, currentDevBaseUrl, currentDevOpenid, isDevelopment, transportTarget } from '../../config';

/** What the developer panel shows; `visible` is false outside a development build. */
export interface DevPanelState {
  visible: boolean;
  transport: 'local' | 'cloud';
  transportLabel: string;
  /** The local cloud's address in use. */
  baseUrl: string;
  openid: string;
  openidLabel: string;
  presets: { openid: string; label: string; current: boolean }[];
}

export function devPanelState(): DevPanelState {
  if (!isDevelopment()) {
    return { visible: false, transport: 'cloud', transportLabel: '', baseUrl: '', openid: '', openidLabel: '', presets: [] };
  }
  const target = transportTarget();
  const openid = currentDevOpenid();
  const baseUrl = currentDevBaseUrl();
  return {
    visible: true,
    transport: target.kind,
    transportLabel: target.kind === 'local' ? `本地云 ${baseUrl}` : '云开发',
    baseUrl,
    openid,
    openidLabel: openid || '（匿名）',
    presets: config.localCloud.openidPresets.map((p) => ({ ...p, current: p.openid === openid })),
  };
}

import { cloud } from '../_shared/cloud';

/** The check-in page a scan opens; the code travels as `c` (course) and `k` (code). */
export const CHECKIN_PAGE = 'pages/checkin/index';

/** `c=<courseId>&k=<code>`: the query of the check-in link, and the wxacode scene (≤ 32 characters). */
export function checkinScene(courseId: string, code: string): string {
  return `c=${courseId}&k=${code}`;
}

export function checkinPath(courseId: string, code: string): string {
  return `${CHECKIN_PAGE}?${checkinScene(courseId, code)}`;
}

interface WxacodeApi {
  getUnlimited(options: { scene: string; page: string; checkPath?: boolean; envVersion?: string; width?: number }): Promise<{ contentType?: string; buffer: Buffer }>;
}

/**
 * The QR image of a check-in code, as a data URL: a mini-program code (`wxacode.getUnlimited`)
 * that opens the check-in page with the scene; WeChat's own scanner opens it directly, and the
 * check-in page's 扫码 button reads it with `wx.scanCode`.
 */
export async function checkinQrImage(courseId: string, code: string): Promise<string> {
  const api = (cloud.openapi as { wxacode: WxacodeApi }).wxacode;
  const res = await api.getUnlimited({
    scene: checkinScene(courseId, code),
    page: CHECKIN_PAGE,
    checkPath: false,
    envVersion: process.env.WXACODE_ENV_VERSION || 'release',
    width: 430,
  });
  return `data:${res.contentType || 'image/jpeg'};base64,${Buffer.from(res.buffer).toString('base64')}`;
}

import { createHmac, randomBytes } from 'node:crypto';

/**
 * Short-lived codes shown by staff (course check-in, volunteer sign-in/out) as a QR code and as
 * digits. A code is derived from a per-record secret and the time window, so nothing is written
 * when it rotates; the current and the previous window are accepted, so a code read just before
 * it turns over still works.
 */
export const CODE_WINDOW_SECONDS = 60;
export const CODE_DIGITS = 6;

export function newCodeSecret(): string {
  return randomBytes(16).toString('hex');
}

function windowOf(at: Date, windowSeconds: number): number {
  return Math.floor(at.getTime() / (windowSeconds * 1000));
}

function codeForWindow(secret: string, window: number): string {
  const digest = createHmac('sha256', secret).update(String(window)).digest();
  const value = digest.readUInt32BE(digest[digest.length - 1] & 0x0f) & 0x7fffffff;
  return String(value % 10 ** CODE_DIGITS).padStart(CODE_DIGITS, '0');
}

export function currentCode(secret: string, at: Date, windowSeconds = CODE_WINDOW_SECONDS): { code: string; expiresAt: Date } {
  const window = windowOf(at, windowSeconds);
  return { code: codeForWindow(secret, window), expiresAt: new Date((window + 1) * windowSeconds * 1000) };
}

export function verifyCode(secret: string, code: string, at: Date, windowSeconds = CODE_WINDOW_SECONDS): boolean {
  const window = windowOf(at, windowSeconds);
  return code === codeForWindow(secret, window) || code === codeForWindow(secret, window - 1);
}

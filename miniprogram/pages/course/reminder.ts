import { transportTarget } from '../../config';
import { REMINDER_TEMPLATE_ID } from '../../services/course';

export type Consent = 'accept' | 'reject' | 'unavailable';

/**
 * Asks for the one-time "课程即将开始" subscription. Must be called synchronously inside the tap
 * handler (WeChat refuses it otherwise), before any await.
 * - With a template id: `wx.requestSubscribeMessage`, answered `accept` or `reject`.
 * - On the local cloud (development): there is no WeChat to ask and messages are only recorded in
 *   the outbox, so the subscription is recorded as accepted.
 * - Otherwise (template not configured): `unavailable`, nothing is asked.
 */
export function askReminderConsent(): Promise<Consent> {
  if (!REMINDER_TEMPLATE_ID) return Promise.resolve(transportTarget().kind === 'local' ? 'accept' : 'unavailable');
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: [REMINDER_TEMPLATE_ID],
      success: (res) => resolve((res as unknown as Record<string, string>)[REMINDER_TEMPLATE_ID] === 'accept' ? 'accept' : 'reject'),
      fail: () => resolve('reject'),
    });
  });
}

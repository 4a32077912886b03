import { randomInt } from 'node:crypto';
import type { StaffCodeResult } from '../../../typings/user';
import { isDuplicateKeyError } from '../../_shared/cloud';
import { resourceExhausted } from '../../_shared/errors';
import { userAction } from '../../_shared/handler';
import { issueStaffCode } from '../../_shared/staff-codes';
import { recordFailure, tooManyFailures } from '../../_shared/rate-limit';
import { toIso } from '../../_shared/time';
import { z } from '../../_shared/validate';

const MAX_CODES_PER_WINDOW = 5;
const WINDOW_SECONDS = 10 * 60;

/**
 * 身份码: a 6-digit code, valid 10 minutes and once, that the caller reads out (or shows as a QR
 * code) to a staff member who grants them a role; the staff page never shows or asks for an OPENID.
 * At most 5 codes per person per 10 minutes.
 */
export const staffCode = userAction(z.object({}), async (_p, { db, openid, now }): Promise<StaffCodeResult> => {
  const key = `staffCode:${openid}`;
  if (await tooManyFailures(db, key, MAX_CODES_PER_WINDOW, WINDOW_SECONDS, now)) {
    throw resourceExhausted('身份码生成得太频繁了，请用刚才的身份码，或十分钟后再试');
  }
  await recordFailure(db, key, WINDOW_SECONDS, now);
  for (let attempt = 0; ; attempt += 1) {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    try {
      const { expiresAt } = await issueStaffCode(db, code, openid, now, WINDOW_SECONDS);
      return { code, expiresAt: toIso(expiresAt) };
    } catch (error) {
      if (!isDuplicateKeyError(error) || attempt >= 4) throw error;
    }
  }
});

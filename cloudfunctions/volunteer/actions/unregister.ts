import { randomBytes } from 'node:crypto';
import type { UnregisterResult } from '../../../typings/volunteer';
import { failedPrecondition, permissionDenied } from '../../_shared/errors';
import { userAction } from '../../_shared/handler';
import { z } from '../../_shared/validate';
import { findVolunteer } from '../access';
import { anonymiseRecords, dropLeadership, dropSignups, leaveTeams, teamsLedBy } from '../erasure';
import { VOLUNTEERS } from '../model';

const input = z.object({ confirm: z.literal(true, { error: '请确认要注销志愿者信息' }) });

/**
 * PIPL: a volunteer deletes their registration (erasure.ts says what goes and what stays).
 * Refused while they lead an active team: the unit's staff name another leader first.
 * Resumable: the registration is first marked with the pseudonym its kept records get, the
 * clean-up steps are idempotent, and the registration (name, phone) is deleted last; a call after
 * an interrupted one finishes the job with the same pseudonym.
 * Reads: 6–7 (+1 per 100 upcoming signups). Writes: 1 mark + 2 per team + 2 per upcoming signup
 * + 2–6 + 1 delete (measured in test/volunteer/unregister.test.ts).
 */
export const unregister = userAction(input, async (_input, ctx): Promise<UnregisterResult> => {
  const { openid } = ctx;
  const { db, now } = ctx;
  const [volunteer, led] = await Promise.all([findVolunteer(db, openid), teamsLedBy(db, openid)]);
  if (!volunteer) throw permissionDenied('您还没有登记为志愿者，没有需要注销的志愿者信息');
  const leading = led.filter((t) => t.active);
  if (leading.length) {
    throw failedPrecondition(
      `您目前是「${leading.map((t) => t.name).join('」「')}」的队长，暂时不能注销。请先联系服务队所属教学点或分校的管理员更换队长，再来注销`,
    );
  }
  const pseudonym = volunteer.unregisteringAs ?? (await mark(db, openid));
  await dropLeadership(db, openid, led);
  const leftTeams = await leaveTeams(db, openid, now);
  const cancelledSignups = await dropSignups(db, openid, now);
  const keptRecords = await anonymiseRecords(db, openid, pseudonym);
  await db.collection(VOLUNTEERS).where({ _id: openid }).remove();
  return { unregistered: true, keptRecords, leftTeams, cancelledSignups };
});

/** Marks the registration as being deleted, once (two taps at once agree on one pseudonym). */
async function mark(db: Parameters<typeof findVolunteer>[0], openid: string): Promise<string> {
  const pseudonym = `gone_${randomBytes(9).toString('base64url')}`;
  const res = await db
    .collection(VOLUNTEERS)
    .where({ _id: openid, unregisteringAs: db.command.exists(false) })
    .update({ data: { unregisteringAs: pseudonym } });
  if (res.stats.updated === 1) return pseudonym;
  const current = await findVolunteer(db, openid);
  if (!current?.unregisteringAs) throw failedPrecondition('您的志愿者信息刚刚已注销，请刷新页面查看');
  return current.unregisteringAs;
}

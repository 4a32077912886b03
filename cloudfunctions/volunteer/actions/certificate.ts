import type { CertificateResult } from '../../../typings/volunteer';
import { failedPrecondition } from '../../_shared/errors';
import { userAction } from '../../_shared/handler';
import { shanghaiYear, toIso } from '../../_shared/time';
import { z } from '../../_shared/validate';
import { requireVolunteer } from '../access';
import { certificateFor } from '../certificate-number';
import { RECORDS, roundHours, starOf, type HourRecordDoc } from '../model';
import { recordItem } from '../views';

/**
 * A registered volunteer's service certificate (志愿服务记录证明): a unique number (one per person per
 * calendar year), their identity, the approved records only, and the issuing teams with their units.
 * Nothing to certify yet: FAILED_PRECONDITION. Reads: 3 (+ the number's first issue).
 */
export const certificate = userAction(z.object({}), async (_input, ctx): Promise<CertificateResult> => {
  const { openid } = ctx;
  const { db, now } = ctx;
  const [v, res] = await Promise.all([
    requireVolunteer(db, openid),
    db.collection<HourRecordDoc>(RECORDS).where({ openid, status: 'approved' }).orderBy('startsAt', 'asc').limit(1000).get(),
  ]);
  const records = res.data;
  if (!records.length) throw failedPrecondition('您还没有审核通过的服务时长，参加活动并登记时长后就可以开具证明');
  const cert = await certificateFor(db, openid, shanghaiYear(now), now);
  const approvedHours = roundHours(records.reduce((s, r) => s + r.hours, 0));
  const issuers = Array.from(new Set(records.map((r) => r.teamName)));
  return {
    number: cert.number,
    realName: v.realName,
    approvedHours,
    records: records.map(recordItem),
    issuedBy: issuers.join('、'),
    issuedAt: toIso(now),
    star: starOf(approvedHours),
  };
});

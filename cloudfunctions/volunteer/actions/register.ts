import type { MyProfileResult, RegisterParams, RegisterResult } from '../../../typings/volunteer';
import { isDuplicateKeyError } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { invalidArgument } from '../../_shared/errors';
import { userAction } from '../../_shared/handler';
import { toIso } from '../../_shared/time';
import { mobile, text, z } from '../../_shared/validate';
import { findVolunteer } from '../access';
import { MEMBERS, TEAMS, VOLUNTEERS, roundHours, type MemberDoc, type TeamDoc } from '../model';

const registerInput = params<RegisterParams>()(
  z.object({
    realName: text('真实姓名', 20, 2),
    phone: mobile(),
    skills: z.array(text('服务技能', 20), { error: '服务技能格式不正确' }).max(10, '服务技能最多选10项').optional(),
    consent: z.boolean({ error: '请确认同意个人信息使用说明' }).optional(),
  }),
);

/**
 * Registers the caller as a volunteer (again = update of name, phone and skills; hours and the
 * registration date are kept). The form requires ticking the consent box; `consent: false` is refused.
 * Writes: 1 (2 on an update).
 */
export const register = userAction(registerInput, async (input, ctx): Promise<RegisterResult> => {
  const { openid } = ctx;
  if (input.consent === false) throw invalidArgument('需要您同意个人信息使用说明后才能登记为志愿者');
  const skills = Array.from(new Set(input.skills ?? []));
  const { db, now } = ctx;
  try {
    await db.collection(VOLUNTEERS).add({
      data: { _id: openid, realName: input.realName, phone: input.phone, skills, approvedHours: 0, consentAt: now, registeredAt: now, updatedAt: now },
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await db.collection(VOLUNTEERS).doc(openid).update({ data: { realName: input.realName, phone: input.phone, skills, consentAt: now, updatedAt: now } });
  }
  return { volunteerId: openid };
});

/** The caller's own registration and team memberships. Reads: 1–3. */
export const myProfile = userAction(z.object({}), async (_input, ctx): Promise<MyProfileResult> => {
  const { openid } = ctx;
  const { db } = ctx;
  const v = await findVolunteer(db, openid);
  if (!v) return { volunteer: null, memberships: [] };
  const members = (await db.collection<MemberDoc>(MEMBERS).where({ openid }).limit(100).get()).data.filter((m) => m.status !== 'left');
  const teams = members.length
    ? (await db.collection<TeamDoc>(TEAMS).where({ _id: db.command.in(members.map((m) => m.teamId)) }).limit(100).get()).data
    : [];
  const byId = new Map(teams.map((t) => [t._id, t]));
  return {
    volunteer: {
      volunteerId: v._id,
      realName: v.realName,
      phone: v.phone,
      skills: v.skills,
      approvedHours: roundHours(v.approvedHours),
      registeredAt: toIso(v.registeredAt),
    },
    memberships: members
      .filter((m) => byId.has(m.teamId))
      .map((m) => ({ teamId: m.teamId, teamName: byId.get(m.teamId)!.name, status: m.status, isLeader: byId.get(m.teamId)!.leaderOpenid === openid })),
  };
});

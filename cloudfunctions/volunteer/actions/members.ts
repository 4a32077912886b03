import type {
  JoinTeamParams,
  JoinTeamResult,
  LeaveTeamParams,
  LeaveTeamResult,
  ListMembersParams,
  ListMembersResult,
  MemberStatus,
  ReviewMemberParams,
  ReviewMemberResult,
} from '../../../typings/volunteer';
import { writeAudit } from '../../_shared/audit';
import { canManage } from '../../_shared/authz';
import { isDuplicateKeyError } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { failedPrecondition, notFound } from '../../_shared/errors';
import { staffAction, userAction } from '../../_shared/handler';
import { pageWindow, toPage } from '../../_shared/paging';
import { maskPhone } from '../../_shared/privacy';
import { toIso } from '../../_shared/time';
import { bool, id, pageParams, z } from '../../_shared/validate';
import { findDoc, loadTeam, requireVolunteer, teamChain, teamStaff, unitChainOf } from '../access';
import { openidField } from '../fields';
import { MEMBERS, TEAMS, VOLUNTEERS, memberId, roundHours, type MemberDoc, type VolunteerDoc } from '../model';

const joinInput = params<JoinTeamParams>()(z.object({ teamId: id('服务队') }));

/**
 * A registered volunteer applies to join; the leader approves. Again: the current status
 * (a rejected or former member applies anew). Reads: 2–3. Writes: 1.
 */
export const joinTeam = userAction(joinInput, async (input, ctx): Promise<JoinTeamResult> => {
  const { openid } = ctx;
  const { db, now } = ctx;
  const [volunteer, team] = await Promise.all([requireVolunteer(db, openid), loadTeam(db, input.teamId)]);
  const _id = memberId(team._id, openid);
  const doc: Omit<MemberDoc, '_id'> = { teamId: team._id, openid, realName: volunteer.realName, status: 'pending', appliedAt: now, reviewedAt: null, reviewedBy: null };
  try {
    await db.collection(MEMBERS).add({ data: { _id, ...doc } });
    return { status: 'pending' };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const existing = await findDoc<MemberDoc>(db, MEMBERS, _id);
  if (!existing) throw failedPrecondition('申请未能提交，请稍后再试');
  if (existing.status === 'member' || existing.status === 'pending') return { status: existing.status };
  await db
    .collection(MEMBERS)
    .where({ _id, status: existing.status })
    .update({ data: { status: 'pending', realName: volunteer.realName, appliedAt: now, reviewedAt: null, reviewedBy: null } });
  return { status: 'pending' };
});

const leaveInput = params<LeaveTeamParams>()(z.object({ teamId: id('服务队') }));

/** A member (or applicant) leaves. The leader cannot: staff name another leader first. */
export const leaveTeam = userAction(leaveInput, async (input, ctx): Promise<LeaveTeamResult> => {
  const { openid } = ctx;
  const { db, now } = ctx;
  const team = await loadTeam(db, input.teamId);
  if (team.leaderOpenid === openid) throw failedPrecondition('您是队长，不能直接退出。请联系教学点或分校管理员先更换队长');
  const _id = memberId(team._id, openid);
  const existing = await findDoc<MemberDoc>(db, MEMBERS, _id);
  if (!existing || existing.status === 'left' || existing.status === 'rejected') throw failedPrecondition('您不在这支服务队中');
  const res = await db.collection(MEMBERS).where({ _id, status: existing.status }).update({ data: { status: 'left', reviewedAt: now } });
  if (res.stats.updated === 1 && existing.status === 'member') {
    await db.collection(TEAMS).doc(team._id).update({ data: { memberCount: db.command.inc(-1), updatedAt: now } });
  }
  return { status: 'left' };
});

const reviewInput = params<ReviewMemberParams>()(z.object({ teamId: id('服务队'), openid: openidField('队员'), approve: bool('是否通过') }));

/**
 * The team's leader or staff above approve an applicant (or reject one; rejecting a member removes
 * them from the team). memberCount follows exactly (conditional updates). Audited.
 */
export const reviewMember = staffAction({
  input: reviewInput,
  ...teamStaff('只有本队队长或所属单位的管理员可以审核队员'),
  run: async (input, ctx): Promise<ReviewMemberResult> => {
    const { db, now, openid: actor } = ctx;
    const { team } = ctx.target;
    const _id = memberId(team._id, input.openid);
    const existing = await findDoc<MemberDoc>(db, MEMBERS, _id);
    if (!existing || existing.status === 'left') throw notFound('没有找到这位志愿者的入队申请');
    const target: 'member' | 'rejected' = input.approve ? 'member' : 'rejected';
    if (existing.status === target) return { status: target };
    if (target === 'rejected' && team.leaderOpenid === input.openid) throw failedPrecondition('不能移除队长，请先更换队长');
    const res = await db.collection(MEMBERS).where({ _id, status: existing.status }).update({ data: { status: target, reviewedAt: now, reviewedBy: actor } });
    if (res.stats.updated !== 1) {
      // Another reviewer decided first: the same decision is already done, a different one is not.
      const latest = await findDoc<MemberDoc>(db, MEMBERS, _id);
      if (latest?.status === target) return { status: target };
      throw failedPrecondition('这条申请刚刚被其他人处理过，请刷新后再看');
    }
    const delta = (target === 'member' ? 1 : 0) - (existing.status === 'member' ? 1 : 0);
    if (delta !== 0) await db.collection(TEAMS).doc(team._id).update({ data: { memberCount: db.command.inc(delta), updatedAt: now } });
    await writeAudit(db, {
      actor,
      action: 'volunteer.member.review',
      targetType: 'teamMember',
      targetId: _id,
      scope: teamChain(team),
      before: { status: existing.status },
      after: { status: target },
    });
    return { status: target };
  },
});

const listMembersInput = params<ListMembersParams>()(
  z.object({ teamId: id('服务队'), status: z.enum(['pending', 'member'], { error: '状态只能是待审核或已入队' }).optional(), ...pageParams }),
);

/**
 * The team's leader or staff above. Phones are unmasked only for staff of the team's unit or above
 * (as for learners: staff of the person's point or above); a team leader sees them masked.
 * Reads: 4.
 */
export const listMembers = staffAction({
  input: listMembersInput,
  ...teamStaff('只有本队队长或所属单位的管理员可以查看队员名单'),
  run: async (input, ctx): Promise<ListMembersResult> => {
    const { db, caller } = ctx;
    const { team } = ctx.target;
    const entitled = canManage(caller, unitChainOf(team));
    const w = pageWindow(input);
    const statuses: MemberStatus[] = input.status ? [input.status] : ['pending', 'member'];
    const rows = (
      await db
        .collection<MemberDoc>(MEMBERS)
        .where({ teamId: team._id, status: db.command.in(statuses) })
        .orderBy('appliedAt', 'asc')
        .orderBy('_id', 'asc')
        .skip(w.skip)
        .limit(w.fetch)
        .get()
    ).data;
    const page = toPage(w, rows);
    const vols = page.items.length
      ? (await db.collection<VolunteerDoc>(VOLUNTEERS).where({ _id: db.command.in(page.items.map((m) => m.openid)) }).limit(100).get()).data
      : [];
    const byId = new Map(vols.map((v) => [v._id, v]));
    return {
      items: page.items.map((m) => {
        const v = byId.get(m.openid);
        return {
          openid: m.openid,
          realName: v?.realName ?? m.realName,
          phone: v ? (entitled ? v.phone : maskPhone(v.phone)) : '',
          skills: v?.skills ?? [],
          status: m.status,
          isLeader: team.leaderOpenid === m.openid,
          approvedHours: roundHours(v?.approvedHours ?? 0),
          appliedAt: toIso(m.appliedAt),
        };
      }),
      nextCursor: page.nextCursor,
    };
  },
});

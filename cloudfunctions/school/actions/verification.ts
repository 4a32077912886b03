import type {
  ConfirmVerificationParams,
  ConfirmVerificationResult,
  FigureKey,
  GetVerificationParams,
  GetVerificationResult,
  ListRectificationsParams,
  ListRectificationsResult,
  RankedPoint,
  RecheckParams,
  RecheckResult,
  RectificationView,
  ReportRectificationParams,
  ReportRectificationResult,
  ScoreFigure,
  StartVerificationParams,
  StartVerificationResult,
  VerificationView,
  Weights,
} from '../../../typings/school';
import { writeAudit } from '../../_shared/audit';
import { isDuplicateKeyError, type Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { failedPrecondition, invalidArgument } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { POINTS_COLLECTION, type PointDoc } from '../../_shared/org';
import { toIso } from '../../_shared/time';
import { bool, id, integer, isoTime, text, z } from '../../_shared/validate';
import { findById, HEAD_ONLY, loadById, REVIEWERS, yearField } from '../access';
import { checklistDocs, heldCourses, heldOf, pointTeams, quizParticipations, quizzesOfYear, volunteerActivities } from '../figures';
import {
  checklistKeys,
  DEFAULT_BOTTOM_N,
  DEFAULT_FLOOR,
  DEFAULT_WEIGHTS,
  DEMO_HISTORY,
  FIGURE_KEYS,
  FIGURE_LABELS,
  FIGURE_TARGETS,
  PLANS,
  planId,
  RECTIFICATIONS,
  rectificationId,
  roundId,
  roundNumber,
  ROUNDS,
  type PlanDoc,
  type RectificationDoc,
  type RoundDoc,
} from '../model';
import { tellUnit } from '../notices';
import { branchChain } from '../schemas';
import { demoPoints } from './demo';

type Values = Record<FigureKey, number>;

/** The transparent score: each figure's points are weight × min(1, value / target) × 100 / Σ weights. */
export function scoreOf(values: Values, weights: Weights): { score: number; figures: ScoreFigure[] } {
  const sum = FIGURE_KEYS.reduce((s, k) => s + weights[k], 0);
  const figures = FIGURE_KEYS.map((key) => {
    const normalized = roundNumber(Math.min(1, values[key] / FIGURE_TARGETS[key]), 4);
    return {
      key,
      label: FIGURE_LABELS[key],
      value: roundNumber(values[key], 2),
      target: FIGURE_TARGETS[key],
      normalized,
      weight: weights[key],
      points: sum > 0 ? roundNumber((weights[key] * normalized * 100) / sum, 2) : 0,
    };
  });
  return { score: roundNumber(figures.reduce((s, f) => s + f.points, 0), 2), figures };
}

/** Score desc, then point id: the same data always gives the same order. */
export function rank(rows: Array<Omit<RankedPoint, 'rank' | 'proposed'>>, bottomN: number, floor: number): RankedPoint[] {
  const sorted = [...rows].sort((a, b) => b.score - a.score || (a.pointId < b.pointId ? -1 : a.pointId > b.pointId ? 1 : 0));
  return sorted.map((r, i) => ({ ...r, rank: i + 1, proposed: i >= sorted.length - bottomN || r.score < floor }));
}

/** A demonstration point's figures over the two years a verification covers. */
async function valuesOf(db: Database, point: PointDoc, years: number[], now: Date, ctx: { held: Map<number, Map<string, { held: number }>>; quizzes: Map<number, Awaited<ReturnType<typeof quizzesOfYear>>> }): Promise<Values> {
  let held = 0;
  let attendance = 0;
  let courses = 0;
  let activities = 0;
  let quiz = 0;
  let completion = 0;
  const teams = await pointTeams(db, point._id);
  for (const y of years) {
    const h = ctx.held.get(y)!.get(point._id)?.held ?? 0;
    held += h;
    const list = await heldCourses(db, point._id, y, now);
    courses += list.length;
    attendance += list.reduce((s, c) => s + (c.checkinCount ?? 0), 0);
    activities += await volunteerActivities(db, teams, y, now);
    quiz += await quizParticipations(db, point, ctx.quizzes.get(y)!);
    const plan = await findById<PlanDoc>(db, PLANS, planId(point._id, y));
    completion += plan && plan.planned > 0 ? Math.min(1, h / plan.planned) : 0;
  }
  const last = years[years.length - 1];
  const keys = checklistKeys(true);
  const approved = (await checklistDocs(db, point._id, last)).filter((d) => d.status === 'approved' && keys.includes(d.key)).length;
  const n = years.length;
  return {
    held: held / n,
    attendancePerCourse: courses ? attendance / courses : 0,
    checklist: approved / keys.length,
    volunteerActivities: activities / n,
    quizParticipation: quiz / n,
    planCompletion: completion / n,
  };
}

function roundView(r: RoundDoc, branchId?: string): VerificationView {
  return { year: r.year, status: r.status, weights: r.weights, bottomN: r.bottomN, floor: r.floor, items: branchId ? r.items.filter((i) => i.branchId === branchId) : r.items, confirmed: r.confirmed };
}

const weightField = (label: string) => integer(label, 0, 100).optional();

/** The head school ranks every demonstration point (every two years) and proposes the bottom ones. */
export const startVerification = staffAction({
  input: params<StartVerificationParams>()(
    z.object({
      year: yearField(),
      weights: z
        .object({
          held: weightField('开课数权重'),
          attendancePerCourse: weightField('场均签到权重'),
          checklist: weightField('四化八有权重'),
          volunteerActivities: weightField('志愿服务权重'),
          quizParticipation: weightField('知识竞赛权重'),
          planCompletion: weightField('计划完成率权重'),
        })
        .optional(),
      bottomN: integer('末位数量', 0, 100).optional(),
      floor: integer('最低分', 0, 100).optional(),
    }),
  ),
  who: 'head_admin',
  denied: '示范教学点复核由总校组织',
  scope: async () => ({ chain: {}, roles: HEAD_ONLY }),
  run: async (p, { db, now, caller }): Promise<StartVerificationResult> => {
    const existing = await findById<RoundDoc>(db, ROUNDS, roundId(p.year));
    if (existing?.status === 'confirmed') throw failedPrecondition(`${p.year}年的复核结果已确认，不能重新排名`);
    const weights: Weights = { ...DEFAULT_WEIGHTS, ...Object.fromEntries(Object.entries(p.weights ?? {}).filter(([, v]) => v !== undefined)) } as Weights;
    if (FIGURE_KEYS.every((k) => weights[k] === 0)) throw invalidArgument('权重不能全部为0');
    const bottomN = p.bottomN ?? DEFAULT_BOTTOM_N;
    const floor = p.floor ?? DEFAULT_FLOOR;
    const years = [p.year - 1, p.year];
    const points = (await demoPoints(db, undefined)).filter((pt) => pt.active);
    const ids = points.map((pt) => pt._id);
    const held = new Map<number, Map<string, { held: number }>>();
    const quizzes = new Map<number, Awaited<ReturnType<typeof quizzesOfYear>>>();
    for (const y of years) {
      held.set(y, await heldOf(db, ids, y, now));
      quizzes.set(y, await quizzesOfYear(db, y));
    }
    const rows = [];
    for (const pt of points) {
      const { score, figures } = scoreOf(await valuesOf(db, pt, years, now, { held, quizzes }), weights);
      rows.push({ pointId: pt._id, pointName: pt.name, branchId: pt.branchId, score, figures });
    }
    const items = rank(rows, bottomN, floor);
    const doc = { year: p.year, status: 'proposed' as const, weights, bottomN, floor, items, confirmed: [], createdBy: caller.openid, updatedAt: now };
    await db.collection(ROUNDS).doc(roundId(p.year)).set({ data: doc });
    await writeAudit(db, { actor: caller.openid, action: 'demo.verificationRank', targetType: 'verificationRound', targetId: roundId(p.year), scope: {}, after: { points: items.length, proposed: items.filter((i) => i.proposed).map((i) => i.pointId) } });
    return roundView({ _id: roundId(p.year), ...doc });
  },
});

export const getVerification = staffAction({
  input: params<GetVerificationParams>()(z.object({ year: yearField(), branchId: id('分校').optional() })),
  who: 'branch_admin (its points), head_admin',
  scope: async (p, { caller }) => ({ chain: branchChain(caller, p.branchId), roles: REVIEWERS }),
  run: async (p, { db, target }): Promise<GetVerificationResult> => {
    const round = await findById<RoundDoc>(db, ROUNDS, roundId(p.year));
    return { round: round ? roundView(round, target.chain.branchId) : null };
  },
});

/** The head school confirms which proposed points go into rectification (整改), with a deadline. */
export const confirmVerification = staffAction({
  input: params<ConfirmVerificationParams>()(
    z.object({ year: yearField(), pointIds: z.array(id('教学点'), { error: '请选择要整改的教学点' }).max(100), deadline: isoTime('整改期限'), reason: text('整改要求', 500, 4) }),
  ),
  who: 'head_admin',
  denied: '复核结果由总校确认',
  scope: async () => ({ chain: {}, roles: HEAD_ONLY }),
  run: async (p, { db, now, caller }): Promise<ConfirmVerificationResult> => {
    const round = await loadById<RoundDoc>(db, ROUNDS, roundId(p.year), `还没有${p.year}年的复核排名，请先排名`);
    if (round.status === 'confirmed') throw failedPrecondition('这一轮复核已经确认过了');
    if (p.deadline.getTime() <= now.getTime()) throw invalidArgument('整改期限应晚于今天');
    const proposed = new Map(round.items.filter((i) => i.proposed).map((i) => [i.pointId, i]));
    const chosen = [...new Set(p.pointIds)];
    if (chosen.some((pid) => !proposed.has(pid))) throw invalidArgument('只能确认排名中建议整改的教学点');
    const res = await db.collection(ROUNDS).where({ _id: round._id, status: 'proposed' }).update({ data: { status: 'confirmed', confirmed: chosen, updatedAt: now } });
    if (res.stats.updated === 0) throw failedPrecondition('这一轮复核刚刚已被确认，请刷新查看');
    const ids: string[] = [];
    for (const pid of chosen) {
      const item = proposed.get(pid)!;
      const rid = rectificationId(pid, p.year);
      try {
        await db.collection(RECTIFICATIONS).add({
          data: { _id: rid, pointId: pid, pointName: item.pointName, branchId: item.branchId, year: p.year, reason: p.reason, deadline: p.deadline, status: 'open', report: null, decisionReason: null, openedBy: caller.openid, openedAt: now, decidedAt: null },
        });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      ids.push(rid);
      await db.collection(DEMO_HISTORY).add({ data: { pointId: pid, branchId: item.branchId, at: now, kind: 'rectification', title: null, reason: `${p.reason}（得分${item.score}，第${item.rank}名）`, by: caller.openid } });
      await writeAudit(db, { actor: caller.openid, action: 'demo.rectification', targetType: 'rectification', targetId: rid, scope: { branchId: item.branchId, pointId: pid }, after: { deadline: toIso(p.deadline), score: item.score }, reason: p.reason });
      for (const unit of [{ scopeId: pid, role: 'point_admin' as const }, { scopeId: item.branchId, role: 'branch_admin' as const }]) {
        await tellUnit(db, unit, { id: `rectification:${rid}`, kind: 'school_rectification', page: 'packages/staff/pages/verification/index', subject: '示范教学点整改通知', place: item.pointName, note: `请于${toIso(p.deadline).slice(0, 10)}前完成整改`, at: now });
      }
    }
    return { rectifications: ids };
  },
});

function rectView(r: RectificationDoc): RectificationView {
  return { rectificationId: r._id, pointId: r.pointId, pointName: r.pointName, branchId: r.branchId, year: r.year, reason: r.reason, deadline: toIso(r.deadline), status: r.status, report: r.report, decisionReason: r.decisionReason };
}

export const listRectifications = staffAction({
  input: params<ListRectificationsParams>()(
    z.object({ branchId: id('分校').optional(), pointId: id('教学点').optional(), status: z.enum(['open', 'reported', 'kept', 'removed'], { error: '状态不正确' }).optional() }),
  ),
  who: 'point_admin (with pointId: its point), branch_admin (its points), head_admin',
  scope: async (p, { db, caller }) => {
    // A point's own staff see its rectifications (they report on them); lists wider than one point are for reviewers.
    if (p.pointId) {
      const point = await loadById<PointDoc>(db, POINTS_COLLECTION, p.pointId, '没有找到这个教学点，请返回重新选择');
      return { chain: { branchId: point.branchId, pointId: point._id } };
    }
    return { chain: branchChain(caller, p.branchId), roles: REVIEWERS };
  },
  run: async (p, { db, target }): Promise<ListRectificationsResult> => {
    const _ = db.command;
    const unit = target.chain.pointId ? { pointId: target.chain.pointId } : target.chain.branchId ? { branchId: target.chain.branchId } : {};
    const where = { ...unit, status: p.status ?? _.in(['open', 'reported']) };
    const res = await db.collection<RectificationDoc>(RECTIFICATIONS).where(where).orderBy('deadline', 'asc').limit(1000).get();
    return { items: res.data.map(rectView) };
  },
});

/** The point (or its branch) reports what it has put right. */
export const reportRectification = staffAction({
  input: params<ReportRectificationParams>()(z.object({ rectificationId: id('整改'), report: text('整改情况', 1000, 10) })),
  who: 'point_admin of the point or staff above',
  scope: async (p, { db }) => {
    const rect = await loadById<RectificationDoc>(db, RECTIFICATIONS, p.rectificationId, '没有找到这项整改，请返回刷新');
    return { chain: { branchId: rect.branchId, pointId: rect.pointId }, rect };
  },
  run: async (p, { db, now, caller, target }): Promise<ReportRectificationResult> => {
    const res = await db.collection(RECTIFICATIONS).where({ _id: target.rect._id, status: db.command.in(['open', 'reported']) }).update({ data: { status: 'reported', report: p.report } });
    if (res.stats.updated === 0) throw failedPrecondition('这项整改已经复查完毕');
    await writeAudit(db, { actor: caller.openid, action: 'demo.rectificationReport', targetType: 'rectification', targetId: target.rect._id, scope: target.chain, after: { status: 'reported', at: toIso(now) } });
    return { status: 'reported' };
  },
});

/** The head school re-checks: the point keeps its title, or loses it (the reason stays in its history). */
export const recheckRectification = staffAction({
  input: params<RecheckParams>()(z.object({ rectificationId: id('整改'), keep: bool('是否保留'), reason: text('复查结论', 500, 2) })),
  who: 'head_admin',
  denied: '整改复查由总校进行',
  scope: async (p, { db }) => {
    const rect = await loadById<RectificationDoc>(db, RECTIFICATIONS, p.rectificationId, '没有找到这项整改，请返回刷新');
    return { chain: { branchId: rect.branchId, pointId: rect.pointId }, roles: HEAD_ONLY, rect };
  },
  run: async (p, { db, now, caller, target }): Promise<RecheckResult> => {
    const { rect } = target;
    const status = p.keep ? 'kept' : 'removed';
    const res = await db.collection(RECTIFICATIONS).where({ _id: rect._id, status: db.command.in(['open', 'reported']) }).update({ data: { status, decisionReason: p.reason, decidedAt: now } });
    if (res.stats.updated === 0) throw failedPrecondition('这项整改已经复查完毕');
    if (!p.keep) await db.collection(POINTS_COLLECTION).doc(rect.pointId).update({ data: { isDemo: false, demoRemovedAt: now, demoRemovedReason: p.reason, updatedAt: now } });
    await db.collection(DEMO_HISTORY).add({ data: { pointId: rect.pointId, branchId: rect.branchId, at: now, kind: status, title: null, reason: p.reason, by: caller.openid } });
    await writeAudit(db, { actor: caller.openid, action: p.keep ? 'demo.keep' : 'demo.remove', targetType: 'point', targetId: rect.pointId, scope: target.chain, before: { isDemo: true }, after: { isDemo: p.keep }, reason: p.reason });
    await tellUnit(db, { scopeId: rect.branchId, role: 'branch_admin' }, { id: `recheck:${rect._id}`, kind: 'school_rectification', page: 'packages/staff/pages/verification/index', subject: p.keep ? '整改复查通过，保留称号' : '整改复查未通过，撤销称号', place: rect.pointName, note: p.reason, at: now });
    return { status };
  },
});

export async function demoHistoryOf(db: Database, pointId: string) {
  const res = await db.collection<{ _id: string; at: Date; kind: 'named' | 'rectification' | 'kept' | 'removed'; title: string | null; reason: string | null }>(DEMO_HISTORY).where({ pointId }).orderBy('at', 'asc').limit(100).get();
  return res.data.map((h) => ({ at: toIso(h.at), kind: h.kind, title: h.title, reason: h.reason }));
}

import reference from '../../../database/reference/chongqing-branches.json';
import type { QuizStatsParams, QuizStatsResult, QuizStatsRow } from '../../../typings/quiz';
import { isHeadAdmin, loadCaller, requireManage } from '../../_shared/authz';
import { params } from '../../_shared/contract';
import { permissionDenied } from '../../_shared/errors';
import { action, requireOpenid } from '../../_shared/handler';
import { POINTS_COLLECTION, type PointDoc } from '../../_shared/org';
import { id, z } from '../../_shared/validate';
import { branchName, loadQuiz, requireBranchExists } from '../common';
import { ATTEMPTS, BESTS } from '../model';

const input = params<QuizStatsParams>()(z.object({ quizId: id('竞答编号'), branchId: id('分校编号').optional() }));

const NO_UNIT = '未报名学员';

/**
 * Participation of a quiz per branch (head admin, city quiz) or per point of one branch (its
 * staff): people with a result, submitted attempts and the average of their best scores. Units
 * without participants are listed with zeros so staff see who has not joined yet.
 */
export const quizStats = action(input, async (input, ctx): Promise<QuizStatsResult> => {
  const openid = requireOpenid(ctx);
  const { db } = ctx;
  const [quiz, caller] = await Promise.all([loadQuiz(db, input.quizId), loadCaller(db, openid)]);
  let branchId: string | null = null;
  if (input.branchId) {
    requireBranchExists(input.branchId);
    requireManage(caller, { branchId: input.branchId }, '您只能查看本分校的参与情况');
    branchId = input.branchId;
  } else if (quiz.scope === 'branch' && quiz.branchId) {
    requireManage(caller, { branchId: quiz.branchId }, '您只能查看本分校的参与情况');
    branchId = quiz.branchId;
  } else if (!isHeadAdmin(caller)) {
    throw permissionDenied('请选择您所在的分校查看参与情况');
  }
  const level: 'branch' | 'point' = branchId ? 'point' : 'branch';
  const unitField = level === 'branch' ? 'branchId' : 'pointId';
  const $ = db.command.aggregate;

  const bestMatch: Record<string, unknown> = { quizId: quiz._id };
  const attemptMatch: Record<string, unknown> = { quizId: quiz._id, status: 'submitted' };
  if (branchId) {
    bestMatch.branchId = branchId;
    attemptMatch['person.branchId'] = branchId;
  }
  const [bests, attempts, points] = await Promise.all([
    db
      .collection(BESTS)
      .aggregate()
      .match(bestMatch)
      .group({ _id: `$${unitField}`, participants: $.sum(1), average: $.avg('$score'), pointName: $.first('$pointName') })
      .limit(10000)
      .end(),
    db
      .collection(ATTEMPTS)
      .aggregate()
      .match(attemptMatch)
      .group({ _id: `$person.${unitField}`, attempts: $.sum(1) })
      .limit(10000)
      .end(),
    branchId
      ? db.collection<PointDoc>(POINTS_COLLECTION).where({ branchId }).field({ name: true }).limit(1000).get()
      : Promise.resolve({ data: [] as PointDoc[] }),
  ]);

  const rows = new Map<string | null, QuizStatsRow>();
  const row = (unitId: string | null, unitName: string): QuizStatsRow => {
    let r = rows.get(unitId);
    if (!r) {
      r = { unitId, unitName, participants: 0, attempts: 0, averageBest: 0 };
      rows.set(unitId, r);
    }
    return r;
  };
  if (level === 'branch') for (const b of reference.branches) row(`br_${b.code}`, `${b.district}分校`);
  else for (const p of points.data) row(p._id, p.name);
  for (const g of bests.list) {
    const unitId = (g._id as string | null) ?? null;
    const name = unitId ? (level === 'branch' ? branchName(unitId) : String(g.pointName ?? '')) : NO_UNIT;
    const r = row(unitId, name || unitId || NO_UNIT);
    r.participants = Number(g.participants);
    r.averageBest = Math.round(Number(g.average) * 10) / 10;
  }
  for (const g of attempts.list) {
    const unitId = (g._id as string | null) ?? null;
    row(unitId, unitId ? (level === 'branch' ? branchName(unitId) : unitId) : NO_UNIT).attempts = Number(g.attempts);
  }
  const list = [...rows.values()].sort((a, b) => b.participants - a.participants || b.attempts - a.attempts);
  return {
    quizId: quiz._id,
    title: quiz.title,
    level,
    participants: list.reduce((n, r) => n + r.participants, 0),
    attempts: list.reduce((n, r) => n + r.attempts, 0),
    rows: list,
  };
});

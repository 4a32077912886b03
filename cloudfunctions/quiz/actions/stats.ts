import reference from '../../../database/reference/chongqing-branches.json';
import type { Page } from '../../../typings/envelope';
import type { FlaggedAttempt, FlaggedAttemptsParams, QuizStatsParams, QuizStatsResult, QuizStatsRow } from '../../../typings/quiz';
import { isHeadAdmin, loadCaller, requireManage, type Caller } from '../../_shared/authz';
import { params } from '../../_shared/contract';
import { permissionDenied } from '../../_shared/errors';
import { customUserAction } from '../../_shared/handler';
import { POINTS_COLLECTION, type PointDoc } from '../../_shared/org';
import { pageWindow, toPage } from '../../_shared/paging';
import { toIso } from '../../_shared/time';
import { id, pageParams, z } from '../../_shared/validate';
import { branchName, loadQuiz, requireBranchExists } from '../common';
import { ATTEMPTS, BESTS, type AttemptDoc, type QuizDoc } from '../model';

const input = params<QuizStatsParams>()(z.object({ quizId: id('竞答编号'), branchId: id('分校编号').optional() }));

const NO_UNIT = '未报名学员';

/**
 * Participation of a quiz per branch (head admin, city quiz) or per point of one branch (its
 * staff): people with a result, submitted attempts and the average of their best scores. Units
 * without participants are listed with zeros so staff see who has not joined yet.
 */
/** The branch a staff view of a quiz covers (null: city-wide, head admin only). */
function statsBranch(quiz: QuizDoc, caller: Caller, asked: string | undefined): string | null {
  if (asked) {
    requireBranchExists(asked);
    requireManage(caller, { branchId: asked }, '您只能查看本分校的参与情况');
    return asked;
  }
  if (quiz.scope === 'branch' && quiz.branchId) {
    requireManage(caller, { branchId: quiz.branchId }, '您只能查看本分校的参与情况');
    return quiz.branchId;
  }
  if (!isHeadAdmin(caller)) throw permissionDenied('请选择您所在的分校查看参与情况');
  return null;
}

/** Flagged attempts of a quiz (index quizId + result.flagged + submittedAt), optionally of one branch. */
function flaggedWhere(quizId: string, branchId: string | null): Record<string, unknown> {
  return { quizId, 'result.flagged': true, ...(branchId ? { 'person.branchId': branchId } : {}) };
}

export const quizStats = customUserAction("head_admin; branch_admin of the quiz's or the chosen branch", input, async (input, ctx): Promise<QuizStatsResult> => {
  const { openid } = ctx;
  const { db } = ctx;
  const [quiz, caller] = await Promise.all([loadQuiz(db, input.quizId), loadCaller(db, openid)]);
  const branchId = statsBranch(quiz, caller, input.branchId);
  const level: 'branch' | 'point' = branchId ? 'point' : 'branch';
  const unitField = level === 'branch' ? 'branchId' : 'pointId';
  const $ = db.command.aggregate;

  const bestMatch: Record<string, unknown> = { quizId: quiz._id };
  const attemptMatch: Record<string, unknown> = { quizId: quiz._id, status: 'submitted' };
  if (branchId) {
    bestMatch.branchId = branchId;
    attemptMatch['person.branchId'] = branchId;
  }
  const [bests, attempts, points, flagged] = await Promise.all([
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
    db.collection(ATTEMPTS).where(flaggedWhere(quiz._id, branchId)).count(),
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
    flaggedAttempts: flagged.total,
    rows: list,
  };
});

const flaggedInput = params<FlaggedAttemptsParams>()(z.object({ quizId: id('竞答编号'), branchId: id('分校编号').optional(), ...pageParams }));

/**
 * Staff (scoped as quizStats): attempts that scored high faster than reading takes (scoring.ts),
 * newest first, with the person's masked name and unit. Reads: 3 (quiz, roles, one page).
 */
export const flaggedAttempts = customUserAction("head_admin; branch_admin of the quiz's or the chosen branch", flaggedInput, async (input, ctx): Promise<Page<FlaggedAttempt>> => {
  const { openid } = ctx;
  const { db } = ctx;
  const [quiz, caller] = await Promise.all([loadQuiz(db, input.quizId), loadCaller(db, openid)]);
  const branchId = statsBranch(quiz, caller, input.branchId);
  const w = pageWindow(input);
  const res = await db
    .collection<AttemptDoc>(ATTEMPTS)
    .where(flaggedWhere(quiz._id, branchId))
    .orderBy('submittedAt', 'desc')
    .field({ questions: false })
    .skip(w.skip)
    .limit(w.fetch)
    .get();
  const items = res.data.flatMap((a): FlaggedAttempt[] =>
    a.result && a.submittedAt
      ? [
          {
            attemptId: a._id,
            displayName: a.person.displayName,
            branchId: a.person.branchId,
            pointId: a.person.pointId,
            unitName: [a.person.branchName, a.person.pointName].filter(Boolean).join(' · '),
            score: a.result.score,
            correctCount: a.result.correctCount,
            total: a.result.total,
            durationMs: a.result.durationMs,
            readingFloorMs: a.result.readingFloorMs ?? 0,
            submittedAt: toIso(a.submittedAt),
          },
        ]
      : [],
  );
  return toPage(w, items);
});

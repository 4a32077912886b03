import type { Page } from '../../../typings/envelope';
import type { MyTitleParams, MyTitleResult, PointTitlesParams, TitleHolder, TitlesParams } from '../../../typings/quiz';
import { isHeadAdmin, loadCaller, requireManage } from '../../_shared/authz';
import type { Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { permissionDenied } from '../../_shared/errors';
import { customUserAction, publicAction, userAction } from '../../_shared/handler';
import { LEARNERS_COLLECTION, loadPoint, pointChain, type LearnerDoc } from '../../_shared/org';
import { pageWindow, toPage, type PageWindow } from '../../_shared/paging';
import { shanghaiYear, toIso, toIsoOrNull } from '../../_shared/time';
import { id, pageParams, z } from '../../_shared/validate';
import { findById, requireBranchExists, yearField } from '../common';
import { TITLES, type TitleDoc } from '../model';
import { titleBar, titleId } from '../titles';

const myInput = params<MyTitleParams>()(z.object({ year: yearField.optional() }));

/** The caller's 科学达人 status and progress for a year (default: this year). */
export const myTitle = userAction(myInput, async (input, ctx): Promise<MyTitleResult> => {
  const { openid } = ctx;
  const year = input.year ?? shanghaiYear(ctx.now);
  const doc = await findById<TitleDoc>(ctx.db, TITLES, titleId(year, openid));
  return {
    year,
    earned: !!doc?.awarded,
    awardedAt: toIsoOrNull(doc?.awardedAt ?? null),
    qualifiedQuizzes: doc?.count ?? 0,
    bar: titleBar(),
  };
});

function holder(d: TitleDoc): TitleHolder {
  return {
    displayName: d.displayName,
    pointId: d.pointId,
    pointName: d.pointName,
    branchId: d.branchId,
    awardedAt: toIso(d.awardedAt ?? d.updatedAt),
    qualifiedQuizzes: d.count,
  };
}

async function readHolders(db: Database, where: Record<string, unknown>, w: PageWindow): Promise<Page<TitleDoc>> {
  const res = await db
    .collection<TitleDoc>(TITLES)
    .where({ ...where, awarded: true })
    .orderBy('awardedAt', 'asc')
    .skip(w.skip)
    .limit(w.fetch)
    .get();
  return toPage(w, res.data);
}

const pointInput = params<PointTitlesParams>()(z.object({ pointId: id('教学点编号'), year: yearField.optional(), ...pageParams }));

/** A teaching point's 科学达人 of a year, masked names (anyone: the point's public page). */
export const pointTitles = publicAction(pointInput, async (input, ctx): Promise<Page<TitleHolder>> => {
  const year = input.year ?? shanghaiYear(ctx.now);
  const page = await readHolders(ctx.db, { year, pointId: input.pointId }, pageWindow(input));
  return { items: page.items.map(holder), nextCursor: page.nextCursor };
});

const staffInput = params<TitlesParams>()(
  z.object({ pointId: id('教学点编号').optional(), branchId: id('分校编号').optional(), year: yearField.optional(), ...pageParams }),
);

/** Staff: the 科学达人 of a point, a branch, or (head admin) the city, with enrolled names. */
export const titles = customUserAction('staff of the point or branch, or above; the city: head_admin', staffInput, async (input, ctx): Promise<Page<TitleHolder>> => {
  const { openid } = ctx;
  const caller = await loadCaller(ctx.db, openid);
  const year = input.year ?? shanghaiYear(ctx.now);
  const where: Record<string, unknown> = { year };
  if (input.pointId) {
    const point = await loadPoint(ctx.db, input.pointId);
    requireManage(caller, pointChain(point), '您只能查看本单位的科学达人');
    where.pointId = point._id;
  } else if (input.branchId) {
    requireBranchExists(input.branchId);
    requireManage(caller, { branchId: input.branchId }, '您只能查看本分校的科学达人');
    where.branchId = input.branchId;
  } else if (!isHeadAdmin(caller)) {
    throw permissionDenied('请选择您所在的分校或教学点查看');
  }
  const page = await readHolders(ctx.db, where, pageWindow(input));
  const names = new Map<string, string>();
  if (page.items.length) {
    const res = await ctx.db
      .collection<LearnerDoc>(LEARNERS_COLLECTION)
      .where({ _id: ctx.db.command.in(page.items.map((d) => d.openid)) })
      .field({ name: true })
      .limit(page.items.length)
      .get();
    for (const l of res.data) names.set(l._id, l.name);
  }
  return {
    items: page.items.map((d) => {
      const h = holder(d);
      const name = names.get(d.openid);
      return name ? { ...h, name } : h;
    }),
    nextCursor: page.nextCursor,
  };
});

import type { AddFundingParams, AddFundingResult, ListFundingParams, ListFundingResult } from '../../../typings/school';
import { writeAudit } from '../../_shared/audit';
import type { Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { invalidArgument } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { optionalText, text, z } from '../../_shared/validate';
import { pointIdField, pointTarget, REVIEWERS, yearField } from '../access';
import { FUNDING, type FundingDoc } from '../model';

export async function fundingOf(db: Database, pointId: string, year: number): Promise<ListFundingResult> {
  const res = await db.collection<FundingDoc>(FUNDING).where({ pointId, year }).orderBy('date', 'asc').limit(1000).get();
  const items = res.data.map((f) => ({ entryId: f._id, amount: f.amountFen / 100, purpose: f.purpose, date: f.date, round: f.round }));
  return { items, total: res.data.reduce((s, f) => s + f.amountFen, 0) / 100 };
}

/** A funding entry for a point (经费台账): recorded by its branch or the head school. */
export const addFunding = staffAction({
  input: params<AddFundingParams>()(
    z.object({
      pointId: pointIdField(),
      year: yearField(),
      amount: z.number({ error: '金额应为数字' }).positive('金额应大于0').max(10_000_000, '金额过大，请核对'),
      purpose: text('用途', 100, 2),
      date: z.string({ error: '请填写日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应如 2026-05-20'),
      round: optionalText('批次', 40),
    }),
  ),
  who: "branch_admin of the point's branch, head_admin",
  denied: '经费台账由所属分校或总校登记',
  scope: async (p, { db }) => ({ ...(await pointTarget(db, p.pointId)), roles: REVIEWERS }),
  run: async (p, { db, now, caller, target }): Promise<AddFundingResult> => {
    const fen = Math.round(p.amount * 100);
    if (Math.abs(fen - p.amount * 100) > 1e-6) throw invalidArgument('金额最多保留两位小数');
    if (Number.isNaN(Date.parse(`${p.date}T00:00:00+08:00`)) || Number(p.date.slice(0, 4)) !== p.year) throw invalidArgument(`日期应在${p.year}年内`);
    const res = await db.collection(FUNDING).add({
      data: { pointId: target.point._id, branchId: target.point.branchId, year: p.year, amountFen: fen, purpose: p.purpose, date: p.date, round: p.round ?? null, by: caller.openid, at: now },
    });
    await writeAudit(db, { actor: caller.openid, action: 'funding.add', targetType: 'funding', targetId: res._id, scope: target.chain, after: { amount: p.amount, date: p.date } });
    return { entryId: res._id };
  },
});

export const listFunding = staffAction({
  input: params<ListFundingParams>()(z.object({ pointId: pointIdField(), year: yearField() })),
  who: 'staff of the point or above',
  scope: async (p, { db }) => pointTarget(db, p.pointId),
  run: async (p, { db }) => fundingOf(db, p.pointId, p.year),
});

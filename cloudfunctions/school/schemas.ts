import type { Caller, UnitChain } from '../_shared/authz';
import { isHeadAdmin } from '../_shared/authz';
import { permissionDenied } from '../_shared/errors';
import { integer, optionalText, text, z } from '../_shared/validate';
import { branchesOf } from './access';
import { TOPICS } from '../_shared/topics';

export const topicField = () => z.enum(TOPICS, { error: '课程主题应为衣、食、住、行、用、生、长、老、病、死之一' });
export const keyDayField = () => z.enum(['全国科普日', '科技工作者日', '科技活动周'], { error: '重点活动日应为全国科普日、科技工作者日或科技活动周' });

export const planItems = () =>
  z
    .array(
      z.object({
        month: integer('月份', 1, 12),
        topic: topicField(),
        count: integer('计划场次', 1, 31),
        title: optionalText('课程名称', 40),
      }),
      { error: '请填写计划的课程' },
    )
    .min(1, '请至少安排一项课程')
    .max(120, '计划的课程最多120项');

export const keyDays = () =>
  z
    .array(z.object({ keyDay: keyDayField(), title: text('活动名称', 40), count: integer('活动场次', 1, 31).optional() }), { error: '重点活动日的安排不正确' })
    .max(12, '重点活动日的安排最多12项');

export const reasonText = (label: string) => text(label, 200, 2);

/**
 * The branch a listing asks about: a named branch (its staff or the head school), or, unnamed,
 * the caller's only branch; the whole city (empty chain: head admins only) otherwise.
 */
export function branchChain(caller: Caller, branchId: string | undefined): UnitChain {
  if (branchId) return { branchId };
  if (isHeadAdmin(caller)) return {};
  const mine = branchesOf(caller);
  if (mine.length === 1) return { branchId: mine[0] };
  throw permissionDenied(mine.length ? '请先选择要查看的分校' : '只有分校或总校的管理员可以查看');
}

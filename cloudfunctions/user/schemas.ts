import type { OccupationAlias } from '../../typings/user';
import { GENDERS, OCCUPATION_ALIASES, OCCUPATIONS } from '../_shared/org';
import { id, integer, mobile, z } from '../_shared/validate';

/**
 * The enrollment form's fields. Every message names the field and says how to fix it, because
 * the mini-program shows it as it is.
 */
export const enrollFields = {
  pointId: id('教学点编号'),
  name: z
    .string({ error: '请填写姓名' })
    .trim()
    .min(2, '姓名至少2个字，请填写真实姓名')
    .max(20, '姓名不能超过20个字')
    .regex(/^[\u3400-\u9fffA-Za-z·• ]+$/, '姓名只能包含汉字、字母或间隔号「·」，请填写真实姓名'),
  gender: z.enum(GENDERS, { error: '请选择性别：男或女' }),
  birthYear: integer('出生年份', 1900, 2100),
  occupation: z.union(
    [z.enum(OCCUPATIONS), z.enum(Object.keys(OCCUPATION_ALIASES) as [OccupationAlias, ...OccupationAlias[]]).transform((alias) => OCCUPATION_ALIASES[alias])],
    { error: '请从列表中选择职业，没有合适的请选「其他」' },
  ),
  phone: mobile('手机号'),
  consent: z.literal(true, { error: '请阅读《个人信息保护说明》并勾选同意后再提交' }),
};

/** Learners are 5 to 110 years old: the check needs the server's clock, so it runs in the action. */
export function birthYearRange(currentYear: number): { min: number; max: number } {
  return { min: currentYear - 110, max: currentYear - 5 };
}

export const learnerOpenid = () => id('学员编号');

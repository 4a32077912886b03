/** Event fields of this domain (built on _shared/validate.ts). */
import { id, text, z } from '../_shared/validate';

/** An OPENID as CloudBase issues them. */
export const openidField = (label = '志愿者') => id(label);

/** An hour record id: `${activityId}:${openid}`. */
export const recordIdField = z
  .string({ error: '缺少时长记录编号' })
  .max(160, '时长记录编号格式不正确')
  .regex(/^[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/, '时长记录编号格式不正确');

/** Hours: more than 0, at most 24, in steps of at most 0.01 h. */
export const hoursField = (label = '服务时长') =>
  z
    .number({ error: `${label}应为数字，如 2 或 1.5` })
    .gt(0, `${label}应大于0小时`)
    .max(24, `${label}不能超过24小时`)
    .refine((h) => Math.abs(Math.round(h * 100) - h * 100) < 1e-6, `${label}最多保留两位小数`);

export const yearField = z
  .number({ error: '年份应为数字' })
  .int('年份应为整数')
  .min(2000, '年份不正确')
  .max(2100, '年份不正确');

export const reasonField = text('原因', 200).optional();

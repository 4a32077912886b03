import { z } from 'zod';

/**
 * Field builders whose messages tell a resident, in Chinese, which field is wrong and how to fix it.
 * Every action's event schema is assembled from these.
 */
z.config({
  customError: (issue) => {
    const field = issue.path && issue.path.length ? issue.path.join('.') : '';
    return field ? `参数「${field}」不正确，请检查后重试` : '请求参数不正确，请检查后重试';
  },
});

export { z };

export const text = (label: string, max: number, min = 1) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(min, min <= 1 ? `请填写${label}` : `${label}至少${min}个字`)
    .max(max, `${label}不能超过${max}个字`);

export const optionalText = (label: string, max: number) =>
  z.string({ error: `${label}应为文字` }).trim().max(max, `${label}不能超过${max}个字`).optional();

/** An id made by this system: letters, digits, `_` and `-`. */
export const id = (label: string) =>
  z
    .string({ error: `缺少${label}` })
    .min(1, `缺少${label}`)
    .max(64, `${label}格式不正确`)
    .regex(/^[A-Za-z0-9_-]+$/, `${label}格式不正确`);

export const integer = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}应为数字` })
    .int(`${label}应为整数`)
    .min(min, `${label}不能小于${min}`)
    .max(max, `${label}不能大于${max}`);

export const bool = (label: string) => z.boolean({ error: `请选择${label}` });

/** An ISO 8601 time with an offset; parsed to a Date. */
export const isoTime = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), {
      message: `${label}格式不正确，应如 2026-12-05T09:00:00+08:00`,
    })
    .transform((s) => new Date(s));

/** `YYYY-MM-DD`, a real calendar day. */
export const dayField = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, { message: `${label}格式不正确，应如 2026-09-20` });

/** Yuan, up to two decimals. */
export const amountField = z
  .number({ error: '金额应为数字' })
  .positive('金额应大于0')
  .max(10_000_000, '金额不能超过一千万元')
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, { message: '金额最多保留两位小数' });

/** A mainland China mobile number. */
export const mobile = (label = '手机号') =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .regex(/^1[3-9]\d{9}$/, `${label}应为11位中国大陆手机号，如 13812345678`);

export const pageParams = {
  limit: z.number({ error: '每页条数应为数字' }).int().min(1, '每页至少1条').max(100, '每页最多100条').optional(),
  cursor: z.string({ error: '翻页参数不正确' }).max(200, '翻页参数不正确').optional(),
};

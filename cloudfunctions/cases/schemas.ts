import { z } from '../_shared/validate';

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

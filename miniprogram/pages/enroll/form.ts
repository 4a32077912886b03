import type { EnrollParams, Gender, Occupation } from '../../services/user';

/** What the enrollment form holds while the resident types. */
export interface EnrollForm {
  name: string;
  gender: Gender | '';
  birthYear: string;
  occupation: Occupation | '';
  phone: string;
  consent: boolean;
}

export type EnrollField = 'name' | 'gender' | 'birthYear' | 'occupation' | 'phone' | 'consent';
export type FieldErrors = Partial<Record<EnrollField, string>>;

export function emptyForm(): EnrollForm {
  return { name: '', gender: '', birthYear: '', occupation: '', phone: '', consent: false };
}

/**
 * The same rules and messages as the `user.enroll` function, checked before sending so the
 * resident sees every problem at once, next to its field. The function checks again.
 */
export function validateEnrollForm(form: EnrollForm, currentYear: number): FieldErrors {
  const errors: FieldErrors = {};
  const name = form.name.trim();
  if (name.length < 2) errors.name = '姓名至少2个字，请填写真实姓名';
  else if (name.length > 20) errors.name = '姓名不能超过20个字';
  else if (!/^[\u3400-\u9fffA-Za-z·• ]+$/.test(name)) errors.name = '姓名只能包含汉字、字母或间隔号「·」，请填写真实姓名';
  if (!form.gender) errors.gender = '请选择性别：男或女';
  const year = Number(form.birthYear.trim());
  const min = currentYear - 110;
  const max = currentYear - 5;
  if (!/^\d{4}$/.test(form.birthYear.trim()) || year < min || year > max) {
    errors.birthYear = `请选择出生年份（${min} 到 ${max} 年之间）`;
  }
  if (!form.occupation) errors.occupation = '请从列表中选择职业，没有合适的请选「其他」';
  if (!/^1[3-9]\d{9}$/.test(form.phone.trim())) errors.phone = '手机号应为11位中国大陆手机号，如 13812345678';
  if (!form.consent) errors.consent = '请阅读《个人信息保护说明》并勾选同意后再提交';
  return errors;
}

export function firstError(errors: FieldErrors): string {
  const order: EnrollField[] = ['name', 'gender', 'birthYear', 'occupation', 'phone', 'consent'];
  for (const f of order) if (errors[f]) return errors[f] as string;
  return '';
}

export function toParams(pointId: string, form: EnrollForm): EnrollParams {
  return {
    pointId,
    name: form.name.trim(),
    gender: form.gender as Gender,
    birthYear: Number(form.birthYear.trim()),
    occupation: form.occupation as Occupation,
    phone: form.phone.trim(),
    consent: true,
  };
}

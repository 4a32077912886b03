import type {
  EnrollParams,
  EnrollResult,
  Gender,
  LearnerDetail,
  ListLearnersResult,
  MeResult,
  MeRole,
  MyEnrollment,
  Occupation,
  PhoneFromCodeResult,
  StaffCodeResult,
  WithdrawResult,
} from '../../typings/user';
import type { Role, RoleGrant } from '../../typings/roles';
import { call } from './transport';

export type { EnrollParams, EnrollResult, Gender, LearnerDetail, MeResult, MeRole, MyEnrollment, Occupation, Role, RoleGrant };

export const GENDER_OPTIONS: { value: Gender; label: string }[] = [
  { value: 'male', label: '男' },
  { value: 'female', label: '女' },
];

/** The fixed occupation list of the enrollment form, in the order shown. */
export const OCCUPATION_OPTIONS: { value: Occupation; label: string }[] = [
  { value: 'retired', label: '离退休人员' },
  { value: 'worker', label: '工人' },
  { value: 'farmer', label: '农民' },
  { value: 'civil_servant', label: '公务员' },
  { value: 'teacher', label: '教师' },
  { value: 'medical', label: '医务人员' },
  { value: 'self_employed', label: '个体经营者' },
  { value: 'student', label: '学生' },
  { value: 'other', label: '其他' },
];

export function occupationLabel(value: string): string {
  const found = OCCUPATION_OPTIONS.filter((o) => o.value === value)[0];
  return found ? found.label : '其他';
}

export function genderLabel(value: string): string {
  return value === 'female' ? '女' : '男';
}

/** The caller's identity, roles, enrollment and volunteer record; needs an OPENID. */
export function me(): Promise<MeResult> {
  return call('user', 'me');
}

/** Enroll, update the profile (same point) or transfer (another point). */
export function enroll(params: EnrollParams): Promise<EnrollResult> {
  return call('user', 'enroll', params);
}

/** Withdraw: deletes the enrollment and its personal data. */
export function withdraw(): Promise<WithdrawResult> {
  return call('user', 'withdraw', { confirm: true });
}

export function listLearners(pointId: string, cursor?: string): Promise<ListLearnersResult> {
  return call('user', 'listLearners', { pointId, ...(cursor ? { cursor } : {}) });
}

export function getLearner(openid: string): Promise<LearnerDetail> {
  return call('user', 'getLearner', { openid });
}

/** The number WeChat verified for the getPhoneNumber button's one-time code. */
export function phoneFromCode(code: string): Promise<PhoneFromCodeResult> {
  return call('user', 'phoneFromCode', { code });
}

/** 身份码: 6 digits, valid 10 minutes and once, for a staff member granting the caller a role. */
export function staffCode(): Promise<StaffCodeResult> {
  return call('user', 'staffCode');
}

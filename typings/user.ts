import type { NoParams } from './api';
import type { IsoTime, Page, PageParams } from './envelope';
import type { Role } from './roles';

export type Gender = 'male' | 'female';

/** A fixed list fit for community residents. */
export type Occupation = 'retired' | 'worker' | 'farmer' | 'civil_servant' | 'teacher' | 'medical' | 'self_employed' | 'student' | 'other';

/**
 * Other spellings `enroll` accepts for an occupation and stores as its code: the Chinese labels of
 * the form, and the English wording with spaces or hyphens.
 */
export type OccupationAlias =
  | '离退休人员' | '退休' | '退休人员' | '工人' | '农民' | '公务员' | '教师' | '医务人员' | '个体经营者' | '个体户' | '学生' | '其他'
  | 'civil servant' | 'civil-servant' | 'self-employed' | 'self employed';

export interface MeRole {
  role: Role;
  /** The branch, point or team id; absent for head_admin. */
  scopeId?: string;
  /** The branch or point name, when known. */
  scopeName?: string;
}

export interface MyEnrollment {
  pointId: string;
  pointName: string;
  /** False when the point has been deactivated: the learner is asked to transfer. */
  pointActive: boolean;
  name: string;
  gender: Gender;
  birthYear: number;
  occupation: Occupation;
  phoneMasked: string;
  enrolledAt: IsoTime;
}

export interface MeResult {
  openid: string;
  roles: MeRole[];
  learner: null | MyEnrollment;
  volunteer: null | { realName: string; approvedHours: number };
}

export interface EnrollParams {
  pointId: string;
  name: string;
  gender: Gender;
  birthYear: number;
  /** A code, or one of its other spellings (stored as the code). */
  occupation: Occupation | OccupationAlias;
  /** Mainland mobile number, 11 digits. */
  phone: string;
  /** Explicit consent to the privacy notice; must be literally `true`. */
  consent: true;
}

export interface EnrollResult {
  pointId: string;
  /** `enrolled` (first time), `updated` (same point, profile changed), `transferred` (another point). */
  status: 'enrolled' | 'updated' | 'transferred';
}

/** PIPL: the learner withdraws; the enrollment and its personal data are deleted. */
export interface WithdrawParams {
  confirm: true;
}

export interface WithdrawResult {
  withdrawn: true;
}

export interface ListLearnersParams extends PageParams {
  pointId: string;
}

export interface LearnerItem {
  openid: string;
  name: string;
  gender: Gender;
  birthYear: number;
  occupation: Occupation;
  /** Full for staff of the learner's point or above (and the learner), masked for everyone else. */
  phone: string;
  phoneMasked: boolean;
  enrolledAt: IsoTime;
}

export type ListLearnersResult = Page<LearnerItem>;

export interface GetLearnerParams {
  openid: string;
}

export interface LearnerDetail extends LearnerItem {
  pointId: string;
  pointName: string;
  branchId: string;
  /** Earlier points, oldest first. */
  transfers: { fromPointId: string; toPointId: string; at: IsoTime }[];
}

/** The code of `<button open-type="getPhoneNumber">` (valid once, for 5 minutes). */
export interface PhoneFromCodeParams {
  code: string;
}

export interface PhoneFromCodeResult {
  /** The mainland number WeChat verified, 11 digits (filled into the form; nothing is stored). */
  phone: string;
}

/** A short code the caller shows a staff member so they can grant a role without seeing the OPENID. */
export interface StaffCodeResult {
  /** 6 digits. */
  code: string;
  expiresAt: IsoTime;
}

// ---------------------------------------------------------------------------------------------
// The function's API map (typings/api.ts)
// ---------------------------------------------------------------------------------------------

export interface UserApi {
  me: { params: NoParams; result: MeResult };
  enroll: { params: EnrollParams; result: EnrollResult };
  withdraw: { params: WithdrawParams; result: WithdrawResult };
  listLearners: { params: ListLearnersParams; result: ListLearnersResult };
  getLearner: { params: GetLearnerParams; result: LearnerDetail };
  phoneFromCode: { params: PhoneFromCodeParams; result: PhoneFromCodeResult };
  staffCode: { params: NoParams; result: StaffCodeResult };
}

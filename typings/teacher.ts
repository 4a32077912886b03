import type { NoParams } from './api';
import type { IsoTime, Page, PageParams } from './envelope';
import type { Topic } from './course';

/**
 * 师资库: teachers of the branches' pools. A teacher applies in the mini-program (or branch staff add
 * one); the branch qualifies them and issues an appointment letter (聘书) with a unique number and a
 * validity period, which anyone verifies by its number or QR code. The head school sees every pool.
 */
export type TeacherStatus = 'pending' | 'qualified' | 'rejected';

/** How a letter verifies now: revoked by staff, past `validUntil`, or valid. */
export type LetterStatus = 'valid' | 'revoked' | 'expired';

/** A teacher's standing in the city pool (市级师资库), proposed by the branch. */
export type CityPoolStatus = 'none' | 'proposed' | 'accepted' | 'declined';

/** Yearly outstanding-teacher round: nominated by the branch, selected (or not) by the head school. */
export interface OutstandingEntry {
  year: number;
  status: 'nominated' | 'selected' | 'not_selected';
  statement: string;
}

// ---- contract ----

export interface ApplyTeacherParams {
  name: string;
  organisation: string;
  title: string;
  field: string;
  topics: Topic[];
  phone: string;
  branchId: string;
  consent: true;
  /** A short CV (at most 500 characters). */
  cv?: string;
}

export interface ApplyTeacherResult {
  teacherId: string;
  status: 'pending';
}

export interface QualifyParams {
  teacherId: string;
  approve: boolean;
  /** 1..10, default 3. */
  validYears?: number;
  /** Required to reject. */
  reason?: string;
}

export interface QualifyResult {
  status: 'qualified' | 'rejected';
  /** e.g. `渝科普聘〔2026〕0001号`; present when qualified. */
  letterNumber?: string;
}

export interface RevokeLetterParams {
  letterNumber: string;
  reason: string;
}

export interface RevokeLetterResult {
  status: 'revoked';
}

export interface VerifyLetterParams {
  /** The full number, or the letter's short code from its QR code (e.g. `L2026-0001`). */
  letterNumber: string;
}

export interface VerifyLetterResult {
  valid: boolean;
  status: LetterStatus;
  letterNumber: string;
  teacherName: string;
  /** The issuing branch, e.g. `渝中区社区科普大学分校`. */
  issuer: string;
  issuedAt: IsoTime;
  validUntil: IsoTime;
}

// ---- staff ----

export interface AddTeacherParams {
  branchId: string;
  name: string;
  organisation: string;
  title: string;
  field: string;
  topics: Topic[];
  phone: string;
  cv?: string;
}

export interface AddTeacherResult {
  teacherId: string;
  status: TeacherStatus;
  /** False when the same name and phone were already in the branch's pool (adding again, or importing the same file again, changes nothing). */
  created: boolean;
}

export interface ListTeachersParams extends PageParams {
  /** Head admins may omit it (the whole city); branch admins give their branch. */
  branchId?: string;
  status?: TeacherStatus;
  topic?: Topic;
  /** Only teachers of the city pool (accepted). */
  cityPool?: boolean;
}

export interface TeacherItem {
  id: string;
  branchId: string;
  branchName: string;
  name: string;
  organisation: string;
  title: string;
  field: string;
  topics: Topic[];
  /** In full to staff of the teacher's branch and the head school, masked otherwise. */
  phone: string;
  phoneMasked: boolean;
  status: TeacherStatus;
  letterNumber: string | null;
  letterStatus: LetterStatus | null;
  validUntil: IsoTime | null;
  cityPool: CityPoolStatus;
  outstanding: OutstandingEntry[];
  appliedAt: IsoTime;
}

export type ListTeachersResult = Page<TeacherItem>;

export interface TeacherIdParams {
  teacherId: string;
}

export interface TeachingRecordItem {
  courseId: string;
  title: string;
  topic: Topic;
  pointId: string;
  pointName: string;
  startsAt: IsoTime;
  status: string;
  signedCount: number;
  checkinCount: number;
}

export interface TeachingRecord {
  coursesGiven: number;
  attendances: number;
  /** Distinct teaching points taught at. */
  points: number;
  courses: TeachingRecordItem[];
}

export interface TeacherDetail extends TeacherItem {
  cv: string;
  rejectReason: string | null;
  record: TeachingRecord;
}

export interface ProposeCityParams {
  teacherId: string;
  statement: string;
}

export interface ReviewCityParams {
  teacherId: string;
  accept: boolean;
}

export interface CityPoolResult {
  cityPool: CityPoolStatus;
}

export interface NominateParams {
  teacherId: string;
  year: number;
  statement: string;
}

export interface SelectOutstandingParams {
  teacherId: string;
  year: number;
  selected: boolean;
}

export interface OutstandingResult {
  year: number;
  status: OutstandingEntry['status'];
}

export interface LetterImageParams {
  letterNumber: string;
}

export interface LetterImageResult {
  letterNumber: string;
  /** The QR code that opens the verify page: a PNG in cloud storage and its temporary link. */
  qrFileID: string;
  qrUrl: string;
  /** What the code encodes (the verify page's scene). */
  scene: string;
}

// ---- residents ----

/** A qualified teacher's public profile (no phone, no CV beyond the short one). */
export interface PublicTeacher {
  id: string;
  name: string;
  organisation: string;
  title: string;
  field: string;
  topics: Topic[];
  cv: string;
  branchName: string;
  outstandingYears: number[];
  coursesGiven: number;
}

export interface MyTeacherResult {
  teacher: null | (Omit<TeacherItem, 'phone' | 'phoneMasked'> & { phone: string; rejectReason: string | null });
  record: TeachingRecord | null;
}

export interface TeacherApi {
  apply: { params: ApplyTeacherParams; result: ApplyTeacherResult };
  qualify: { params: QualifyParams; result: QualifyResult };
  revokeLetter: { params: RevokeLetterParams; result: RevokeLetterResult };
  verifyLetter: { params: VerifyLetterParams; result: VerifyLetterResult };
  addTeacher: { params: AddTeacherParams; result: AddTeacherResult };
  listTeachers: { params: ListTeachersParams; result: ListTeachersResult };
  getTeacher: { params: TeacherIdParams; result: TeacherDetail };
  proposeCity: { params: ProposeCityParams; result: CityPoolResult };
  reviewCity: { params: ReviewCityParams; result: CityPoolResult };
  nominate: { params: NominateParams; result: OutstandingResult };
  selectOutstanding: { params: SelectOutstandingParams; result: OutstandingResult };
  letterImage: { params: LetterImageParams; result: LetterImageResult };
  profile: { params: TeacherIdParams; result: PublicTeacher };
  mine: { params: NoParams; result: MyTeacherResult };
}

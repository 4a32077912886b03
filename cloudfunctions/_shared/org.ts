import type { LeaderTitle } from '../../typings/org';
import type { Gender, Occupation, OccupationAlias } from '../../typings/user';
import { canManage, type Caller, type UnitChain } from './authz';
import { isMissingDocumentError, type Database } from './cloud';
import { notFound, permissionDenied, unauthenticated } from './errors';
import { maskPhone } from './privacy';
import { COLLECTIONS } from './collections';

/**
 * The organisation's records that every domain reads: teaching points and learners.
 * The `org` and `user` functions own the writes; other functions only read through here.
 */
export const POINTS_COLLECTION = COLLECTIONS.points;
export const LEARNERS_COLLECTION = COLLECTIONS.learners;

export type { Gender, LeaderTitle, Occupation };

export const LEADER_TITLES = ['社区党委副书记', '教科文卫委员'] as const satisfies readonly LeaderTitle[];
export const GENDERS = ['male', 'female'] as const satisfies readonly Gender[];
export const OCCUPATIONS = ['retired', 'worker', 'farmer', 'civil_servant', 'teacher', 'medical', 'self_employed', 'student', 'other'] as const satisfies readonly Occupation[];

export const OCCUPATION_ALIASES: Record<OccupationAlias, Occupation> = {
  离退休人员: 'retired',
  退休: 'retired',
  退休人员: 'retired',
  工人: 'worker',
  农民: 'farmer',
  公务员: 'civil_servant',
  教师: 'teacher',
  医务人员: 'medical',
  个体经营者: 'self_employed',
  个体户: 'self_employed',
  学生: 'student',
  其他: 'other',
  'civil servant': 'civil_servant',
  'civil-servant': 'civil_servant',
  'self-employed': 'self_employed',
  'self employed': 'self_employed',
};

export interface PointDoc {
  _id: string;
  branchId: string;
  /** Denormalised at creation: branch names never change. */
  branchName: string;
  name: string;
  address: string;
  location?: { latitude: number; longitude: number };
  /** Coarse 0.1° grid cell of `location` (see org/geo.ts), indexed for nearest-first search. */
  geoCell?: string;
  leaderName: string;
  leaderTitle: LeaderTitle;
  /** The point's public contact number (published by its staff), if any. */
  contactPhone?: string;
  /** 示范教学点, named by the head school. */
  isDemo: boolean;
  /** A deactivated point keeps its history but takes no new learners or courses. */
  active: boolean;
  deactivatedAt?: Date;
  deactivatedReason?: string;
  /** Learners enrolled here now: atomic increments tied to each learner's own move (user/counting.ts). */
  learnerCount: number;
  /** Anonymous counters: enrollments (incl. transfers in) and withdrawals ever, never decremented. */
  enrolledTotal: number;
  withdrawnTotal: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** A change of the branch's pointCount this point still owes (org/branch-count.ts). */
  branchCountMove?: { id: string; delta: 1 | -1 };
}

/** One person's enrollment: `_id` is the OPENID, so nobody is ever enrolled twice. */
export interface LearnerDoc {
  _id: string;
  pointId: string;
  branchId: string;
  name: string;
  gender: Gender;
  birthYear: number;
  occupation: Occupation;
  /** Full number: leaves the functions only through `visiblePhone`. */
  phone: string;
  consentAt: Date;
  /** Version of the privacy notice the learner agreed to. */
  consentVersion: string;
  enrolledAt: Date;
  updatedAt: Date;
  /** Earlier points, oldest first (transfers keep the history). */
  transfers: Array<{ fromPointId: string; toPointId: string; at: Date }>;
  /**
   * A point-counter move written with the enrollment change and not yet applied to the points'
   * learnerCount (user/counting.ts); absent at rest.
   */
  countMove?: CountMove;
}

/** The counter change one enrollment change owes: +1 on `to`, -1 on `from` (null: none). */
export interface CountMove {
  id: string;
  from: string | null;
  to: string | null;
  /** The statistics' side of the move (stat-counters.ts): where the learner was and is, with the profile each side had. */
  stats?: { from: CountSide | null; to: CountSide | null };
}

export interface CountSide {
  pointId: string;
  branchId: string;
  gender: Gender;
  birthYear: number;
  occupation: Occupation;
}

/** Bump when the privacy notice's text changes materially (the mini-program shows the same version). */
export const PRIVACY_NOTICE_VERSION = '2026-11';

export function pointChain(point: Pick<PointDoc, '_id' | 'branchId'>): UnitChain {
  return { branchId: point.branchId, pointId: point._id };
}

/** The units above a learner: staff of them see the learner's full phone. */
export function learnerChain(learner: Pick<LearnerDoc, 'pointId' | 'branchId'>): UnitChain {
  return { branchId: learner.branchId, pointId: learner.pointId };
}

/**
 * The phone as this viewer may see it: in full for the learner and for staff of the learner's
 * point or above, masked (138****5678) for everyone else, including other points' staff.
 */
export function visiblePhone(caller: Caller, learner: Pick<LearnerDoc, '_id' | 'pointId' | 'branchId' | 'phone'>): { phone: string; phoneMasked: boolean } {
  if (caller.openid === learner._id || canManage(caller, learnerChain(learner))) return { phone: learner.phone, phoneMasked: false };
  return { phone: maskPhone(learner.phone), phoneMasked: true };
}

export async function findPoint(db: Database, pointId: string): Promise<PointDoc | null> {
  try {
    return (await db.collection<PointDoc>(POINTS_COLLECTION).doc(pointId).get()).data;
  } catch (error) {
    if (isMissingDocumentError(error)) return null;
    throw error;
  }
}

export async function loadPoint(db: Database, pointId: string): Promise<PointDoc> {
  const point = await findPoint(db, pointId);
  if (!point) throw notFound('没有找到这个教学点，请返回重新选择');
  return point;
}

export async function findLearner(db: Database, openid: string): Promise<LearnerDoc | null> {
  const res = await db.collection<LearnerDoc>(LEARNERS_COLLECTION).where({ _id: openid }).limit(1).get();
  return res.data[0] ?? null;
}

/** The caller's enrollment, or the error a non-learner gets ("learner" in CONTRACT.md). */
export async function requireLearner(db: Database, openid: string | undefined): Promise<LearnerDoc> {
  if (!openid) throw unauthenticated();
  const learner = await findLearner(db, openid);
  if (!learner) throw permissionDenied('请先报名入学成为学员，再进行此操作');
  return learner;
}

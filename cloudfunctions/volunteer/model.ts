/**
 * The volunteer domain's stored documents. Ids are deterministic wherever a rule says "one per":
 * a volunteer is their OPENID, a membership `${teamId}:${openid}`, a signup and an hour record
 * `${activityId}:${openid}`, a certificate `${year}:${openid}`.
 */
import type { KeyDay, MemberStatus, RecordStatus, ShareKind, SignupStatus } from '../../typings/volunteer';
import { COLLECTIONS } from '../_shared/collections';

export const VOLUNTEERS = COLLECTIONS.volunteers;
export const TEAMS = COLLECTIONS.volunteerTeams;
export const MEMBERS = COLLECTIONS.teamMembers;
export const ACTIVITIES = COLLECTIONS.volunteerActivities;
export const SIGNUPS = COLLECTIONS.activitySignups;
export const RECORDS = COLLECTIONS.hourRecords;
export const RECORD_CHANGES = COLLECTIONS.hourRecordChanges;
export const CERTIFICATES = COLLECTIONS.volunteerCertificates;
export const OFFICERS = COLLECTIONS.scienceOfficers;
export const SHARE_OPENS = COLLECTIONS.officerShareOpens;

export const KEY_DAYS = ['全国科普日', '科技工作者日', '科技活动周'] as const satisfies readonly KeyDay[];

/** `volunteers`: `_id` = OPENID. `approvedHours` changes only with an approved record (atomic $inc). */
export interface VolunteerDoc {
  _id: string;
  realName: string;
  phone: string;
  skills: string[];
  approvedHours: number;
  consentAt: Date;
  registeredAt: Date;
  updatedAt: Date;
  /**
   * Set when the volunteer asked to delete the registration (`unregister`): the pseudonym their
   * kept hour records get. The document is deleted last, so a call that died part-way is resumed.
   */
  unregisteringAs?: string;
}

/** The name kept hour records show once their volunteer deleted the registration. */
export const UNREGISTERED_NAME = '已注销志愿者';

export type UnitType = 'branch' | 'point';

export interface TeamDoc {
  _id: string;
  unitId: string;
  unitType: UnitType;
  unitName: string;
  branchId: string;
  /** null for a branch team. */
  pointId: string | null;
  name: string;
  leaderOpenid: string | null;
  leaderName: string | null;
  memberCount: number;
  active: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface MemberDoc {
  _id: string;
  teamId: string;
  openid: string;
  /** Copied from the registration when applying (signups and records carry it on). */
  realName: string;
  status: MemberStatus;
  appliedAt: Date;
  reviewedAt: Date | null;
  reviewedBy: string | null;
}

export interface ActivityDoc {
  _id: string;
  teamId: string;
  teamName: string;
  branchId: string;
  pointId: string | null;
  title: string;
  startsAt: Date;
  endsAt: Date;
  location: string;
  slots: number;
  signedCount: number;
  hours: number;
  keyDay: KeyDay | null;
  description: string;
  status: 'active' | 'cancelled';
  /** Set by `cancelActivity`. */
  cancelReason?: string;
  cancelledAt?: Date;
  cancelledBy?: string;
  /** Set by `updateActivity`. */
  updatedAt?: Date;
  updatedBy?: string;
  /** Secret of the rotating on-site code; never leaves the function. */
  codeSecret: string;
  /** Who last displayed the on-site code: the certifier of on-site records. */
  codeShownBy: string | null;
  createdBy: string;
  createdAt: Date;
}

/** `pending`: claimed by a signup that is still taking its slot (never shown to anyone). */
export type SignupDocStatus = SignupStatus | 'pending';

export interface SignupDoc {
  _id: string;
  activityId: string;
  teamId: string;
  openid: string;
  realName: string;
  status: SignupDocStatus;
  signedAt: Date;
  signInAt: Date | null;
  signOutAt: Date | null;
  /** When the signup was cancelled (the slot is given back right after: signup.ts repairSlots). */
  cancelledAt?: Date;
}

export interface HourRecordDoc {
  _id: string;
  activityId: string;
  activityTitle: string;
  startsAt: Date;
  keyDay: KeyDay | null;
  teamId: string;
  teamName: string;
  branchId: string;
  pointId: string | null;
  openid: string;
  realName: string;
  hours: number;
  status: RecordStatus;
  source: 'onsite' | 'claim';
  note: string | null;
  reason: string | null;
  signInAt: Date | null;
  signOutAt: Date | null;
  /** Asia/Shanghai year of the activity: reports and certificates group by it. */
  year: number;
  /** Bumped on every change: the compare-and-set guard of each transition. */
  version: number;
  certifiedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RecordChangeDoc {
  _id: string;
  recordId: string;
  /** The record's volunteer. */
  openid: string;
  actor: string;
  action: 'claim' | 'reclaim' | 'onsite' | 'approve' | 'reject';
  before: null | { hours: number; status: RecordStatus };
  after: { hours: number; status: RecordStatus };
  reason: string | null;
  at: Date;
}

export interface CertificateDoc {
  _id: string;
  number: string;
  openid: string;
  year: number;
  firstIssuedAt: Date;
}

export interface OfficerDoc {
  _id: string;
  officerId: string;
  name: string;
  pointId: string;
  branchId: string;
  opens: number;
  opensByKind: Record<ShareKind, number>;
  registeredAt: Date;
}

// ---------------------------------------------------------------- pure rules

export const STAR_THRESHOLDS = [100, 300, 600, 1000, 1500] as const;

/** 1–5 stars at 100/300/600/1000/1500 approved hours, else 0. */
export function starOf(approvedHours: number): number {
  let star = 0;
  for (const t of STAR_THRESHOLDS) if (approvedHours >= t) star++;
  return star;
}

export function nextStarAt(approvedHours: number): number | null {
  return STAR_THRESHOLDS.find((t) => approvedHours < t) ?? null;
}

/** Hours are kept to 2 decimals; sums of many $inc are rounded on the way out. */
export function roundHours(h: number): number {
  return Math.round(h * 100) / 100;
}

/** The longest a single activity may be. */
export const MAX_ACTIVITY_HOURS = 24;

export function lengthHours(activity: Pick<ActivityDoc, 'startsAt' | 'endsAt'>): number {
  return roundHours((activity.endsAt.getTime() - activity.startsAt.getTime()) / 3_600_000);
}

/**
 * On-site hours: the time between the two server stamps, floored to a tenth of an hour (only
 * actual service time counts), capped at the activity's length.
 */
export function onsiteHours(signInAt: Date, signOutAt: Date, activity: Pick<ActivityDoc, 'startsAt' | 'endsAt'>): number {
  const worked = Math.floor(((signOutAt.getTime() - signInAt.getTime()) / 3_600_000) * 10) / 10;
  return Math.min(Math.max(worked, 0), lengthHours(activity));
}

export function signupId(activityId: string, openid: string): string {
  return `${activityId}:${openid}`;
}
export function recordId(activityId: string, openid: string): string {
  return `${activityId}:${openid}`;
}
export function memberId(teamId: string, openid: string): string {
  return `${teamId}:${openid}`;
}

import { createHash } from 'node:crypto';
import type { Topic } from '../../typings/course';
import type { CityPoolStatus, LetterStatus, OutstandingEntry, TeacherItem, TeacherStatus } from '../../typings/teacher';
import { canManage, type Caller } from '../_shared/authz';
import type { Database } from '../_shared/cloud';
import { COLLECTIONS } from '../_shared/collections';
import { failedPrecondition, notFound } from '../_shared/errors';
import { maskPhone } from '../_shared/privacy';
import { toIso, toIsoOrNull } from '../_shared/time';

export const TEACHERS = COLLECTIONS.teachers;
export const LETTERS = COLLECTIONS.teacherLetters;
export const COURSES = COLLECTIONS.courses;

export interface TeacherDoc {
  _id: string;
  /** The applicant (null when staff added the teacher). */
  openid: string | null;
  source: 'apply' | 'staff';
  branchId: string;
  branchName: string;
  name: string;
  organisation: string;
  title: string;
  field: string;
  topics: Topic[];
  phone: string;
  cv: string;
  status: TeacherStatus;
  rejectReason: string | null;
  letterNumber: string | null;
  letterId: string | null;
  letterRevoked: boolean;
  validUntil: Date | null;
  cityPool: CityPoolStatus;
  cityStatement: string | null;
  outstanding: OutstandingEntry[];
  consentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

type Profile = Pick<TeacherDoc, 'name' | 'organisation' | 'title' | 'field' | 'topics' | 'phone'> & { cv?: string };

/** What an application (or a staff entry) says of the teacher, in the branch's pool. */
export function teacherProfile(branch: { _id: string; name: string }, p: Profile): Pick<TeacherDoc, 'branchId' | 'branchName' | keyof Profile> & { cv: string } {
  return { branchId: branch._id, branchName: branch.name, name: p.name, organisation: p.organisation, title: p.title, field: p.field, topics: [...new Set(p.topics)], phone: p.phone, cv: p.cv ?? '' };
}

/** A new teacher's state, awaiting review: no letter, not in the city pool. */
export function pendingTeacher(): Pick<TeacherDoc, 'status' | 'rejectReason' | 'letterNumber' | 'letterId' | 'letterRevoked' | 'validUntil' | 'cityPool' | 'cityStatement' | 'outstanding'> {
  return { status: 'pending', rejectReason: null, letterNumber: null, letterId: null, letterRevoked: false, validUntil: null, cityPool: 'none', cityStatement: null, outstanding: [] };
}

export interface LetterDoc {
  /** `<year>-<seq>`, e.g. `2026-0001`: the short code a QR code carries. */
  _id: string;
  number: string;
  teacherId: string;
  teacherName: string;
  branchId: string;
  issuer: string;
  issuedAt: Date;
  validUntil: Date;
  issuedBy: string;
  revoked: boolean;
  revokedAt: Date | null;
  revokeReason: string | null;
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 20);
}

/** One application per person: re-applying edits it. */
export function applicationId(openid: string): string {
  return `tc_a${hash(openid)}`;
}

/** A teacher staff add is identified by branch, name and phone: adding (or importing) again changes nothing. */
export function staffTeacherId(branchId: string, name: string, phone: string): string {
  return `tc_s${hash(`${branchId}\n${name}\n${phone}`)}`;
}

export function letterNumberOf(year: number, seq: number): string {
  return `渝科普聘〔${year}〕${String(seq).padStart(4, '0')}号`;
}

export function letterIdOf(year: number, seq: number): string {
  return `${year}-${String(seq).padStart(4, '0')}`;
}

/** The letter id from its full number, its short code (`2026-0001`), or the QR scene (`l=2026-0001`). */
export function letterIdFrom(input: string): string | null {
  const s = input.trim();
  const full = /^渝科普聘〔(\d{4})〕(\d{4,6})号$/.exec(s);
  if (full) return `${full[1]}-${full[2]}`;
  const short = /^(?:l=|L)?(\d{4})-(\d{4,6})$/.exec(s);
  return short ? `${short[1]}-${short[2]}` : null;
}

export function letterStatusOf(letter: Pick<LetterDoc, 'revoked' | 'validUntil'>, now: Date): LetterStatus {
  if (letter.revoked) return 'revoked';
  return now.getTime() > letter.validUntil.getTime() ? 'expired' : 'valid';
}

export async function findTeacher(db: Database, id: string): Promise<TeacherDoc | null> {
  const res = await db.collection<TeacherDoc>(TEACHERS).where({ _id: id }).limit(1).get();
  return res.data[0] ?? null;
}

export async function loadTeacher(db: Database, id: string): Promise<TeacherDoc> {
  const t = await findTeacher(db, id);
  if (!t) throw notFound('没有找到这位讲师，请刷新后重试');
  return t;
}

export async function findLetter(db: Database, letterNumber: string): Promise<LetterDoc | null> {
  const letterId = letterIdFrom(letterNumber);
  if (!letterId) return null;
  const res = await db.collection<LetterDoc>(LETTERS).where({ _id: letterId }).limit(1).get();
  return res.data[0] ?? null;
}

/**
 * A teacher a course of `branchId` may name: qualified, with a letter that is neither revoked nor
 * expired, from the branch's own pool or the city pool. Reads: 1.
 */
export async function teachableTeacher(db: Database, teacherId: string, branchId: string, now: Date): Promise<TeacherDoc> {
  const t = await findTeacher(db, teacherId);
  if (!t) throw notFound('没有找到这位讲师，请从师资库重新选择');
  if (t.status !== 'qualified' || !t.validUntil) throw failedPrecondition(`${t.name}还没有通过聘任，不能作为授课讲师；一次性的主讲人请直接填写姓名`);
  const letter = letterStatusOf({ revoked: t.letterRevoked, validUntil: t.validUntil }, now);
  if (letter !== 'valid') throw failedPrecondition(`${t.name}的聘书${letter === 'revoked' ? '已撤销' : '已过期'}，不能作为授课讲师`);
  if (t.branchId !== branchId && t.cityPool !== 'accepted') throw failedPrecondition(`${t.name}是${t.branchName}的讲师，未进入市级师资库，不能在其他区县授课`);
  return t;
}

/** Phones in full to staff of the teacher's branch (and the head school), masked to everyone else. */
export function teacherItem(t: TeacherDoc, caller: Caller | null, now: Date): TeacherItem {
  const entitled = caller !== null && (caller.openid === t.openid || canManage(caller, { branchId: t.branchId }));
  const letterStatus: LetterStatus | null = t.letterNumber && t.validUntil ? letterStatusOf({ revoked: t.letterRevoked, validUntil: t.validUntil }, now) : null;
  return {
    id: t._id,
    branchId: t.branchId,
    branchName: t.branchName,
    name: t.name,
    organisation: t.organisation,
    title: t.title,
    field: t.field,
    topics: t.topics,
    phone: entitled ? t.phone : maskPhone(t.phone),
    phoneMasked: !entitled,
    status: t.status,
    letterNumber: t.letterNumber,
    letterStatus,
    validUntil: toIsoOrNull(t.validUntil),
    cityPool: t.cityPool,
    outstanding: t.outstanding,
    appliedAt: toIso(t.createdAt),
  };
}

/** What the audit keeps of a teacher (no phone). */
export function auditableTeacher(t: Pick<TeacherDoc, 'name' | 'organisation' | 'title' | 'field' | 'topics' | 'status' | 'branchId'>) {
  return { name: t.name, organisation: t.organisation, title: t.title, field: t.field, topics: t.topics, status: t.status, branchId: t.branchId };
}

import type { ApplyTeacherParams, LetterStatus, ListTeachersParams, QualifyParams, TeacherStatus } from '../../typings/teacher';
import { call } from './transport';

export type { ApplyTeacherParams, LetterStatus, PublicTeacher, TeacherItem, TeacherStatus, VerifyLetterResult } from '../../typings/teacher';

export const applyTeacher = (p: ApplyTeacherParams) => call('teacher', 'apply', p);
export const myTeacher = () => call('teacher', 'mine');
export const verifyLetter = (letterNumber: string) => call('teacher', 'verifyLetter', { letterNumber });
export const teacherProfile = (teacherId: string) => call('teacher', 'profile', { teacherId });
export const listTeachers = (p: ListTeachersParams) => call('teacher', 'listTeachers', p);
export const qualifyTeacher = (p: QualifyParams) => call('teacher', 'qualify', p);
export const revokeLetter = (letterNumber: string, reason: string) => call('teacher', 'revokeLetter', { letterNumber, reason });
export const letterImage = (letterNumber: string) => call('teacher', 'letterImage', { letterNumber });

export const LETTER_STATUS_NAMES: Record<LetterStatus, string> = { valid: '有效', revoked: '已撤销', expired: '已过期' };
export const TEACHER_STATUS_NAMES: Record<TeacherStatus, string> = { pending: '待审核', qualified: '已入库', rejected: '未通过' };

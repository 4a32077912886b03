import type {
  LetterImageParams,
  LetterImageResult,
  QualifyParams,
  QualifyResult,
  RevokeLetterParams,
  RevokeLetterResult,
  VerifyLetterParams,
  VerifyLetterResult,
} from '../../../typings/teacher';
import { writeAudit } from '../../_shared/audit';
import { cloud } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { failedPrecondition, invalidArgument, notFound } from '../../_shared/errors';
import { publicAction, staffAction } from '../../_shared/handler';
import { shanghaiYear, toIso } from '../../_shared/time';
import { bool, integer, optionalText, text, z } from '../../_shared/validate';
import { nextSequence } from '../../_shared/sequence';
import { auditableTeacher, findLetter, LETTERS, letterIdOf, letterNumberOf, letterStatusOf, loadTeacher, TEACHERS, type LetterDoc } from '../model';
import { letterNumberField, teacherIdField } from '../schemas';

const LETTER_NOT_FOUND = '没有找到这个编号的聘书，请核对编号';

const qualifyInput = params<QualifyParams>()(
  z.object({
    teacherId: teacherIdField(),
    approve: bool('是否聘任'),
    validYears: integer('聘期（年）', 1, 10).optional(),
    reason: optionalText('理由', 200),
  }),
);

/** validUntil: the last instant of the letter's term, `years` after the issue. */
export function addYears(at: Date, years: number): Date {
  const d = new Date(at.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/**
 * The branch qualifies (or rejects) a pending teacher. Qualifying issues the appointment letter:
 * a city-wide sequence per year from an atomic counter, so no two letters share a number.
 * Only the branch's own admins (the head school files the pools, it does not appoint).
 * Reads: roles + teacher (+ counter). Writes: teacher, counter, letter, audit.
 */
export const qualify = staffAction({
  input: qualifyInput,
  who: "branch_admin of the teacher's branch",
  denied: '只有讲师所在分校的管理员可以审核',
  scope: async (p, { db }) => {
    const teacher = await loadTeacher(db, p.teacherId);
    return { chain: { branchId: teacher.branchId }, roles: ['branch_admin'] as const, teacher };
  },
  run: async (p, { db, now, caller, target }): Promise<QualifyResult> => {
    const { teacher } = target;
    if (teacher.status !== 'pending') throw failedPrecondition(teacher.status === 'qualified' ? '这位讲师已经聘任，聘书已发放' : '这份申请已经处理过了');
    if (!p.approve && !p.reason) throw invalidArgument('请填写不予聘任的理由，申请人会看到');
    const teachers = db.collection(TEACHERS);
    if (!p.approve) {
      const res = await teachers.where({ _id: teacher._id, status: 'pending' }).update({ data: { status: 'rejected', rejectReason: p.reason, updatedAt: now } });
      if (res.stats.updated === 0) throw failedPrecondition('这份申请刚刚已被处理，请刷新查看');
      await writeAudit(db, {
        actor: caller.openid,
        action: 'teacher.reject',
        targetType: 'teacher',
        targetId: teacher._id,
        scope: { branchId: teacher.branchId },
        before: auditableTeacher(teacher),
        after: { status: 'rejected' },
        reason: p.reason,
      });
      return { status: 'rejected' };
    }
    // Claim the application first: of two admins approving at once only one issues a letter.
    const claim = await teachers.where({ _id: teacher._id, status: 'pending' }).update({ data: { status: 'qualified', rejectReason: null, updatedAt: now } });
    if (claim.stats.updated === 0) throw failedPrecondition('这份申请刚刚已被处理，请刷新查看');
    const year = shanghaiYear(now);
    const seq = await nextSequence(db, `teacherLetter:${year}`);
    const letter: LetterDoc = {
      _id: letterIdOf(year, seq),
      number: letterNumberOf(year, seq),
      teacherId: teacher._id,
      teacherName: teacher.name,
      branchId: teacher.branchId,
      issuer: teacher.branchName,
      issuedAt: now,
      validUntil: addYears(now, p.validYears ?? 3),
      issuedBy: caller.openid,
      revoked: false,
      revokedAt: null,
      revokeReason: null,
    };
    await db.collection(LETTERS).add({ data: { ...letter } });
    await teachers.doc(teacher._id).update({ data: { letterNumber: letter.number, letterId: letter._id, letterRevoked: false, validUntil: letter.validUntil } });
    await writeAudit(db, {
      actor: caller.openid,
      action: 'teacher.qualify',
      targetType: 'teacher',
      targetId: teacher._id,
      scope: { branchId: teacher.branchId },
      before: auditableTeacher(teacher),
      after: { status: 'qualified', letterNumber: letter.number, validUntil: toIso(letter.validUntil) },
    });
    return { status: 'qualified', letterNumber: letter.number };
  },
});

const revokeInput = params<RevokeLetterParams>()(z.object({ letterNumber: letterNumberField(), reason: text('撤销理由', 200) }));

/** The issuing branch's admins or the head school revoke a letter (it then verifies as revoked). Audited. */
export const revokeLetter = staffAction({
  input: revokeInput,
  who: "branch_admin of the letter's branch, head_admin",
  denied: '只有发证分校或总校的管理员可以撤销聘书',
  scope: async (p, { db }) => {
    const letter = await findLetter(db, p.letterNumber);
    if (!letter) throw notFound(LETTER_NOT_FOUND);
    return { chain: { branchId: letter.branchId }, roles: ['branch_admin', 'head_admin'] as const, letter };
  },
  run: async (p, { db, now, caller, target }): Promise<RevokeLetterResult> => {
    const { letter } = target;
    if (letter.revoked) throw failedPrecondition('这份聘书已经撤销过了');
    const res = await db
      .collection(LETTERS)
      .where({ _id: letter._id, revoked: false })
      .update({ data: { revoked: true, revokedAt: now, revokeReason: p.reason } });
    if (res.stats.updated === 0) throw failedPrecondition('这份聘书刚刚已被撤销');
    await db.collection(TEACHERS).where({ _id: letter.teacherId, letterId: letter._id }).update({ data: { letterRevoked: true, updatedAt: now } });
    await writeAudit(db, {
      actor: caller.openid,
      action: 'teacher.revokeLetter',
      targetType: 'teacherLetter',
      targetId: letter._id,
      scope: { branchId: letter.branchId },
      before: { number: letter.number, revoked: false },
      after: { number: letter.number, revoked: true },
      reason: p.reason,
    });
    return { status: 'revoked' };
  },
});

/** Anyone: what a letter says now (scanning its QR code opens this). Reads: 1. */
export const verifyLetter = publicAction(
  params<VerifyLetterParams>()(z.object({ letterNumber: letterNumberField() })),
  async (p, { db, now }): Promise<VerifyLetterResult> => {
    const letter = await findLetter(db, p.letterNumber);
    if (!letter) throw notFound(LETTER_NOT_FOUND);
    const status = letterStatusOf(letter, now);
    return {
      valid: status === 'valid',
      status,
      letterNumber: letter.number,
      teacherName: letter.teacherName,
      issuer: letter.issuer,
      issuedAt: toIso(letter.issuedAt),
      validUntil: toIso(letter.validUntil),
    };
  },
);

/** The page a letter's code opens; the letter travels as the scene `l=<year>-<seq>`. */
export const VERIFY_PAGE = 'pages/letter/index';

interface WxacodeApi {
  getUnlimited(options: { scene: string; page: string; checkPath?: boolean; envVersion?: string; width?: number }): Promise<{ contentType?: string; buffer: Buffer }>;
}

/**
 * The letter's 小程序码 (wxacode.getUnlimited, opening the verify page), kept in cloud storage and
 * answered with a temporary link, for printing on the letter. Staff of the branch or the head school.
 */
export const letterImage = staffAction({
  input: params<LetterImageParams>()(z.object({ letterNumber: letterNumberField() })),
  who: "staff of the letter's branch, head_admin",
  scope: async (p, { db }) => {
    const letter = await findLetter(db, p.letterNumber);
    if (!letter) throw notFound(LETTER_NOT_FOUND);
    return { chain: { branchId: letter.branchId }, letter };
  },
  run: async (_p, { target }): Promise<LetterImageResult> => {
    const { letter } = target;
    const scene = `l=${letter._id}`;
    const api = (cloud.openapi as { wxacode: WxacodeApi }).wxacode;
    const code = await api.getUnlimited({ scene, page: VERIFY_PAGE, checkPath: false, envVersion: process.env.WXACODE_ENV_VERSION || 'release', width: 430 });
    const uploaded = await cloud.uploadFile({ cloudPath: `letters/${letter._id}.jpg`, fileContent: Buffer.from(code.buffer) });
    const links = (await cloud.getTempFileURL({ fileList: [uploaded.fileID] })) as { fileList: Array<{ tempFileURL: string }> };
    return { letterNumber: letter.number, qrFileID: uploaded.fileID, qrUrl: links.fileList[0]?.tempFileURL ?? '', scene };
  },
});

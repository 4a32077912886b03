import type {
  AddTeacherParams,
  AddTeacherResult,
  CityPoolResult,
  ListTeachersParams,
  ListTeachersResult,
  NominateParams,
  OutstandingResult,
  ProposeCityParams,
  ReviewCityParams,
  SelectOutstandingParams,
  TeacherDetail,
  TeacherIdParams,
} from '../../../typings/teacher';
import { writeAudit } from '../../_shared/audit';
import { isDuplicateKeyError } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { failedPrecondition, notFound } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { pageParams } from '../../_shared/validate';
import { pageWindow, toPage } from '../../_shared/paging';
import { BRANCHES_COLLECTION, type BranchDoc } from '../../_shared/reference';
import { bool, text, z } from '../../_shared/validate';
import { topic } from '../../course/schemas';
import { auditableTeacher, loadTeacher, pendingTeacher, staffTeacherId, teacherItem, TEACHERS, teacherProfile, type TeacherDoc } from '../model';
import { teachingRecord } from '../record';
import { branchIdField, teacherFields, teacherIdField, yearField } from '../schemas';

const BRANCH_ONLY = '只有本分校或总校的管理员可以管理师资库';

export const addInput = params<AddTeacherParams>()(z.object({ ...teacherFields, branchId: branchIdField() }));

/**
 * Branch staff (or the head school) add a teacher to the branch's pool, pending qualification.
 * The id comes from branch, name and phone: adding the same person again (or importing the same
 * sheet again) changes nothing. Reads: roles + branch + teacher. Writes: 1 + audit.
 */
export const addTeacher = staffAction({
  input: addInput,
  who: 'branch_admin of the branch, head_admin',
  denied: BRANCH_ONLY,
  scope: async (p, { db }) => {
    const res = await db.collection<BranchDoc>(BRANCHES_COLLECTION).where({ _id: p.branchId }).limit(1).get();
    const branch = res.data[0];
    if (!branch) throw notFound('没有找到这个分校，请返回重新选择');
    return { chain: { branchId: branch._id }, roles: ['branch_admin', 'head_admin'] as const, branch };
  },
  run: async (p, { db, now, caller, target }): Promise<AddTeacherResult> => {
    const doc: TeacherDoc = {
      _id: staffTeacherId(target.branch._id, p.name, p.phone),
      openid: null,
      source: 'staff',
      ...teacherProfile(target.branch, p),
      ...pendingTeacher(),
      consentAt: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await db.collection(TEACHERS).add({ data: { ...doc } });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await loadTeacher(db, doc._id);
      return { teacherId: existing._id, status: existing.status, created: false };
    }
    await writeAudit(db, { actor: caller.openid, action: 'teacher.add', targetType: 'teacher', targetId: doc._id, scope: { branchId: doc.branchId }, after: auditableTeacher(doc) });
    return { teacherId: doc._id, status: 'pending', created: true };
  },
});

const listInput = params<ListTeachersParams>()(
  z.object({
    branchId: branchIdField().optional(),
    status: z.enum(['pending', 'qualified', 'rejected'], { error: '状态不正确' }).optional(),
    topic: topic.optional(),
    cityPool: z.boolean({ error: '市级师资库应为是或否' }).optional(),
    ...pageParams,
  }),
);

/**
 * A branch's pool (its staff, the head school) or, for the head school, every district's pool and
 * the city pool. Newest first; phones in full to the entitled staff. Reads: roles + 1.
 */
export const listTeachers = staffAction({
  input: listInput,
  who: 'branch_admin of the branch (branchId), head_admin (every pool, the city pool)',
  denied: BRANCH_ONLY,
  scope: async (p) => ({ chain: p.branchId ? { branchId: p.branchId } : {} }),
  run: async (p, { db, now, caller }): Promise<ListTeachersResult> => {
    const w = pageWindow(p);
    const where: Record<string, unknown> = {};
    if (p.branchId) where.branchId = p.branchId;
    if (p.status) where.status = p.status;
    if (p.cityPool) where.cityPool = 'accepted';
    if (p.topic) where.topics = p.topic;
    const res = await db.collection<TeacherDoc>(TEACHERS).where(where).orderBy('createdAt', 'desc').orderBy('_id', 'asc').skip(w.skip).limit(w.fetch).get();
    return toPage(w, res.data.map((t) => teacherItem(t, caller, now)));
  },
});

/** Staff of the teacher's branch or the head school: the record, CV and teaching record. */
export const getTeacher = staffAction({
  input: params<TeacherIdParams>()(z.object({ teacherId: teacherIdField() })),
  who: "staff of the teacher's branch, head_admin",
  denied: BRANCH_ONLY,
  scope: async (p, { db }) => {
    const teacher = await loadTeacher(db, p.teacherId);
    return { chain: { branchId: teacher.branchId }, teacher };
  },
  run: async (_p, { db, now, caller, target }): Promise<TeacherDetail> => {
    const t = target.teacher;
    return { ...teacherItem(t, caller, now), cv: t.cv, rejectReason: t.rejectReason, record: await teachingRecord(db, t._id, now) };
  },
});

/** A change of one teacher's record guarded by its state; audited. */
async function changeTeacher(
  db: Parameters<typeof loadTeacher>[0],
  teacher: TeacherDoc,
  guard: Record<string, unknown>,
  data: Record<string, unknown>,
  audit: { actor: string; action: string; before: unknown; after: unknown; reason?: string },
  now: Date,
): Promise<void> {
  const res = await db.collection(TEACHERS).where({ _id: teacher._id, ...guard }).update({ data: { ...data, updatedAt: now } });
  if (res.stats.updated === 0) throw failedPrecondition('这位讲师的记录刚刚已被修改，请刷新后重试');
  await writeAudit(db, { actor: audit.actor, action: audit.action, targetType: 'teacher', targetId: teacher._id, scope: { branchId: teacher.branchId }, before: audit.before, after: audit.after, reason: audit.reason });
}

function requireQualified(t: TeacherDoc): void {
  if (t.status !== 'qualified') throw failedPrecondition('只有已聘任的讲师可以推荐');
}

/** The branch proposes one of its qualified teachers into the city pool (市级师资库). */
export const proposeCity = staffAction({
  input: params<ProposeCityParams>()(z.object({ teacherId: teacherIdField(), statement: text('推荐理由', 500) })),
  who: "branch_admin of the teacher's branch",
  denied: '只有讲师所在分校的管理员可以推荐',
  scope: async (p, { db }) => {
    const teacher = await loadTeacher(db, p.teacherId);
    return { chain: { branchId: teacher.branchId }, roles: ['branch_admin'] as const, teacher };
  },
  run: async (p, { db, now, caller, target }): Promise<CityPoolResult> => {
    const t = target.teacher;
    requireQualified(t);
    if (t.cityPool === 'proposed' || t.cityPool === 'accepted') throw failedPrecondition(t.cityPool === 'accepted' ? '这位讲师已在市级师资库' : '已经推荐过，正等待总校审核');
    await changeTeacher(db, t, { cityPool: t.cityPool }, { cityPool: 'proposed', cityStatement: p.statement }, { actor: caller.openid, action: 'teacher.proposeCity', before: { cityPool: t.cityPool }, after: { cityPool: 'proposed' }, reason: p.statement }, now);
    return { cityPool: 'proposed' };
  },
});

/** The head school accepts or declines a proposal into the city pool. */
export const reviewCity = staffAction({
  input: params<ReviewCityParams>()(z.object({ teacherId: teacherIdField(), accept: bool('是否纳入') })),
  who: 'head_admin',
  denied: '只有总校管理员可以审核市级师资库',
  scope: async (p, { db }) => {
    const teacher = await loadTeacher(db, p.teacherId);
    return { chain: {}, roles: ['head_admin'] as const, teacher };
  },
  run: async (p, { db, now, caller, target }): Promise<CityPoolResult> => {
    const t = target.teacher;
    if (t.cityPool !== 'proposed') throw failedPrecondition('这位讲师没有待审核的推荐');
    const cityPool = p.accept ? 'accepted' : 'declined';
    await changeTeacher(db, t, { cityPool: 'proposed' }, { cityPool }, { actor: caller.openid, action: 'teacher.reviewCity', before: { cityPool: 'proposed' }, after: { cityPool } }, now);
    return { cityPool };
  },
});

/** The branch nominates a qualified teacher for the year's outstanding-teacher round (one entry a year). */
export const nominate = staffAction({
  input: params<NominateParams>()(z.object({ teacherId: teacherIdField(), year: yearField(), statement: text('推荐事迹', 500) })),
  who: "branch_admin of the teacher's branch",
  denied: '只有讲师所在分校的管理员可以推荐',
  scope: async (p, { db }) => {
    const teacher = await loadTeacher(db, p.teacherId);
    return { chain: { branchId: teacher.branchId }, roles: ['branch_admin'] as const, teacher };
  },
  run: async (p, { db, now, caller, target }): Promise<OutstandingResult> => {
    const t = target.teacher;
    requireQualified(t);
    if (t.outstanding.some((o) => o.year === p.year)) throw failedPrecondition(`这位讲师已参加${p.year}年度优秀讲师评选`);
    const entry = { year: p.year, status: 'nominated' as const, statement: p.statement };
    await changeTeacher(db, t, { 'outstanding.year': db.command.neq(p.year) }, { outstanding: db.command.push(entry) }, { actor: caller.openid, action: 'teacher.nominate', before: null, after: { year: p.year, status: 'nominated' } }, now);
    return { year: p.year, status: 'nominated' };
  },
});

/** The head school selects (or not) a nominee; the result stays on the teacher's record. */
export const selectOutstanding = staffAction({
  input: params<SelectOutstandingParams>()(z.object({ teacherId: teacherIdField(), year: yearField(), selected: bool('是否评为优秀讲师') })),
  who: 'head_admin',
  denied: '只有总校管理员可以评定优秀讲师',
  scope: async (p, { db }) => {
    const teacher = await loadTeacher(db, p.teacherId);
    return { chain: {}, roles: ['head_admin'] as const, teacher };
  },
  run: async (p, { db, now, caller, target }): Promise<OutstandingResult> => {
    const t = target.teacher;
    const entry = t.outstanding.find((o) => o.year === p.year);
    if (!entry || entry.status !== 'nominated') throw failedPrecondition(entry ? '这位讲师的评选结果已经确定' : '这位讲师没有被推荐参加该年度评选');
    const status = p.selected ? ('selected' as const) : ('not_selected' as const);
    const outstanding = t.outstanding.map((o) => (o.year === p.year ? { ...o, status } : o));
    await changeTeacher(db, t, { updatedAt: t.updatedAt }, { outstanding: db.command.set(outstanding) }, { actor: caller.openid, action: 'teacher.selectOutstanding', before: { year: p.year, status: 'nominated' }, after: { year: p.year, status } }, now);
    return { year: p.year, status };
  },
});

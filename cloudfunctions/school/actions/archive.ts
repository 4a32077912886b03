import type { ArchiveDocxResult, ArchiveParams, ArchiveView } from '../../../typings/school';
import type { Occupation } from '../../../typings/user';
import { writeAudit } from '../../_shared/audit';
import { cloud, type Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { AppError, INTERNAL_MESSAGE } from '../../_shared/errors';
import { staffAction } from '../../_shared/handler';
import { HEAD_SCHOOL_NAME } from '../../_shared/reference';
import { LEARNERS_COLLECTION, type LearnerDoc, type PointDoc } from '../../_shared/org';
import { tempUrls } from '../../_shared/storage';
import { toIso } from '../../_shared/time';
import { z } from '../../_shared/validate';
import { findById, pointIdField, pointTarget, yearField } from '../access';
import { approvedHours, checklistDocs, heldCourses, heldOne, pointTeams, quizParticipations, quizTitleCount, quizzesOfYear, volunteerActivities } from '../figures';
import { AGE_BANDS, AGE_LABELS, CHECKLIST_LABELS, checklistKeys, PLANS, planId, URL_MAX_AGE_SEC, type PlanDoc } from '../model';
import { progressOf } from '../progress';
import { fundingOf } from './funding';
import { demoHistoryOf } from './verification';

const OCCUPATION_LABELS: Record<Occupation, string> = {
  retired: '离退休人员',
  worker: '工人',
  farmer: '农民',
  civil_servant: '公务员',
  teacher: '教师',
  medical: '医务人员',
  self_employed: '个体经营者',
  student: '学生',
  other: '其他',
};
const PLAN_STATUS_LABELS: Record<string, string> = { none: '未编制', draft: '草稿', submitted: '已提交待审核', returned: '已退回修改', approved: '已通过审核' };
const CHECK_STATUS_LABELS: Record<string, string> = { missing: '未提交', submitted: '待审核', approved: '已通过', needs_work: '需完善', rejected: '不通过' };

function ageBand(age: number): (typeof AGE_BANDS)[number] {
  if (age < 50) return 'under_50';
  if (age < 60) return '50_59';
  if (age < 70) return '60_69';
  if (age < 80) return '70_79';
  return '80_plus';
}

/** Counts of the point's current learners by gender, age (at the archive's year) and occupation; no names. */
async function learnerGroups(db: Database, pointId: string, year: number): Promise<ArchiveView['learners']> {
  const gender = new Map<string, number>();
  const age = new Map<string, number>();
  const occupation = new Map<string, number>();
  let total = 0;
  for (let skip = 0; ; skip += 1000) {
    const res = await db
      .collection<LearnerDoc>(LEARNERS_COLLECTION)
      .where({ pointId })
      .orderBy('enrolledAt', 'desc')
      .field({ gender: true, birthYear: true, occupation: true })
      .skip(skip)
      .limit(1000)
      .get();
    for (const l of res.data) {
      total++;
      gender.set(l.gender, (gender.get(l.gender) ?? 0) + 1);
      const band = ageBand(year - l.birthYear);
      age.set(band, (age.get(band) ?? 0) + 1);
      occupation.set(l.occupation, (occupation.get(l.occupation) ?? 0) + 1);
    }
    if (res.data.length < 1000) break;
  }
  return {
    total,
    byGender: (['male', 'female'] as const).map((k) => ({ key: k, label: k === 'male' ? '男' : '女', count: gender.get(k) ?? 0 })),
    byAge: AGE_BANDS.map((k) => ({ key: k, label: AGE_LABELS[k], count: age.get(k) ?? 0 })),
    byOccupation: (Object.keys(OCCUPATION_LABELS) as Occupation[]).map((k) => ({ key: k, label: OCCUPATION_LABELS[k], count: occupation.get(k) ?? 0 })),
  };
}

export async function buildArchive(db: Database, point: PointDoc & { demoTitle?: string }, year: number, now: Date): Promise<ArchiveView> {
  const [plan, held, courses, learners, teams, hours, quizzes, titles, items, funding, history] = await Promise.all([
    findById<PlanDoc>(db, PLANS, planId(point._id, year)),
    heldOne(db, point._id, year, now),
    heldCourses(db, point._id, year, now),
    learnerGroups(db, point._id, year),
    pointTeams(db, point._id),
    approvedHours(db, point._id, year),
    quizzesOfYear(db, year),
    quizTitleCount(db, point._id, year),
    checklistDocs(db, point._id, year),
    fundingOf(db, point._id, year),
    demoHistoryOf(db, point._id),
  ]);
  const progress = progressOf(plan, held, year, now);
  const byKey = new Map(items.map((i) => [i.key, i]));
  const checklist = checklistKeys(point.isDemo).map((key) => {
    const d = byKey.get(key);
    return { key, label: CHECKLIST_LABELS[key], status: d?.status ?? ('missing' as const), evidenceCount: d?.evidence.length ?? 0, note: d?.note ?? '' };
  });
  return {
    point: {
      pointId: point._id,
      name: point.name,
      branchName: point.branchName,
      address: point.address,
      leaderName: point.leaderName,
      leaderTitle: point.leaderTitle,
      isDemo: point.isDemo,
      demoTitle: point.isDemo ? (point.demoTitle ?? null) : null,
    },
    year,
    plan: { status: progress.status, planned: progress.planned, held: progress.held, months: progress.months.map((m) => ({ month: m.month, planned: m.planned, held: m.held })) },
    courses: courses.map((c) => ({ title: c.title ?? '', topic: c.topic as ArchiveView['courses'][number]['topic'], startsAt: toIso(c.startsAt), attendance: c.checkinCount ?? 0 })),
    attendance: courses.reduce((s, c) => s + (c.checkinCount ?? 0), 0),
    learners,
    volunteers: { teams: teams.map((t) => ({ name: t.name, memberCount: t.memberCount })), activities: await volunteerActivities(db, teams, year, now), approvedHours: hours },
    quiz: { participations: await quizParticipations(db, point, quizzes), titles },
    checklist: { items: checklist, complete: checklist.filter((c) => c.status === 'approved').length, total: checklist.length },
    funding,
    demo: { isDemo: point.isDemo, title: point.isDemo ? (point.demoTitle ?? null) : null, history },
  };
}

/** One view of the point's year: plan and completion, courses, learners, volunteers, quiz, checklist, funding, demo status. */
export const archive = staffAction({
  input: params<ArchiveParams>()(z.object({ pointId: pointIdField(), year: yearField() })),
  who: 'staff of the point or above',
  scope: async (p, { db }) => pointTarget(db, p.pointId),
  run: async (p, { db, now, target }) => buildArchive(db, target.point, p.year, now),
});

/** The archive as a printable DOCX, uploaded to cloud storage; the `docx` package loads only here. */
export const archiveDocx = staffAction({
  input: params<ArchiveParams>()(z.object({ pointId: pointIdField(), year: yearField() })),
  who: 'staff of the point or above',
  scope: async (p, { db }) => pointTarget(db, p.pointId),
  run: async (p, { db, now, caller, target }): Promise<ArchiveDocxResult> => {
    const view = await buildArchive(db, target.point, p.year, now);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const docx = require('docx') as typeof import('docx');
    const buffer = await docx.Packer.toBuffer(archiveDocument(docx, view, now));
    const cloudPath = `school-archives/${p.pointId}/${p.year}/archive-${now.getTime()}.docx`;
    const upload = await cloud.uploadFile({ cloudPath, fileContent: buffer });
    const url = (await tempUrls([upload.fileID], URL_MAX_AGE_SEC))[upload.fileID];
    if (!url) throw new AppError('INTERNAL', INTERNAL_MESSAGE);
    await writeAudit(db, { actor: caller.openid, action: 'archive.export', targetType: 'point', targetId: p.pointId, scope: target.chain, after: { year: p.year } });
    return { fileID: upload.fileID, url, maxAge: URL_MAX_AGE_SEC };
  },
});

type Docx = typeof import('docx');

function archiveDocument(d: Docx, v: ArchiveView, now: Date) {
  const p = (text: string, opts: { bold?: boolean; size?: number } = {}) => new d.Paragraph({ children: [new d.TextRun({ text, bold: opts.bold, size: opts.size ?? 24, font: 'SimSun' })] });
  const h = (text: string) => new d.Paragraph({ heading: d.HeadingLevel.HEADING_2, children: [new d.TextRun({ text, bold: true, size: 28, font: 'SimHei' })] });
  const table = (header: string[], rows: Array<Array<string | number>>) =>
    new d.Table({
      width: { size: 100, type: d.WidthType.PERCENTAGE },
      rows: [header, ...rows.map((r) => r.map(String))].map(
        (cells, i) => new d.TableRow({ children: cells.map((c) => new d.TableCell({ children: [p(c, { bold: i === 0, size: 21 })] })) }),
      ),
    });
  const children = [
    new d.Paragraph({ alignment: d.AlignmentType.CENTER, children: [new d.TextRun({ text: `${v.point.name}社区科普大学教学点${v.year}年度档案`, bold: true, size: 36, font: 'SimHei' })] }),
    p(`所属分校：${v.point.branchName}　　地址：${v.point.address}`),
    p(`负责人：${v.point.leaderName}（${v.point.leaderTitle}）　　示范教学点：${v.demo.isDemo ? (v.demo.title ?? '是') : '否'}`),
    h('一、教学计划与完成情况'),
    p(`计划状态：${PLAN_STATUS_LABELS[v.plan.status]}；计划开课${v.plan.planned}次，实际开课${v.plan.held}次。`),
    table(['月份', '计划', '实际'], v.plan.months.map((m) => [`${m.month}月`, m.planned, m.held])),
    h('二、开课及签到'),
    p(`全年开课${v.courses.length}次，签到${v.attendance}人次。`),
    table(['日期', '课程', '主题', '签到人次'], v.courses.map((c) => [c.startsAt.slice(0, 10), c.title, c.topic, c.attendance])),
    h('三、学员构成'),
    p(`在册学员${v.learners.total}人。`),
    table(['类别', '分组', '人数'], [...v.learners.byGender.map((g) => ['性别', g.label, g.count]), ...v.learners.byAge.map((g) => ['年龄', g.label, g.count]), ...v.learners.byOccupation.map((g) => ['职业', g.label, g.count])]),
    h('四、科技志愿服务'),
    p(`服务队${v.volunteers.teams.length}支，开展活动${v.volunteers.activities}次，认定服务时长${v.volunteers.approvedHours}小时。`),
    table(['服务队', '队员人数'], v.volunteers.teams.map((t) => [t.name, t.memberCount])),
    h('五、科普知识竞赛'),
    p(`参与${v.quiz.participations}人次，获评科学达人${v.quiz.titles}人。`),
    h('六、四化八有'),
    p(`达标${v.checklist.complete}项，共${v.checklist.total}项。`),
    table(['项目', '状态', '佐证照片', '说明'], v.checklist.items.map((c) => [c.label, CHECK_STATUS_LABELS[c.status], c.evidenceCount, c.note])),
    h('七、经费台账'),
    p(`合计${v.funding.total.toFixed(2)}元。`),
    table(['日期', '用途', '金额（元）', '批次'], v.funding.items.map((f) => [f.date, f.purpose, f.amount.toFixed(2), f.round ?? ''])),
    h('八、示范教学点情况'),
    table(['时间', '事项', '称号/理由'], v.demo.history.map((x) => [x.at.slice(0, 10), { named: '命名', rectification: '整改', kept: '保留', removed: '撤销' }[x.kind], x.title ?? x.reason ?? ''])),
    p(' '),
    p(`教学点负责人（签字）：______________　　分校审核（盖章）：______________`),
    p(`${HEAD_SCHOOL_NAME}　　生成日期：${toIso(now).slice(0, 10)}`),
  ];
  return new d.Document({ sections: [{ children }] });
}

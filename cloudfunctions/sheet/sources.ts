import type { ExportKind, ExportStartParams } from '../../typings/sheet';
import type { StatsScope } from '../../typings/stats';
import { canManage, type Caller } from '../_shared/authz';
import type { Database } from '../_shared/cloud';
import { COLLECTIONS } from '../_shared/collections';
import { invalidArgument, notFound, permissionDenied } from '../_shared/errors';
import type { ActionContext, ActionSpec } from '../_shared/handler';
import { findPoint } from '../_shared/org';
import { BRANCHES_COLLECTION, type BranchDoc } from '../_shared/reference';
import { toIso } from '../_shared/time';
import { roster } from '../course/actions/roster';
import { listBranchPoints } from '../org/actions/list-branch-points';
import { manageList } from '../resource/actions/manage';
import { archive } from '../school/actions/archive';
import { checklistSummary } from '../school/actions/checklist';
import { demoMeter } from '../school/actions/demo';
import { yearRange, overviewOf } from '../stats/figures';
import { breakdownOf, resolveUnit, STATS_DENIED, trendOf } from '../stats/views';
import { listTeachers } from '../teacher/actions/pool';
import { listLearners } from '../user/actions/learners';
import { COURSE_STATUS_LABELS, CITY_POOL_LABELS, GENDER_LABELS, label, LETTER_STATUS_LABELS, OCCUPATION_LABELS, TEACHER_STATUS_LABELS, topicsText, TOPIC_LABELS } from './labels';
import type { Cell } from './workbook';

export interface SourceCtx {
  db: Database;
  now: Date;
  openid: string;
  caller: Caller;
}

/** Where a source stopped: its own JSON-safe bookmark (null: nothing more). */
export type State = Record<string, unknown>;

export interface PageOut {
  rows: Cell[][];
  state: State | null;
}

export interface Source {
  headers: string[];
  /** Checks the caller may see the list (the list's own rule) and names the sheet. */
  open(f: ExportStartParams, ctx: SourceCtx): Promise<string>;
  page(f: ExportStartParams, ctx: SourceCtx, state: State): Promise<PageOut>;
}

const PAGE = 100;
const BIG_PAGE = 1000;

/**
 * Runs a list action of another domain as the caller, through its own definition: the same
 * schema, the same scope and permission check, the same projection (e.g. masked phones).
 */
async function runAs<P, R>(spec: ActionSpec<P, R>, input: P, ctx: SourceCtx): Promise<R> {
  const parsed = spec.input.safeParse(input);
  if (!parsed.success) throw invalidArgument(parsed.error.issues[0]?.message ?? '导出条件不正确');
  const actx: ActionContext = { openid: ctx.openid, db: ctx.db, now: ctx.now };
  return spec.run(parsed.data, actx);
}

const localTime = (iso: string | null | undefined): string => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
const localDate = (d: Date): string => toIso(d).slice(0, 10);

function needYear(f: ExportStartParams): number {
  if (!f.year) throw invalidArgument('请选择年份');
  return f.year;
}

async function statsUnit(f: ExportStartParams, ctx: SourceCtx, scope: StatsScope) {
  const resolved = await resolveUnit(ctx.db, scope, f.unitId);
  if (!canManage(ctx.caller, resolved.chain)) throw permissionDenied(STATS_DENIED);
  return resolved;
}

async function branchName(db: Database, branchId: string): Promise<string> {
  const res = await db.collection<BranchDoc>(BRANCHES_COLLECTION).where({ _id: branchId }).limit(1).get();
  if (!res.data[0]) throw notFound('没有找到这个分校');
  return res.data[0].name;
}

/** A point (more specific) or a branch the caller manages: the unit of a direct-read list. */
async function unitOf(f: ExportStartParams, ctx: SourceCtx, denied: string): Promise<{ name: string; filter: Record<string, string> }> {
  if (f.pointId) {
    const point = await findPoint(ctx.db, f.pointId);
    if (!point) throw notFound('没有找到这个教学点');
    if (!canManage(ctx.caller, { branchId: point.branchId, pointId: point._id })) throw permissionDenied(denied);
    return { name: point.name, filter: { pointId: point._id } };
  }
  if (!f.branchId) throw invalidArgument('请选择分校或教学点');
  const name = await branchName(ctx.db, f.branchId);
  if (!canManage(ctx.caller, { branchId: f.branchId })) throw permissionDenied(denied);
  return { name, filter: { branchId: f.branchId } };
}

const overviewSource: Source = {
  headers: ['指标', '数值'],
  open: async (f, ctx) => `${(await statsUnit(f, ctx, f.scope ?? 'city')).name}${needYear(f)}年统计概览`,
  page: async (f, ctx) => {
    const { unit } = await statsUnit(f, ctx, f.scope ?? 'city');
    const o = await overviewOf(ctx.db, unit, needYear(f), ctx.now);
    const rows: Cell[][] = [
      ['在册学员', o.learners.total],
      ['男', o.learners.male],
      ['女', o.learners.female],
      ['60岁以下', o.learners.byAgeBand['<60']],
      ['60至69岁', o.learners.byAgeBand['60-69']],
      ['70至79岁', o.learners.byAgeBand['70-79']],
      ['80岁及以上', o.learners.byAgeBand['80+']],
      ...Object.entries(o.learners.byOccupation).map(([k, v]): Cell[] => [`职业：${label(OCCUPATION_LABELS, k)}`, v]),
      ['举办课程（次）', o.courses.held],
      ['到课（人次）', o.courses.attendances],
      ['志愿者（人）', o.volunteers.registered],
      ['志愿服务时长（小时）', o.volunteers.approvedHours],
      ['参加答题（人）', o.quizzes.participants],
      ['答题（人次）', o.quizzes.attempts],
    ];
    return { rows, state: null };
  },
};

const breakdownSource: Source = {
  headers: ['单位', '在册学员', '举办课程（次）', '到课（人次）', '志愿服务时长（小时）', '答题（人次）'],
  open: async (f, ctx) => {
    if (f.scope !== 'city' && f.scope !== 'branch') throw invalidArgument('分项统计的范围应为全市或分校');
    return `${(await statsUnit(f, ctx, f.scope)).name}${needYear(f)}年分项统计`;
  },
  page: async (f, ctx) => {
    const scope = f.scope === 'branch' ? 'branch' : 'city';
    await statsUnit(f, ctx, scope);
    const { rows } = await breakdownOf(ctx.db, scope, f.unitId, needYear(f));
    return { rows: rows.map((r) => [r.unitName, r.learners, r.coursesHeld, r.attendances, r.approvedHours, r.quizAttempts]), state: null };
  },
};

const trendSource: Source = {
  headers: ['年份', '举办课程（次）', '到课（人次）', '志愿服务时长（小时）', '答题（人次）'],
  open: async (f, ctx) => `${(await statsUnit(f, ctx, f.scope ?? 'city')).name}近五年趋势`,
  page: async (f, ctx) => {
    const { unit } = await statsUnit(f, ctx, f.scope ?? 'city');
    const t = await trendOf(ctx.db, unit, needYear(f), ctx.now);
    return { rows: t.years.map((y) => [`${y.year}年`, y.coursesHeld, y.attendances, y.approvedHours, y.quizAttempts]), state: null };
  },
};

/** A point's learners (`user.listLearners`), or a branch's point by point (`org.listBranchPoints`). */
const learnersSource: Source = {
  headers: ['姓名', '性别', '出生年份', '职业', '手机号', '教学点', '报名时间'],
  open: async (f, ctx) => {
    if (f.pointId) {
      await runAs(listLearners, { pointId: f.pointId, limit: 1 }, ctx);
      return `${(await findPoint(ctx.db, f.pointId))?.name ?? ''}学员名单`;
    }
    if (!f.branchId) throw invalidArgument('请选择分校或教学点');
    await runAs(listBranchPoints, { branchId: f.branchId, limit: 1 }, ctx);
    return `${await branchName(ctx.db, f.branchId)}学员名单`;
  },
  page: async (f, ctx, state) => {
    let points = state.points as Array<[string, string]> | undefined;
    if (!points) {
      if (f.pointId) points = [[f.pointId, (await findPoint(ctx.db, f.pointId))?.name ?? '']];
      else {
        points = [];
        let cursor: string | undefined;
        do {
          const page = await runAs(listBranchPoints, { branchId: f.branchId!, limit: PAGE, cursor }, ctx);
          points.push(...page.items.map((p): [string, string] => [p.id, p.name]));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
      }
    }
    const index = (state.index as number | undefined) ?? 0;
    const at = points[index];
    if (!at) return { rows: [], state: null };
    const page = await runAs(listLearners, { pointId: at[0], limit: PAGE, cursor: state.cursor as string | undefined }, ctx);
    const rows = page.items.map((l): Cell[] => [l.name, label(GENDER_LABELS, l.gender), l.birthYear, label(OCCUPATION_LABELS, l.occupation), l.phone, at[1], localTime(l.enrolledAt)]);
    const next = page.nextCursor ? { points, index, cursor: page.nextCursor } : index + 1 < points.length ? { points, index: index + 1 } : null;
    return { rows, state: next };
  },
};

/** One course's roster (`course.roster`: staff of the course's point or above, phones masked). */
const rosterSource: Source = {
  headers: ['姓名', '手机号', '状态', '报名时间', '签到时间', '签到方式'],
  open: async (f, ctx) => {
    if (!f.courseId) throw invalidArgument('请选择课程');
    const r = await runAs(roster, { courseId: f.courseId }, ctx);
    return `${r.course.title}名单`;
  },
  page: async (f, ctx) => {
    const r = await runAs(roster, { courseId: f.courseId! }, ctx);
    const by = (b: string | null) => (b === 'self' ? '扫码签到' : b === 'staff' ? '工作人员代签' : '');
    const rows: Cell[][] = [
      ...r.signed.map((s): Cell[] => [s.name, s.phoneMasked, s.checkedInAt ? '已签到' : '已报名', localTime(s.signedAt), localTime(s.checkedInAt), by(s.checkinBy)]),
      ...r.checkedIn.filter((s) => s.overCapacity).map((s): Cell[] => [s.name, s.phoneMasked, '现场登记（超出名额）', localTime(s.signedAt), localTime(s.checkedInAt), by(s.checkinBy)]),
      ...r.waitlisted.map((s): Cell[] => [s.name, s.phoneMasked, `候补第${s.position}位`, '', '', '']),
    ];
    return { rows, state: null };
  },
};

interface CourseRow {
  _id: string;
  title: string;
  topic: string;
  teacherName?: string;
  pointName?: string;
  startsAt: Date;
  status: string;
  signedCount: number;
  checkinCount?: number;
  location?: string;
}

/** A point's or branch's courses of a year, with signups and check-ins (staff of the unit or above). */
const coursesSource: Source = {
  headers: ['课程名称', '主题', '讲师', '教学点', '地点', '开始时间', '状态', '报名人数', '签到人数'],
  open: async (f, ctx) => `${(await unitOf(f, ctx, '只能导出本单位的课程')).name}${needYear(f)}年课程`,
  page: async (f, ctx, state) => {
    const { filter } = await unitOf(f, ctx, '只能导出本单位的课程');
    const { from, to } = yearRange(needYear(f));
    const _ = ctx.db.command;
    const skip = (state.skip as number | undefined) ?? 0;
    const res = await ctx.db
      .collection<CourseRow>(COLLECTIONS.courses)
      .where({ ...filter, startsAt: _.and(_.gte(from), _.lt(to)) })
      .orderBy('startsAt', 'asc')
      .orderBy('_id', 'asc')
      .skip(skip)
      .limit(BIG_PAGE)
      .field({ title: true, topic: true, teacherName: true, pointName: true, startsAt: true, status: true, signedCount: true, checkinCount: true, location: true })
      .get();
    const rows = res.data.map((c): Cell[] => [c.title, label(TOPIC_LABELS, c.topic), c.teacherName ?? '', c.pointName ?? '', c.location ?? '', localTime(toIso(c.startsAt)), label(COURSE_STATUS_LABELS, c.status), c.signedCount, c.checkinCount ?? 0]);
    return { rows, state: res.data.length === BIG_PAGE ? { skip: skip + BIG_PAGE } : null };
  },
};

interface HourRow {
  _id: string;
  realName: string;
  teamName: string;
  activityTitle: string;
  startsAt: Date;
  hours: number;
  keyDay: string | null;
}

/** Approved service hours of a year, of a point's or branch's teams (staff of the unit or above). */
const hoursSource: Source = {
  headers: ['志愿者', '志愿服务队', '活动', '日期', '时长（小时）', '重点活动日'],
  open: async (f, ctx) => `${(await unitOf(f, ctx, '只能导出本单位的志愿服务记录')).name}${needYear(f)}年志愿服务时长`,
  page: async (f, ctx, state) => {
    const { filter } = await unitOf(f, ctx, '只能导出本单位的志愿服务记录');
    const skip = (state.skip as number | undefined) ?? 0;
    const res = await ctx.db
      .collection<HourRow>(COLLECTIONS.hourRecords)
      .where({ ...filter, status: 'approved', year: needYear(f) })
      .orderBy('startsAt', 'asc')
      .orderBy('_id', 'asc')
      .skip(skip)
      .limit(BIG_PAGE)
      .field({ realName: true, teamName: true, activityTitle: true, startsAt: true, hours: true, keyDay: true })
      .get();
    const rows = res.data.map((r): Cell[] => [r.realName, r.teamName, r.activityTitle, localDate(r.startsAt), r.hours, r.keyDay ?? '']);
    return { rows, state: res.data.length === BIG_PAGE ? { skip: skip + BIG_PAGE } : null };
  },
};

/** `teacher.listTeachers`: a branch's pool (its admins) or every pool (the head school). */
const teachersSource: Source = {
  headers: ['姓名', '所属分校', '工作单位', '职称或职务', '专业领域', '擅长主题', '手机号', '状态', '聘书编号', '聘书状态', '有效期至', '市级师资库'],
  open: async (f, ctx) => {
    await runAs(listTeachers, { branchId: f.branchId, limit: 1 }, ctx);
    return `${f.branchId ? await branchName(ctx.db, f.branchId) : '全市'}师资库`;
  },
  page: async (f, ctx, state) => {
    const page = await runAs(listTeachers, { branchId: f.branchId, limit: PAGE, cursor: state.cursor as string | undefined }, ctx);
    const rows = page.items.map((t): Cell[] => [
      t.name,
      t.branchName,
      t.organisation,
      t.title,
      t.field,
      topicsText(t.topics),
      t.phone,
      label(TEACHER_STATUS_LABELS, t.status),
      t.letterNumber ?? '',
      label(LETTER_STATUS_LABELS, t.letterStatus),
      t.validUntil ? t.validUntil.slice(0, 10) : '',
      label(CITY_POOL_LABELS, t.cityPool),
    ]);
    return { rows, state: page.nextCursor ? { cursor: page.nextCursor } : null };
  },
};

/** `org.listBranchPoints`: a branch's teaching points. */
const pointsSource: Source = {
  headers: ['教学点名称', '地址', '负责人', '负责人职务', '示范教学点', '状态', '在册学员', '课程数'],
  open: async (f, ctx) => {
    if (!f.branchId) throw invalidArgument('请选择分校');
    await runAs(listBranchPoints, { branchId: f.branchId, limit: 1 }, ctx);
    return `${await branchName(ctx.db, f.branchId)}教学点`;
  },
  page: async (f, ctx, state) => {
    const page = await runAs(listBranchPoints, { branchId: f.branchId!, limit: PAGE, cursor: state.cursor as string | undefined }, ctx);
    const rows = page.items.map((p): Cell[] => [p.name, p.address, p.leaderName, p.leaderTitle, p.isDemo ? '是' : '否', p.active ? '正常' : '已停用', p.learnerCount, p.courseCount]);
    return { rows, state: page.nextCursor ? { cursor: page.nextCursor } : null };
  },
};

/** `school.demoMeter`: demonstration points and their courses held against the 24 a year. */
const demoSource: Source = {
  headers: ['示范教学点', '已开课（次）', '全年要求（次）', '按进度应开（次）', '每月还需（次）', '是否落后'],
  open: async (f, ctx) => {
    await runAs(demoMeter, { year: needYear(f), branchId: f.branchId }, ctx);
    return `${f.branchId ? await branchName(ctx.db, f.branchId) : '全市'}${needYear(f)}年示范教学点`;
  },
  page: async (f, ctx) => {
    const r = await runAs(demoMeter, { year: needYear(f), branchId: f.branchId }, ctx);
    return { rows: r.items.map((i) => [i.pointName, i.held, i.required, i.expectedByNow, i.neededPerMonth, i.behind ? '落后' : '正常']), state: null };
  },
};

/** `school.checklistSummary`: 四化八有 items approved per point (a branch) or per branch (the city). */
const checklistSource: Source = {
  headers: ['单位', '已通过（项）', '应达标（项）', '完成率'],
  open: async (f, ctx) => {
    await runAs(checklistSummary, { year: needYear(f), branchId: f.branchId }, ctx);
    return `${f.branchId ? await branchName(ctx.db, f.branchId) : '全市'}${needYear(f)}年四化八有达标`;
  },
  page: async (f, ctx) => {
    const r = await runAs(checklistSummary, { year: needYear(f), branchId: f.branchId }, ctx);
    const pct = (a: number, t: number) => (t ? `${Math.round((a / t) * 100)}%` : '');
    return { rows: [...r.items.map((i): Cell[] => [i.unitName, i.approved, i.total, pct(i.approved, i.total)]), ['合计', r.approved, r.total, pct(r.approved, r.total)]], state: null };
  },
};

/** `resource.manageList`: a unit's published resources with their use. */
const resourcesSource: Source = {
  headers: ['资源名称', '类型', '主题', '上传单位', '精品', '播放（次）', '学完（次）', '分享（次）', '发布时间'],
  open: async (f, ctx) => {
    await runAs(manageList, { pointId: f.pointId, branchId: f.branchId, status: 'published', limit: 1 }, ctx);
    return '课程资源';
  },
  page: async (f, ctx, state) => {
    const page = await runAs(manageList, { pointId: f.pointId, branchId: f.branchId, status: 'published', limit: PAGE, cursor: state.cursor as string | undefined }, ctx);
    const kinds: Record<string, string> = { video: '视频', audio: '音频', ebook: '电子书', animation: '动画', slides: '课件' };
    const rows = page.items.map((r): Cell[] => [r.title, kinds[r.kind] ?? r.kind, label(TOPIC_LABELS, r.topic), r.unitName, r.premium ? '是' : '否', r.views, r.completions, r.shares, localTime(r.publishedAt)]);
    return { rows, state: page.nextCursor ? { cursor: page.nextCursor } : null };
  },
};

const CHECKLIST_STATUS_LABELS: Record<string, string> = { missing: '未提交', submitted: '待审核', approved: '已通过', needs_work: '需完善', rejected: '未通过' };
const PLAN_STATUS_LABELS: Record<string, string> = { none: '未制定', draft: '草稿', submitted: '待审核', returned: '已退回', approved: '已通过' };

/** `school.archive`: the figures of a point's yearly archive (档案记载), the same as its Word document. */
const archiveSource: Source = {
  headers: ['部分', '项目', '数值'],
  open: async (f, ctx) => {
    if (!f.pointId) throw invalidArgument('请选择教学点');
    const a = await runAs(archive, { pointId: f.pointId, year: needYear(f) }, ctx);
    return `${a.point.name}${a.year}年档案`;
  },
  page: async (f, ctx) => {
    const a = await runAs(archive, { pointId: f.pointId!, year: needYear(f) }, ctx);
    const rows: Cell[][] = [
      ['教学点', '名称', a.point.name],
      ['教学点', '所属分校', a.point.branchName],
      ['教学点', '负责人', `${a.point.leaderName}（${a.point.leaderTitle}）`],
      ['教学点', '示范教学点', a.demo.isDemo ? (a.demo.title ?? '是') : '否'],
      ['教学计划', '状态', label(PLAN_STATUS_LABELS, a.plan.status)],
      ['教学计划', '计划课程（次）', a.plan.planned],
      ['教学计划', '已开课（次）', a.plan.held],
      ...a.plan.months.map((m): Cell[] => ['教学计划', `${m.month}月 计划/已开`, `${m.planned}/${m.held}`]),
      ...a.courses.map((c): Cell[] => ['已开课程', `${localTime(c.startsAt)} ${c.title}（${label(TOPIC_LABELS, c.topic)}）`, c.attendance]),
      ['已开课程', '签到人次合计', a.attendance],
      ['学员', '在册学员', a.learners.total],
      ...[...a.learners.byGender, ...a.learners.byAge, ...a.learners.byOccupation].map((g): Cell[] => ['学员', g.label, g.count]),
      ...a.volunteers.teams.map((t): Cell[] => ['志愿服务', `${t.name}（队员）`, t.memberCount]),
      ['志愿服务', '志愿活动（次）', a.volunteers.activities],
      ['志愿服务', '认定服务时长（小时）', a.volunteers.approvedHours],
      ['科普答题', '参与（人次）', a.quiz.participations],
      ['科普答题', '科学达人（人）', a.quiz.titles],
      ...a.checklist.items.map((i): Cell[] => ['四化八有', i.label, `${label(CHECKLIST_STATUS_LABELS, i.status)}，照片${i.evidenceCount}张`]),
      ['四化八有', '已通过/应达标', `${a.checklist.complete}/${a.checklist.total}`],
      ...a.demo.history.map((h): Cell[] => ['示范教学点历程', localTime(h.at), [h.title, h.reason].filter(Boolean).join('：')]),
    ];
    return { rows, state: null };
  },
};

export const EXPORT_KINDS = [
  'stats_overview',
  'stats_breakdown',
  'stats_trend',
  'learners',
  'roster',
  'courses',
  'volunteer_hours',
  'teachers',
  'points',
  'demo_points',
  'checklist',
  'resources',
  'archive',
] as const satisfies readonly ExportKind[];

export const SOURCES: Record<ExportKind, Source> = {
  stats_overview: overviewSource,
  stats_breakdown: breakdownSource,
  stats_trend: trendSource,
  learners: learnersSource,
  roster: rosterSource,
  courses: coursesSource,
  volunteer_hours: hoursSource,
  teachers: teachersSource,
  points: pointsSource,
  demo_points: demoSource,
  checklist: checklistSource,
  resources: resourcesSource,
  archive: archiveSource,
};


